import Foundation
import Testing
import Symbolic

/// Matrix notation read into index form: each reading compared by value with the index notation written by hand,
/// and each refusal with its position.
@Suite("LaTeX: matrix notation")
struct MatrixNotationTests {
    struct Reading: CustomTestStringConvertible, Sendable {
        var matrix: String
        var index: String
        var free: [String] = []
        var testDescription: String { matrix }
    }

    static let readings: [Reading] = [
        Reading(matrix: #"x^T A x"#, index: #"\sum_i \sum_j x_i A_{ij} x_j"#),
        Reading(matrix: #"\mathbf{x}^\top A \mathbf{x}"#, index: #"\sum_i \sum_j x_i A_{ij} x_j"#),
        Reading(matrix: #"\|X w - y\|^2"#, index: #"\sum_n \left(\sum_d X_{nd} w_d - y_n\right)^2"#),
        Reading(matrix: #"\left\lVert w \right\rVert_2"#, index: #"\sqrt{\sum_d w_d^2}"#),
        Reading(matrix: #"\operatorname{tr}(A X B)"#, index: #"\sum_i \sum_j \sum_m A_{ij} X_{jm} B_{mi}"#),
        Reading(matrix: #"\mathrm{tr}(X^T X)"#, index: #"\sum_i \sum_j X_{ij}^2"#),
        Reading(matrix: #"u \cdot v + \langle a, b \rangle"#, index: #"\sum_i u_i v_i + \sum_j a_j b_j"#),
        Reading(matrix: #"\mathbf{1}^T (x \odot y)"#, index: #"\sum_i x_i y_i"#),
        Reading(matrix: #"\log(1 + e^{-y w^T x})"#, index: #"\log\left(1 + e^{-y \sum_d w_d x_d}\right)"#),
        Reading(matrix: #"\sigma(W x + b)"#, index: #"\sigma\left(\sum_j W_{ij} x_j + b_i\right)"#, free: ["i"]),
        Reading(matrix: #"a b^T"#, index: #"a_i b_j"#, free: ["i", "j"]),
        Reading(matrix: #"u \otimes v"#, index: #"u_i v_j"#, free: ["i", "j"]),
        Reading(matrix: #"\operatorname{diag}(v) x"#, index: #"v_i x_i"#, free: ["i"]),
        Reading(matrix: #"I x - x"#, index: "0", free: ["i"]),
        Reading(matrix: #"\operatorname{softmax}(z)"#, index: #"\frac{e^{z_i}}{\sum_m e^{z_m}}"#, free: ["i"]),
        Reading(matrix: #"\frac{\lambda}{2} w^T w"#, index: #"\frac{\lambda}{2} \sum_d w_d w_d"#),
        Reading(matrix: #"W^{(2)T} \delta"#, index: #"\sum_j W^{(2)}_{ji} \delta_j"#, free: ["i"]),
        Reading(matrix: #"x^T C^{-1} x"#, index: #"\sum_i \sum_j x_i C^{-1}_{ij} x_j"#),
        Reading(matrix: #"\operatorname{tr}(X^2)"#, index: #"\sum_i \sum_j X_{ij} X_{ji}"#),
        Reading(matrix: #"\mathbf{1}^T \sigma'(W x)"#, index: #"\sum_i \sigma'\left(\sum_j W_{ij} x_j\right)"#),
        Reading(matrix: #"\sum_n (y_n - w^T x_n)^2"#, index: #"\sum_n \left(y_n - \sum_d w_d x_{nd}\right)^2"#),
        Reading(matrix: #"\nabla_w \frac{1}{2} w^T w"#, index: #"\frac{\partial}{\partial w_k} \frac{1}{2} \sum_d w_d w_d"#, free: ["k"]),
    ]

    @Test(arguments: readings)
    func readsAsTheIndexNotationWrittenByHand(_ r: Reading) throws {
        let m = try MatrixNotation.read(r.matrix, shapes: [Symbol("\\delta"): .vector], free: r.free)
        #expect(m.free.map(\.description) == r.free)
        let hand = try Parser.parse(r.index)
        let check = try Validator(context: Context(), seed: 5).validate(reference: hand, against: [m.expr], free: r.free)
        #expect(check.checks[0].verdict == .valid, "\(Printer(.unicode).print(m.expr)) against \(r.index)")
    }

    @Test func shapesAreInferredFromUse() throws {
        let m = try MatrixNotation.read(#"\lambda \|w\|^2 + (y - X w)^T (y - X w) + c"#)
        #expect(m.shapes[Symbol("w")] == .vector)
        #expect(m.shapes[Symbol("y")] == .vector)
        #expect(m.shapes[Symbol("X")] == .matrix)
        #expect(m.shapes[Symbol("\\lambda")] == .scalar)
        #expect(m.shapes[Symbol("c")] == .scalar)
        // A capital in a denominator is a number of samples, not a matrix.
        let n = try MatrixNotation.read(#"\frac{1}{N} \|X w - y\|^2"#)
        #expect(n.shapes[Symbol("N")] == .scalar)
        // ...and a capital that scales a scalar, where a scalar is wanted.
        let scaled = try MatrixNotation.read(#"N \|w\|^2 + c"#, scalar: true)
        #expect(scaled.shapes[Symbol("N")] == .scalar)
    }

    @Test func dummiesAreNamedInTheOrderTheyAreWritten() throws {
        let m = try MatrixNotation.read(#"a^T X b"#)
        #expect(Printer(.latex).print(m.expr).contains("X_{ij}"))
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var input: String
        var message: String
        var column: Int
        var testDescription: String { input }
    }

    static let refusals: [Refusal] = [
        Refusal(input: #"x^T x + x"#, message: "a column vector added to a scalar", column: 9),
        Refusal(input: #"x^T A x + \mathbf{x} A"#, message: "a column vector times a matrix", column: 22),
        Refusal(input: #"x^T y^T"#, message: "a row vector times a row vector", column: 5),
        Refusal(input: #"\|x\|^2 + x^2"#, message: "a power of a vector", column: 11),
        Refusal(input: #"\log\det(A + B)"#, message: "only that of a matrix named by a symbol", column: 1),
        Refusal(input: #"\det x"#, message: "the determinant of a scalar", column: 1),
        Refusal(input: #"\operatorname{tr}(\mathbf{x})"#, message: "the trace of a column vector", column: 1),
        Refusal(input: #"\frac{x^T x}{x}"#, message: "a denominator must be a scalar", column: 13),
        Refusal(input: #"(A B)^{-1}"#, message: "only a matrix symbol's inverse", column: 6),
    ]

    @Test(arguments: refusals)
    func refusesWithAPosition(_ r: Refusal) {
        do {
            let m = try MatrixNotation.read(r.input)
            Issue.record("read \(r.input) as \(Printer(.unicode).print(m.expr))")
        } catch let e as ParseError {
            #expect(e.message.contains(r.message), "\(e.message)")
            #expect(e.location.column == r.column, "\(e.formatted())")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aGradientByAVectorOrMatrixTakesItsIndices() throws {
        let v = try Problem.parse(loss: #"x^T A x"#, wrt: "x")
        #expect(v.wrt == .variable(Symbol("x"), [.named("k")]))
        let m = try Problem.parse(loss: #"\operatorname{tr}(A X)"#, wrt: #"\nabla_X"#)
        #expect(m.wrt == .variable(Symbol("X"), [.named("k"), .named("l")]))
        let named = try Problem.parse(loss: #"\mathbf{a}^T \mathbf{x}"#, wrt: #"\mathbf{x}"#)
        #expect(named.wrt == .variable(Symbol("x"), [.named("k")]))
    }

    @Test func problemsThatCannotMeanWhatTheySeemAreRefused() {
        // A vector is not a loss; a variable that is not in it; a matrix differentiated by its inverse's entries.
        #expect(throws: DerivationError.self) { try Problem.parse(loss: #"A \mathbf{x}"#, wrt: "x") }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: #"x^T A x"#, wrt: "z") }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: #"x^T A^{-1} x"#, wrt: "A_{ijk}") }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: #"x^T A x"#, wrt: "x_{ij}") }
    }
}
