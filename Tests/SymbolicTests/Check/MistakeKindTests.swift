import Foundation
import Testing
import Symbolic

/// The kind of mistake said beside a wrong step's counterexample: each kind on a step that makes it, the repair
/// judged like the step itself. A right step has no kind, and a step wrong in some other way has none.
@Suite("Check: the kind of a mistake")
struct MistakeKindTests {
    static func kind(_ math: String) -> String? {
        let r = Checker().check("$$" + math + "$$\n")
        return r.steps.first { $0.verdict == .invalid }?.mistake
    }

    @Test(arguments: [
        (#"\frac{\partial}{\partial x} (x^3 + x) = -3x^2 - 1"#, "a sign: the line is the negative of line 1"),
        (#"\frac{\partial}{\partial x} x^3 = x^2"#, "a factor: the line is 1/3 times line 1"),
        (#"\frac{\partial}{\partial x} (x^3 - x^2) = 3x^2 + 2x"#, "a sign: the term $2 x$ should have the opposite sign"),
        (#"\frac{\partial}{\partial x} (x^3 + e^x) = 3x^2"#, #"a dropped term: $\frac{\partial}{\partial x} e^{x}$ of line 1 is missing"#),
        (#"\frac{\partial}{\partial x} x^3 = 3x^2 + x"#, "a term too many: $x$ is not in line 1"),
        (#"\sum_{i \neq k} a_i + 2 = 3"#, #"a sum taken as 1: $\sum_{i \neq k} a_i$ is 1 only if $\mathbf{a}$ sums to one, which nothing says"#),
        (#"\sum_i a_i (\delta_{ik} - b_k) = a_k - a_k b_k"#, #"a delta contracted too early: $\delta_{ik}$ was contracted over the whole sum over $i$, but that sum also covers terms without it, which keep their sum"#),
    ])
    func eachKind(_ step: String, _ kind: String) {
        #expect(MistakeKindTests.kind(step) == kind)
    }

    @Test func rightStepsAndOtherMistakesHaveNoKind() {
        let right = Checker().check(#"$$\sum_i a_i (\delta_{ik} - b_k) = a_k - b_k \sum_i a_i$$"#)
        #expect(right.steps.map(\.verdict) == [.valid])
        #expect(right.steps.allSatisfy { $0.mistake == nil })
        // x^3 for 3x^2 is no sign, factor or term: it is wrong, with a counterexample and no kind.
        let r = Checker().check(#"$$\frac{\partial}{\partial x} x^3 = x^3$$"#)
        #expect(r.steps.first?.verdict == .invalid)
        #expect(r.steps.first?.counterexample != nil)
        #expect(r.steps.first?.mistake == nil)
    }

    /// The one-hot sum on a sum that is not over all the classes: the logistic-regression homework's step (12).
    @Test func theHomeworksSumOverTheOtherClasses() {
        let doc = #"""
        Here $y$ is one-hot.

        $$\mathbf{x} [(-\sigma(z_{1:K}, j) \sum_{k \in [1, K] \setminus j} y_k) + y_j] = \mathbf{x} [(-\sigma(z_{1:K}, j) + y_j)]$$
        """#
        let r = Checker().check(doc)
        let wrong = r.steps.first { $0.verdict == .invalid }
        #expect(wrong?.mistake == #"a sum taken as 1: $\sum_{k \neq j} y_k$ is not over all the entries, and only the sum over all of them is 1"#)
        #expect(CheckLayout.text(r).contains("  kind: a sum taken as 1"))
        #expect(CheckLayout.json(r).contains(#""mistake" : "a sum taken as 1"#))
    }
}
