import Foundation
import Testing
import Symbolic

/// An identity of the Matrix Cookbook's sections on derivatives of determinants, inverses, linear forms, quadratic
/// forms, traces and norms, typed as people type it: the loss, the variable, and the book's answer in matrix notation.
struct CookbookIdentity: CustomTestStringConvertible, Sendable {
    var section: String
    var loss: String
    var wrt: String
    /// The book's derivative (denominator layout: shaped like the variable), compared by value, not by text.
    var expected: String
    var testDescription: String { "\(section): d(\(loss))/d\(wrt) = \(expected)" }
}

@Suite("Derivation: Matrix Cookbook identities, read in matrix notation")
struct MatrixCookbookTests {
    /// A maker of identities of one section of the book.
    static func section(_ name: String) -> @Sendable (String, String, String) -> CookbookIdentity {
        { CookbookIdentity(section: name, loss: $0, wrt: $1, expected: $2) }
    }
    static let linear = section("linear"), quadratic = section("quadratic"), trace = section("trace"), norm = section("norm"),
               determinant = section("determinant"), inverse = section("inverse")

    static let identities: [CookbookIdentity] = [
        linear(#"x^T a"#, "x", "a"),
        linear(#"a^\top x"#, "x", "a"),
        linear(#"\mathbf{a}^T \mathbf{x}"#, #"\mathbf{x}"#, #"\mathbf{a}"#),
        linear(#"a^T X b"#, "X", #"a b^T"#),
        linear(#"a^T X^T b"#, "X", #"b a^T"#),
        linear(#"a^T X a"#, "X", #"a a^T"#),
        linear(#"a^T X b"#, "b", #"X^T a"#),
        linear(#"a^{\mathsf{T}} X b"#, "a", #"X b"#),
        linear(#"\mathbf{1}^T x"#, "x", #"\mathbf{1}"#),
        quadratic(#"b^T X^T X c"#, "X", #"X(b c^T + c b^T)"#),
        quadratic(#"(Bx + b)^T C (Dx + d)"#, "x", #"B^T C (D x + d) + D^T C^T (B x + b)"#),
        quadratic(#"x^T B x"#, "x", #"(B + B^T) x"#),
        quadratic(#"b^T X^T D X c"#, "X", #"D^T X b c^T + D X c b^T"#),
        quadratic(#"(X b + c)^T D (X b + c)"#, "X", #"(D + D^T)(X b + c) b^T"#),
        quadratic(#"(x - s)^T W (x - s)"#, "x", #"(W + W^T)(x - s)"#),
        quadratic(#"(x - s)^T W (x - s)"#, "s", #"-(W + W^T)(x - s)"#),
        quadratic(#"(x - A s)^T W (x - A s)"#, "x", #"(W + W^T)(x - A s)"#),
        quadratic(#"(x - A s)^T W (x - A s)"#, "s", #"-A^T (W + W^T)(x - A s)"#),
        quadratic(#"a^T x x^T b"#, "x", #"(a b^T + b a^T) x"#),
        quadratic(#"\|A x - b\|^2"#, "x", #"2 A^T (A x - b)"#),
        quadratic(#"\left\| X a - b \right\|_2^2"#, "X", #"2 (X a - b) a^T"#),
        trace(#"\operatorname{tr}(X)"#, "X", "I"),
        trace(#"\operatorname{tr}(X A)"#, "X", #"A^T"#),
        trace(#"\mathrm{tr}(A X B)"#, "X", #"A^T B^T"#),
        trace(#"\operatorname{Tr}(A X^T B)"#, "X", #"B A"#),
        trace(#"\text{tr}(X^T A)"#, "X", "A"),
        trace(#"\operatorname{tr}\left(A X^\top\right)"#, "X", "A"),
        trace(#"\operatorname{tr}(X^2)"#, "X", #"2 X^T"#),
        trace(#"\operatorname{tr}(X^2 B)"#, "X", #"(X B + B X)^T"#),
        trace(#"\operatorname{tr}(X^T B X)"#, "X", #"B X + B^T X"#),
        trace(#"\operatorname{tr}(B X X^T)"#, "X", #"B X + B^T X"#),
        trace(#"\operatorname{tr}(X X^T B)"#, "X", #"B X + B^T X"#),
        trace(#"\operatorname{tr}(X B X^T)"#, "X", #"X B^T + X B"#),
        trace(#"\operatorname{tr}(B X^T X)"#, "X", #"X B^T + X B"#),
        trace(#"\operatorname{tr}(X^T X B)"#, "X", #"X B^T + X B"#),
        trace(#"\operatorname{tr}(A X B X)"#, "X", #"A^T X^T B^T + B^T X^T A^T"#),
        trace(#"\operatorname{tr}(X^T X)"#, "X", #"2 X"#),
        trace(#"\operatorname{tr}(X X^T)"#, "X", #"2X"#),
        trace(#"\operatorname{tr}(B^T X^T C X B)"#, "X", #"C^T X B B^T + C X B B^T"#),
        trace(#"\operatorname{tr}(X^T B X C)"#, "X", #"B X C + B^T X C^T"#),
        trace(#"\operatorname{tr}(A X B X^T C)"#, "X", #"A^T C^T X B^T + C A X B"#),
        trace(#"\operatorname{tr}\left[(A X B + C)(A X B + C)^T\right]"#, "X", #"2 A^T (A X B + C) B^T"#),
        trace(#"\operatorname{tr}(X^3)"#, "X", #"3 (X^2)^T"#),
        norm(#"\|x - a\|_2"#, "x", #"\frac{x - a}{\|x - a\|_2}"#),
        norm(#"\|x\|_2^2"#, "x", "2 x"),
        norm(#"\lVert X \rVert_F^2"#, "X", "2 X"),
        norm(#"\|\mathbf{x}\|"#, #"\mathbf{x}"#, #"\frac{\mathbf{x}}{\|\mathbf{x}\|}"#),
        determinant(#"\det(X)"#, "X", #"\det(X) X^{-T}"#),
        determinant(#"\det X^T"#, "X", #"\det(X) (X^{-1})^T"#),
        determinant(#"\log\det(X)"#, "X", #"X^{-T}"#),
        determinant(#"\ln \det X"#, "X", #"(X^T)^{-1}"#),
        determinant(#"\operatorname{logdet}(X)"#, "X", #"X^{-T}"#),
        determinant(#"\det(X^{-1})"#, "X", #"-\det(X^{-1}) X^{-T}"#),
        determinant(#"\det(X)^2"#, "X", #"2 \det(X)^2 X^{-T}"#),
        determinant(#"\frac{1}{\det X}"#, "X", #"-\frac{1}{\det X} X^{-T}"#),
        determinant(#"\log\det\Sigma + (x - m)^T \Sigma^{-1} (x - m)"#, #"\Sigma"#, #"\Sigma^{-T} - \Sigma^{-T} (x - m)(x - m)^T \Sigma^{-T}"#),
        inverse(#"a^T X^{-1} b"#, "X", #"-X^{-T} a b^T X^{-T}"#),
        inverse(#"a^T X^{-1} a"#, "X", #"-X^{-T} a a^T X^{-T}"#),
        inverse(#"\operatorname{tr}(A X^{-1} B)"#, "X", #"-(X^{-1} B A X^{-1})^T"#),
        inverse(#"\operatorname{tr}(X^{-1})"#, "X", #"-(X^{-1} X^{-1})^T"#),
        inverse(#"\operatorname{tr}(X^{-1} A)"#, "X", #"-X^{-T} A^T X^{-T}"#),
        inverse(#"x^T A^{-1} x"#, "x", #"(A^{-1} + A^{-T}) x"#),
        inverse(#"(x - m)^T S^{-1} (x - m)"#, "m", #"-(S^{-1} + S^{-T})(x - m)"#),
    ]

    @Test func theTableIsLargeEnough() {
        #expect(Self.identities.count >= 40)
    }

    @Test(arguments: identities)
    func derivesValidatesAndMatchesTheBook(_ c: CookbookIdentity) throws {
        let p = try Problem.parse(loss: c.loss, wrt: c.wrt)
        let shapes = try #require(p.matrix?.shapes)
        let d = try Derivation.derive(p)
        #expect(!d.result.contains { if case .derivative = $0 { return true }; return false }, "derivatives left in \(d.result)")
        // 1. Every step, and the line in matrix notation, agrees with the dual-number derivative.
        // Fewer points than the command line draws: the judge sums nested traces entry by entry (issue 15 makes it fast).
        let report = try d.validate(p, minimumPoints: 24, sizeConfigurations: 4)
        #expect(report.passed, "\(DerivationLayout().failure(d, report) ?? "")")
        // 2. The result is given in matrix notation.
        let last = try #require(d.sections.last?.steps.last)
        #expect(last.rule == "matrix-form" || last.rule == "vector-form", "no matrix form: \(d.sections.last?.steps.first?.note ?? "")")
        // 3. The book's answer, read by the same reader, equals the derivative and the line in matrix notation.
        let book = try MatrixNotation.read(c.expected, shapes: shapes, free: p.free)
        #expect(book.free.count == p.free.count, "the book's answer has the wrong shape")
        let check = try Validator(context: p.context, seed: 99)
            .validate(reference: .partial(p.loss, wrt: p.wrt), against: [book.expr, d.result, MatrixCookbookTests.entry(last.expr)], free: p.free)
        #expect(check.checks[0].verdict == .valid, "the book's answer itself does not hold: \(c.expected)")
        #expect(check.checks[1].verdict == .valid)
        #expect(check.checks[2].verdict == .valid)
    }

    /// The entry of an array line (`[...]_{k,l}`), which the vector-form and matrix-form lines are.
    static func entry(_ e: Expr) -> Expr {
        if case .array(_, let body) = e { return body }
        return e
    }

    @Test(.enabled(if: Python.available, "needs python3 with numpy (apt-get install python3-numpy)"), arguments: identities.filter { $0.section != "linear" })
    func numpyModuleKeepsTheShapeAndAgreesWithFiniteDifferences(_ c: CookbookIdentity) throws {
        let p = try Problem.parse(loss: c.loss, wrt: c.wrt)
        let d = try Derivation.derive(p)
        let module = try NumPyFormat.module(problem: p, gradient: d.result)
        let (status, output) = try checkNumPy(module)
        #expect(status == 0, "\(output)\n\(module)")
        #expect(output.hasPrefix("numpy-check:"))
    }
}
