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
        MatrixProblem(name: "least squares over samples written as a sum", loss: #"\sum_n (y_n - w^T x_n)^2"#, wrt: "w",
                      expected: #"2 X^T (X w - y)"#),
        MatrixProblem(name: "word2vec naive softmax by the centre vector", loss: #"-\log \frac{\exp(u_o^T v_c)}{\sum_{w} \exp(u_w^T v_c)}"#,
                      wrt: "v_c", expected: #"\sum_w \frac{\exp(u_w^T v_c)}{\sum_x \exp(u_x^T v_c)} u_w - u_o"#),
        MatrixProblem(name: "word2vec naive softmax by an outside vector", loss: #"-\log \frac{\exp(u_o^T v_c)}{\sum_{w} \exp(u_w^T v_c)}"#,
                      wrt: "u_w", expected: #"\frac{\exp(u_w^T v_c)}{\sum_x \exp(u_x^T v_c)} v_c - \delta_{ow} v_c"#),
        MatrixProblem(name: "word2vec negative sampling by the centre vector",
                      loss: #"-\log \sigma(u_o^T v_c) - \sum_{s=1}^{S} \log \sigma(-u_s^T v_c)"#, wrt: "v_c",
                      expected: #"(\sigma(u_o^T v_c) - 1) u_o + \sum_{s=1}^{S} (1 - \sigma(-u_s^T v_c)) u_s"#),
        MatrixProblem(name: "a tanh RNN through two steps, by the recurrent weights", loss: #"\frac{1}{2}\|h^{(2)} - y\|^2"#, wrt: "W_{hh}",
                      lets: [#"h^{(1)} = \tanh(W_{hh} h^{(0)} + W_{xh} x^{(1)})"#, #"h^{(2)} = \tanh(W_{hh} h^{(1)} + W_{xh} x^{(2)})"#],
                      expected: #"((h^{(2)} - y) \odot (\mathbf{1} - h^{(2)} \odot h^{(2)})) h^{(1)T} + \left(W_{hh}^T ((h^{(2)} - y) \odot (\mathbf{1} - h^{(2)} \odot h^{(2)})) \odot (\mathbf{1} - h^{(1)} \odot h^{(1)})\right) h^{(0)T}"#),
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
        // A vector of a family (v_c) is given in index notation only, for now.
        if p.loss.freeIndices.isEmpty {
            #expect(last.rule == "matrix-form" || last.rule == "vector-form", "no matrix form: \(d.sections.last?.steps.first?.note ?? "")")
        }
        var line = last.expr
        if case .array(_, let body) = line { line = body }
        // The answer's own indices: those of the variable the loss does not fix (k of v_{ck}, c being the loss's).
        let lossFree = Set(p.loss.freeIndices.compactMap(\.name))
        var slots = p.free.filter { !lossFree.contains($0) }
        if p.matrix?.whole(p.wrt) == nil, case .variable(_, let idx) = p.wrt, let last = idx.last?.name { slots = [last] }
        let course = try MatrixNotation.read(c.expected, shapes: shapes, free: slots)
        #expect(course.free.count == slots.count)
        let check = try Validator(context: p.context, seed: 17).validate(reference: .partial(p.loss, wrt: p.wrt), against: [course.expr, d.result, line], free: p.free)
        #expect(check.checks[0].verdict == .valid, "the course's answer itself does not hold: \(c.expected)")
        #expect(check.checks[1].verdict == .valid)
        #expect(check.checks[2].verdict == .valid)
    }

    @Test func vectorsOfAFamilyAreReadByTheirSubscript() throws {
        let p = try Problem.parse(loss: #"-\log \sigma(u_o^T v_c)"#, wrt: "v_c")
        #expect(p.matrix?.shapes[Symbol("u")] == .matrix)
        #expect(p.wrt == .variable(Symbol("v"), [.named("c"), .named("k")]))
        // A capital with a subscript is a matrix named so, not an entry.
        let q = try Problem.parse(loss: #"\|W_1 x\|^2"#, wrt: "W_1")
        #expect(q.wrt == .variable(Symbol("W", label: "1", labelBelow: true), [.named("k"), .named("l")]))
    }

    @Test func definitionsInMatrixNotationTakeTheirShapes() throws {
        let p = try Problem.parse(loss: #"\frac{1}{2}\|h - y\|^2"#, wrt: "W", lets: [#"h = \sigma(z)"#, #"z = W x + b"#])
        #expect(p.matrix?.shapes[Symbol("h")] == .vector)
        #expect(p.matrix?.shapes[Symbol("z")] == .vector)
        #expect(p.wrt == .variable(Symbol("W"), [.named("k"), .named("l")]))
        #expect(p.context.definitions.map(\.indices.count) == [1, 1])
    }
}
