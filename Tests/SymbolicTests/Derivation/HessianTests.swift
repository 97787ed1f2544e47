import Foundation
import Testing
import Symbolic

/// Second derivatives: derived rule by rule from the checked gradient, checked, and given in matrix notation.
@Suite("Derivation: second derivatives")
struct HessianTests {
    /// The matrix-notation line of a Hessian, printed with column vectors.
    static func matrixLine(_ d: Derivation) throws -> (String, Expr) {
        let step = try #require(d.sections.last?.steps.last)
        let m = try #require(step.matrix, "no matrix form: \(d.sections.last?.steps.first?.note ?? "")")
        return (MatrixPrinter(Printer(.latex), convention: .column).print(m), step.expr)
    }

    /// `expected` (index or matrix notation, with free indices k and l) against the derivation's result and its
    /// matrix line, by value.
    static func agree(_ d: Derivation, _ p: Problem, _ expected: Expr) throws {
        let (_, line) = try matrixLine(d)
        var entry = line
        if case .array(_, let body) = line { entry = body }
        let check = try Validator(context: p.context, seed: 11).validate(reference: expected, against: [d.result, entry], free: ["k", "l"])
        #expect(check.checks[0].verdict == .valid, "\(Printer(.unicode).print(d.result))")
        #expect(check.checks[1].verdict == .valid, "\(Printer(.unicode).print(entry))")
    }

    @Test func softmaxCrossEntropyGivesDiagMinusOuter() throws {
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem()
        let d = try Derivation.hessian(p, by: try Parser.parseVariable(#"\theta_l"#))
        #expect(try d.validate(p).passed)
        // The labels are gone: the one-hot sum took them in the gradient.
        #expect(!d.result.symbols.contains(Symbol("y")))
        try HessianTests.agree(d, p, try Parser.parse(#"\hat{y}_k \delta_{kl} - \hat{y}_k \hat{y}_l"#))
        let (printed, _) = try HessianTests.matrixLine(d)
        #expect(printed == #"\operatorname{diag}\left(\hat{\mathbf{y}}\right) - \hat{\mathbf{y}} \hat{\mathbf{y}}^{T}"#)
    }

    @Test func theSameVariableTwiceTakesANewIndex() throws {
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem()
        let d = try Derivation.hessian(p, by: p.wrt)
        #expect(d.free == ["k", "l"])
    }

    @Test func aQuadraticFormGivesASymmetrisedMatrix() throws {
        let p = try Problem.parse(loss: #"x^T A x"#, wrt: "x")
        let d = try Derivation.hessian(p, by: p.wrt)
        #expect(try d.validate(p).passed)
        let book = try MatrixNotation.read(#"A + A^T"#, shapes: try #require(p.matrix?.shapes), free: ["k", "l"])
        try HessianTests.agree(d, p, book.expr)
    }

    @Test func logisticRegressionGivesXTransposeSX() throws {
        let p = try Problem.parse(loss: #"-y^T \log \sigma(X w) - (\mathbf{1} - y)^T \log(1 - \sigma(X w))"#, wrt: "w")
        let d = try Derivation.hessian(p, by: p.wrt)
        #expect(try d.validate(p).passed)
        let book = try MatrixNotation.read(#"X^T \operatorname{diag}\left(\sigma(X w) \odot (1 - \sigma(X w))\right) X"#,
                                           shapes: try #require(p.matrix?.shapes), free: ["k", "l"])
        try HessianTests.agree(d, p, book.expr)
        let (printed, _) = try HessianTests.matrixLine(d)
        #expect(printed.hasPrefix("X^{T} \\operatorname{diag}"), "\(printed)")
        #expect(printed.hasSuffix(" X"), "\(printed)")
    }

    @Test func aScalarVariableTwice() throws {
        let p = try Problem.parse(loss: #"\log(1 + e^{z})"#, wrt: "z")
        let d = try Derivation.hessian(p, by: p.wrt)
        #expect(try d.validate(p).passed)
        let check = try Validator(context: p.context, seed: 3).validate(reference: try Parser.parse(#"\sigma(z)(1 - \sigma(z))"#), against: [d.result], free: [])
        #expect(check.checks[0].verdict == .valid)
    }

    @Test func byAMatrixIsRefused() throws {
        let p = try Problem.parse(loss: #"\operatorname{tr}(X^T X)"#, wrt: "X")
        #expect(throws: DerivationError.self) { try Derivation.hessian(p, by: p.wrt) }
    }
}
