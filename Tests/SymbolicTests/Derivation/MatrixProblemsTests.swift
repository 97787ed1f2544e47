import Foundation
import Testing
import Symbolic

/// A course's models typed in matrix notation, definitions included: derived, checked, and compared with the
/// answer a course gives in matrix notation.
struct MatrixProblem: CustomTestStringConvertible, Sendable {
    var name: String
    var loss: String
    var wrt: String
    var lets: [String] = []
    var expected: String
    var testDescription: String { name }
}

@Suite("Derivation: models in matrix notation")
struct MatrixProblemsTests {
    static let problems: [MatrixProblem] = [
        MatrixProblem(name: "ridge regression", loss: #"\frac{1}{2N}\|X w - y\|^2 + \frac{\lambda}{2}\|w\|^2"#, wrt: "w",
                      expected: #"\frac{1}{N} X^T (X w - y) + \lambda w"#),
        MatrixProblem(name: "a sigmoid layer by its weights", loss: #"\frac{1}{2}\|h - y\|^2"#, wrt: "W",
                      lets: [#"h = \sigma(z)"#, #"z = W x + b"#], expected: #"(h \odot (1 - h) \odot (h - y)) x^T"#),
        MatrixProblem(name: "a sigmoid layer by its bias", loss: #"\frac{1}{2}\|h - y\|^2"#, wrt: "b",
                      lets: [#"z = W x + b"#, #"h = \sigma(z)"#], expected: #"h \odot (1 - h) \odot (h - y)"#),
        MatrixProblem(name: "two layers by the first", loss: #"\frac{1}{2}\|W_2 h - y\|^2"#, wrt: "W_1",
                      lets: [#"h = \sigma(W_1 x)"#], expected: #"\left(h \odot (1 - h) \odot W_2^T (W_2 h - y)\right) x^T"#),
        MatrixProblem(name: "two layers by the second", loss: #"\frac{1}{2}\|W_2 h - y\|^2"#, wrt: "W_2",
                      lets: [#"h = \sigma(W_1 x)"#], expected: #"(W_2 h - y) h^T"#),
        MatrixProblem(name: "logistic regression over N samples", loss: #"-y^T \log \sigma(X w) - (\mathbf{1} - y)^T \log(\mathbf{1} - \sigma(X w))"#,
                      wrt: "w", expected: #"X^T (\sigma(X w) - y)"#),
        MatrixProblem(name: "logistic regression with a Gaussian prior", loss: #"-y^T \log \sigma(X w) - (1 - y)^T \log(1 - \sigma(X w)) + \frac{1}{2} w^T C^{-1} w"#,
                      wrt: "w", expected: #"X^T (\sigma(X w) - y) + \frac{1}{2}(C^{-1} + C^{-T}) w"#),
        MatrixProblem(name: "a tanh layer", loss: #"\mathbf{1}^T \tanh(W x)"#, wrt: "W", expected: #"(\mathbf{1} - \tanh(W x) \odot \tanh(W x)) x^T"#),
    ]

    @Test(arguments: problems)
    func derivesChecksAndMatchesTheCourse(_ c: MatrixProblem) throws {
        let p = try Problem.parse(loss: c.loss, wrt: c.wrt, lets: c.lets)
        let shapes = try #require(p.matrix?.shapes)
        let d = try Derivation.derive(p)
        let report = try d.validate(p)
        #expect(report.passed, "\(DerivationLayout().failure(d, report) ?? "")")
        let last = try #require(d.sections.last?.steps.last)
        #expect(last.rule == "matrix-form" || last.rule == "vector-form", "no matrix form: \(d.sections.last?.steps.first?.note ?? "")")
        var line = last.expr
        if case .array(_, let body) = line { line = body }
        let course = try MatrixNotation.read(c.expected, shapes: shapes, free: p.free)
        #expect(course.free.count == p.free.count)
        let check = try Validator(context: p.context, seed: 17).validate(reference: .partial(p.loss, wrt: p.wrt), against: [course.expr, d.result, line], free: p.free)
        #expect(check.checks[0].verdict == .valid, "the course's answer itself does not hold: \(c.expected)")
        #expect(check.checks[1].verdict == .valid)
        #expect(check.checks[2].verdict == .valid)
    }

    @Test func definitionsInMatrixNotationTakeTheirShapes() throws {
        let p = try Problem.parse(loss: #"\frac{1}{2}\|h - y\|^2"#, wrt: "W", lets: [#"h = \sigma(z)"#, #"z = W x + b"#])
        #expect(p.matrix?.shapes[Symbol("h")] == .vector)
        #expect(p.matrix?.shapes[Symbol("z")] == .vector)
        #expect(p.wrt == .variable(Symbol("W"), [.named("k"), .named("l")]))
        #expect(p.context.definitions.map(\.indices.count) == [1, 1])
    }
}
