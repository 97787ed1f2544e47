import Foundation
import Testing
import Symbolic

/// derive's own solutions, read back by `derive check` with no flags, as a student or a grader would check a page
/// the tool printed: every step and the result valid. The output states its problem ("Here CE = ... and ...;
/// y is one-hot."), so the reader has the definitions and the assumptions the steps use. Without that sentence
/// the step `\hat{y}_k \sum_i y_i - y_k = \hat{y}_k - y_k` is rightly refuted (y is not known to sum to one), and
/// the steps that put a definition in are not judged.
@Suite("Check: derive's own solutions read back")
struct ReadBackTests {
    static let cases: [(String, String)] = Catalog.entries.flatMap { entry -> [(String, String)] in
        guard let p = try? entry.problem() else { return [] }
        return Style.applying(to: p).map { (entry.name, $0.name) }
    }

    @Test(arguments: ReadBackTests.cases)
    func everyStyleReadsBackValid(_ name: String, _ styleName: String) throws {
        let entry = try #require(Catalog.entry(named: name))
        let problem = try entry.problem()
        let style = try #require(Style.applying(to: problem).first { $0.name == styleName })
        let renamed = try problem.named(style.names)
        let d = try Derivation.derive(renamed, style: style)
        let latex = DerivationLayout(notation: style.notation(for: renamed)).latex(d, report: nil)
        #expect(latex.hasPrefix("Here ") || latex.hasPrefix("% Einstein notation"), "\(name)/\(styleName) does not state its problem")
        let r = Checker().check(latex)
        let wrong = r.steps.filter { $0.verdict != .valid }.map { "line \($0.line) \($0.verdict): \($0.reason ?? "")" }
        #expect(wrong.isEmpty, "\(name)/\(styleName): \(wrong)")
        #expect(r.steps.count >= 4)
        #expect(r.final?.verdict == .valid, "\(name)/\(styleName): \(String(describing: r.final))")
    }

    /// The statement is what makes the one-hot step judged: without it, and with the loss under a name that is not the
    /// cross-entropy's, that step is found wrong, with a counterexample. Under the name CE alone the labels sum to one,
    /// as a cross-entropy's do, and the step is right (the lines that need the softmax's definition are not judged).
    @Test func withoutTheStatementTheOneHotStepIsRefuted() throws {
        let d = try Derivation.derive(try #require(Catalog.entry(named: "softmax-ce")).problem())
        let latex = DerivationLayout().latex(d, report: nil)
        let body = try #require(latex.range(of: "\\begin{align*}")).lowerBound
        let stated = Checker().check(latex)
        let named = Checker().check(String(latex[body...]))
        #expect(!named.steps.contains { $0.verdict == .invalid })
        #expect(named.steps.contains { $0.verdict == .valid && $0.latex.contains("\\hat{y}_k - y_k") })
        #expect(named.definitions.contains { $0.contains("sums to one") })
        let bare = Checker().check(String(latex[body...]).replacingOccurrences(of: "\\mathrm{CE}", with: "L"))
        #expect(stated.steps.allSatisfy { $0.verdict == .valid })
        let refuted = try #require(bare.steps.first { $0.verdict == .invalid })
        #expect(refuted.latex.contains("\\hat{y}_k - y_k"))
        #expect(refuted.counterexample != nil)
    }
}
