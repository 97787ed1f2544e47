import Foundation
import Testing
import Symbolic

/// `--explain`: the sentences come from the rule of each step and the indices of its two lines. They are pinned here
/// to their steps on four derivations (softmax-CE and the softmax's Jacobian in Einstein notation, a network's
/// factor, a squared error typed by the user), so that a sentence said at the wrong step, or of the wrong delta, fails.
@Suite("Output: --explain, why each step is allowed")
struct ExplainTests {
    struct Said { var section: Int; var step: Int; var rule: String; var sentences: [String] }

    static func explained(_ d: Derivation, _ notation: Notation) -> (opening: [String], steps: [Said]) {
        let explainer = Explainer(printer: Printer(notation), context: d.problem.context)
        var out: [Said] = []
        for (n, section) in d.sections.enumerated() {
            for k in section.steps.indices.dropFirst() {
                let s = section.steps[k]
                out.append(Said(section: n, step: k, rule: s.rule,
                                sentences: explainer.explain(rule: s.rule, before: section.steps[k - 1].expr, after: s.expr)))
            }
        }
        return (d.sections.first?.steps.first.map { explainer.opening($0.expr) } ?? [], out)
    }

    static func solved(_ name: String, style: String) throws -> (Derivation, Notation) {
        let p = try #require(Catalog.entry(named: name)).problem()
        let s = try #require(Style.applying(to: p).first { $0.name == style })
        let renamed = try p.named(s.names)
        return (try Derivation.derive(renamed, style: s), s.notation(for: renamed))
    }

    /// The steps whose sentences say `phrase`.
    static func steps(_ said: [Said], saying phrase: String) -> [Said] { said.filter { $0.sentences.contains { $0.contains(phrase) } } }

    @Test func softmaxCEInEinsteinNotation() throws {
        let (d, n) = try ExplainTests.solved("softmax-ce", style: "einstein")
        let (opening, said) = ExplainTests.explained(d, n)
        #expect(opening.first?.hasPrefix("In Einstein notation an index repeated in a product is summed over (here $i$). Written out, this line is") == true)
        #expect(opening.first?.contains(#"\sum_i y_i \log \hat{y}_i"#) == true)
        // A delta is said to be contracted exactly at the steps that contract one, and each names its own.
        let contracted = ExplainTests.steps(said, saying: "is contracted:")
        #expect(contracted.map(\.rule) == ["delta-contract", "delta-contract"])
        #expect(said.filter { $0.rule.hasPrefix("delta-contract") }.count == contracted.count)
        #expect(contracted.first?.sentences.first == #"$\delta_{kp}$ is contracted: $p$ is a dummy index (repeated, so summed) confined to this term, and the delta is 0 unless $p = k$. So of the sum over $p$ only the term $p = k$ is left: $p$ becomes $k$."#)
        #expect(contracted.last?.sentences.first?.hasPrefix(#"$\delta_{ik}$ is contracted: $i$ is a dummy index"#) == true)
        // Where the deltas appear, why one waits and the other may go.
        let created = try #require(said.first { $0.rule == "d-var" })
        #expect(created.sentences.contains(#"$\delta_{ik}$ is kept for now: the sum over $i$ also covers terms without the delta, so it is contracted only once it stands in a term of its own."#))
        #expect(created.sentences.contains { $0.hasPrefix(#"$\delta_{kp}$ can be contracted: $p$ is summed"#) })
        // Splitting the sum gives the delta a term of its own.
        #expect(ExplainTests.steps(said, saying: #"$\delta_{ik}$ can be contracted"#).map(\.rule) == ["sum-split"])
        // The implied sum that a term breaks, and the assumption used.
        #expect(ExplainTests.steps(said, saying: #"The sum over $i$ is written out: in $-y_i \hat{y}_k$ the index stands once"#).map(\.rule) == ["expand"])
        #expect(ExplainTests.steps(said, saying: #"$\sum_i y_i = 1$: $\mathbf{y}$ is one-hot"#).map(\.rule) == ["sum-to-one"])
    }

    @Test func theSoftmaxJacobianKeepsTheDeltaOfItsFreeIndices() throws {
        let (d, n) = try ExplainTests.solved("softmax-jacobian", style: "einstein")
        let said = ExplainTests.explained(d, n).steps
        let kept = ExplainTests.steps(said, saying: #"$\delta_{ij}$ is kept: neither $i$ nor $j$ is summed here"#)
        #expect(kept.map(\.rule) == ["d-var"])
        #expect(ExplainTests.steps(said, saying: "is contracted:").allSatisfy { $0.rule.hasPrefix("delta-contract") })
        #expect(ExplainTests.steps(said, saying: #"$\delta_{jp}$ is contracted: $p$ is a dummy index"#).count == 1)
        #expect(!said.contains { $0.sentences.contains { $0.contains(#"$\delta_{ij}$ is contracted"#) } })
    }

    /// The network's factor dh_c/dt_d: the delta of c and d stays there, both being free; in the product of the
    /// factors c and d are summed, and there it is contracted.
    @Test func aNetworkKeepsTheDeltaBetweenLayers() throws {
        let (d, n) = try ExplainTests.solved("mlp", style: "backprop")
        let said = ExplainTests.explained(d, n).steps
        let kept = ExplainTests.steps(said, saying: #"$\delta_{cd}$ is kept: neither $c$ nor $d$ is summed here"#)
        #expect(kept.count == 1)
        #expect(kept.first?.rule == "d-var")
        #expect(kept.first.map { d.sections[$0.section].lhs.map { Printer(n).print($0) } } == #"\frac{\partial h_c}{\partial t_d}"#)
        let contracted = ExplainTests.steps(said, saying: #"$\delta_{cd}$ is contracted"#)
        #expect(contracted.count == 1)
        #expect(contracted.allSatisfy { $0.rule.hasPrefix("delta-contract") && $0.section != kept.first?.section })
    }

    /// A loss of the user's, in explicit sums: the contraction is said in the words of explicit sums.
    @Test func aSquaredErrorOfTheUsers() throws {
        let p = try Problem.parse(loss: #"\frac{1}{2} \sum_i (w_i x_i - t_i)^2"#, wrt: "w_k")
        let d = try Derivation.derive(p)
        let said = ExplainTests.explained(d, Notation.latex).steps
        let contracted = ExplainTests.steps(said, saying: "is contracted:")
        #expect(!contracted.isEmpty)
        #expect(contracted.allSatisfy { $0.rule.hasPrefix("delta-contract") })
        #expect(contracted.first?.sentences.contains { $0.contains("$i$ is a dummy index, summed over, confined to this term") && $0.hasSuffix("$i$ becomes $k$.") } == true)
        #expect(ExplainTests.steps(said, saying: "Power rule").map(\.rule) == ["d-power"])
    }
}
