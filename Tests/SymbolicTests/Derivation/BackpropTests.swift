import Foundation
import Testing
import Symbolic
@testable import SymbolicCheck

/// Backpropagation through the Einstein-notation homework's network and the logistic-regression homework's logistic regression: each result, in index form and in
/// matrix notation, against the document's own final answer (its slips corrected), numerically.
@Suite("Backpropagation")
struct BackpropTests {
    struct Answer: Sendable, CustomStringConvertible {
        var problem: String
        var wrt: String
        /// The document's answer in index notation (repeated indices summed, as the documents write them).
        var index: String
        /// The document's answer in matrix notation, with row vectors.
        var matrix: String
        var description: String { "\(problem) by \(wrt)" }
    }

    /// the Einstein-notation homework (2.c, 2.g): dJ/dx, dJ/dW^(2), dJ/db^(2), dJ/dW^(1), dJ/db^(1). the Einstein-notation homework writes W^T for W^{(2)T} in the last one.
    /// the logistic-regression homework: Q2 for the log-likelihood, Q3 (its y_j is y_{nj}, sample by sample), Q4 (its sum over k is not there:
    /// only w_j's own term of the prior has w_j in it).
    static let answers: [Answer] = [
        Answer(problem: "mlp", wrt: "x_k", index: #"[\hat{y} - y]_b W_{cb}^{(2)} \sigma'(t_c) W_{kc}^{(1)}"#,
               matrix: #"(\hat{y} - y) W^{(2)T} \circ \sigma'(t) W^{(1)T}"#),
        Answer(problem: "mlp", wrt: "W^{(2)}_{cd}", index: #"h_c [\hat{y}_d - y_d]"#, matrix: #"h^T [\hat{y} - y]"#),
        Answer(problem: "mlp", wrt: "b^{(2)}_c", index: #"\hat{y}_c - y_c"#, matrix: #"\hat{y} - y"#),
        Answer(problem: "mlp", wrt: "W^{(1)}_{fg}", index: #"x_f [\hat{y} - y]_b W^{(2)}_{gb} \sigma'(t_g)"#,
               matrix: #"x \otimes [(\hat{y} - y)W^{(2)T} \circ \sigma'(t)]"#),
        Answer(problem: "mlp", wrt: "b^{(1)}_c", index: #"[\hat{y} - y]_b W^{(2)}_{cb} \sigma'(t_c)"#,
               matrix: #"(\hat{y} - y)W^{(2)T} \circ \sigma'(t)"#),
        Answer(problem: "logreg", wrt: "w_{jd}", index: #"x_d [y_j - \hat{y}_j]"#, matrix: #"(y - \hat{y}) \otimes x"#),
        Answer(problem: "logreg-samples", wrt: "w_{jd}", index: #"-[-\hat{y}_{nj} + y_{nj}] x_{nd}"#, matrix: #"(\hat{Y} - Y)^T X"#),
        Answer(problem: "logreg-map", wrt: "w_{jf}",
               index: #"\frac{1}{2} (C^{-1}_{fe} + C^{-1}_{ef}) w_{je} + (\hat{y}_{nj} - y_{nj}) x_{nf}"#,
               matrix: #"\frac{1}{2} W (C^{-T} + C^{-1}) + (\hat{Y} - Y)^T X"#),
    ]

    /// Symbols with one index are vectors, with two matrices.
    static func ranks(_ p: Problem) -> [Symbol: Int] {
        var out: [Symbol: Int] = [:]
        func note(_ e: Expr) {
            _ = e.postwalk { n in
                if case .variable(let s, let idx) = n, !idx.isEmpty { out[s] = max(out[s] ?? 0, idx.count) }
                return n
            }
        }
        note(p.loss)
        note(p.wrt)
        for d in p.context.definitions { note(d.body); note(d.lhs) }
        return out
    }

    @Test(arguments: answers)
    func resultsMatchTheDocuments(_ a: Answer) throws {
        let p = try #require(Catalog.entry(named: a.problem)).problem(wrt: a.wrt)
        let d = try Derivation.derive(p, style: .backprop)
        #expect(try d.validate(p, minimumPoints: 12, sizeConfigurations: 3).passed)
        guard case .variable(_, let idx) = p.wrt else { Issue.record("no variable"); return }
        // The document's index form, its repeated indices summed.
        let free = Set(idx)
        let parsed = try Parser.parse(a.index, options: ParseOptions(checksIndices: false))
        let entries = Checker.componentwise(parsed, indices: idx, ranks: BackpropTests.ranks(p)) ?? parsed
        let index = Einstein.explicit(entries, protected: free)
        // The document's matrix form, read back entry by entry.
        let matrix = try Parser.parseMatrix(a.matrix, ranks: BackpropTests.ranks(p), convention: .row).entry(at: idx)
        let ours = d.result
        let v = Validator(context: p.context, seed: 5, minimumPoints: 12, sizeConfigurations: 3)
        let report = try v.validate(reference: .partial(p.loss, wrt: p.wrt), against: [index, matrix, ours], free: idx.compactMap(\.name))
        for (n, what) in ["the index form", "the matrix form", "our result"].enumerated() {
            #expect(report.checks[n].verdict == .valid, "\(a): \(what): \(report.checks[n].verdict)")
        }
        // And our own matrix line means the same: its meaning in indices is validated with the rest.
        if !(idx.count == 1 && ours.vectorForm(index: idx[0]) != nil) {
            #expect(d.sections.contains { $0.kind == .matrix }, "\(a): no matrix form")
        }
    }

    /// The numpy module of each result agrees with central finite differences of the loss.
    @Test(.enabled(if: Python.available, "needs python3 with numpy (apt-get install python3-numpy)"), arguments: answers)
    func numpyAgreesWithFiniteDifferences(_ a: Answer) throws {
        let p = try #require(Catalog.entry(named: a.problem)).problem(wrt: a.wrt)
        let d = try Derivation.derive(p, style: .backprop)
        let (status, output) = try checkNumPy(try NumPyFormat.module(problem: p, gradient: d.result))
        #expect(status == 0, "\(a): \(output)")
    }

    /// the Einstein-notation homework's way: the chain of every factor first, each factor derived, then put together.
    @Test func theChainComesFirst() throws {
        let p = try #require(Catalog.entry(named: "mlp")).problem()
        let d = try Derivation.derive(p, style: .backprop)
        #expect(d.sections.map(\.kind) == [.main, .lemma, .lemma, .lemma, .lemma, .lemma, .combination, .matrix])
        let chain = DerivationLayout(notation: Style.backprop.notation).printer.print(try #require(d.sections.first?.result))
        #expect(chain == #"\frac{\partial J}{\partial \hat{y}_a} \frac{\partial \hat{y}_a}{\partial v_b} \frac{\partial v_b}{\partial h_c} \frac{\partial h_c}{\partial t_d} \frac{\partial t_d}{\partial x_k}"#)
        // The delta of the softmax's Jacobian stays (both its indices are free); the sigmoid's too, until the end.
        let results = d.sections.filter { $0.kind == .lemma }.map { Printer(.latex).print($0.result) }
        #expect(results.contains(#"\hat{y}_a \delta_{ab} - \hat{y}_a \hat{y}_b"#))
        #expect(results.contains(#"\sigma'(t_c) \delta_{cd}"#))
        // --all reuses the factors: the gradient by W^{(2)} derives only its own last factor.
        let all = try #require(Catalog.entry(named: "mlp"))
        let both = try Derivation.derive([try all.problem(wrt: "x_k"), try all.problem(wrt: "W^{(2)}_{cd}")], style: .backprop)
        #expect(both.sections.filter { $0.kind == .lemma }.count == 6)
    }

    /// Deep networks derive one layer at a time and validate; each layer adds a bounded number of lines.
    @Test(arguments: [3, 10])
    func deepNetworksValidate(_ layers: Int) throws {
        let entry = Catalog.network(layers: layers)
        let p = try entry.problem(wrt: "W^{(1)}_{fg}")
        let d = try Derivation.derive(p, style: .backprop)
        let report = try d.validate(p, minimumPoints: layers > 5 ? 4 : 12, sizeConfigurations: layers > 5 ? 2 : 3)
        #expect(report.passed, "\(layers) layers: \(DerivationLayout().summary(report))")
        // Linear in the depth: the lines per layer do not grow.
        let deeper = try Derivation.derive(try Catalog.network(layers: layers * 2).problem(wrt: "W^{(1)}_{fg}"), style: .backprop)
        #expect(deeper.allSteps.count <= 2 * d.allSteps.count + 20)
        #expect(deeper.allSteps.map(\.expr.size).max() ?? 0 <= (d.allSteps.map(\.expr.size).max() ?? 0) + 8)
    }

    /// Definitions that make no sense are refused with a reason.
    @Test(arguments: [
        ([#"h_c = \sigma(h_c)"#], #"-\sum_c y_c \log h_c"#, "uses itself"),
        ([#"t_d = \sum_k x_k W_{kd}"#], #"t_d y_d z_d"#, "appears three times in one product"),
        ([#"t_d = x_d + W_{kd}"#], #"\sum_d t_d"#, "neither on its left side nor summed over"),
    ])
    func nonsenseIsRefused(_ lets: [String], _ loss: String, _ reason: String) {
        #expect {
            try Problem.parse(loss: loss, wrt: "x_k", lets: lets)
        } throws: { e in
            "\(e)".contains(reason)
        }
    }
}
