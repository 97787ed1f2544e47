import Foundation
import Testing
import Symbolic

/// `--format markdown`: web math only, and what it writes reads back. Every catalog problem in every style, with the
/// sentences of `--explain` between the displays (the harder layout: a display split at each), is written with
/// commands KaTeX supports only, and `derive check` reads it back all valid with no flags.
@Suite("Output: Markdown for GitHub, Jupyter and KaTeX")
struct MarkdownTests {
    @Test(arguments: ReadBackTests.cases)
    func everyStyleIsWebMathAndReadsBack(_ name: String, _ styleName: String) throws {
        let problem = try #require(Catalog.entry(named: name)).problem()
        let style = try #require(Style.applying(to: problem).first { $0.name == styleName })
        let renamed = try problem.named(style.names)
        var notation = style.notation(for: renamed)
        notation.explain = true
        let md = try MarkdownFormat().write(try Derivation.derive(renamed, style: style), report: nil, notation: notation)
        #expect(WebMath.unsupported(in: md).isEmpty)
        #expect(!md.contains("\\mathbb") && !md.contains("\\intertext") && !md.contains("align*"))
        #expect(md.contains("$$\n\\begin{aligned}\n"))
        // Every $$ block is closed: an even number of fences.
        #expect(md.components(separatedBy: "$$").count % 2 == 1)
        let r = Checker().check(md)
        let wrong = r.steps.filter { $0.verdict != .valid }.map { "line \($0.line) \($0.verdict): \($0.reason ?? "")" }
        #expect(wrong.isEmpty, "\(name)/\(styleName): \(wrong)")
        #expect(r.final?.verdict == .valid)
    }

    @Test func theWebProfileRefusesWhatKaTeXCannotRender() {
        #expect(WebMath.unsupported(in: #"a \mathbb{1}_{i=j} \intertext{x} \begin{align*} \\ \{ \, \frac{1}{2}"#) == ["\\mathbb", "\\intertext", "{align*}"])
        #expect(WebMath.unsupported(in: #"\begin{aligned} \hat{y}_k - \mathbf{1}_{k=\ell} \end{aligned}"#).isEmpty)
    }

    /// The indicator is written `\mathbf{1}`, and read back as the indicator.
    @Test func theIndicatorInWebMath() throws {
        let problem = try #require(Catalog.entry(named: "softmax-ce-class")).problem()
        let style = try #require(Style.applying(to: problem).first { $0.name == "indicator" })
        let renamed = try problem.named(style.names)
        let md = try MarkdownFormat().write(try Derivation.derive(renamed, style: style), report: nil, notation: style.notation(for: renamed))
        #expect(md.contains(#"\mathbf{1}_{\ell=i}"#) || md.contains(#"\mathbf{1}_{i=\ell}"#))
        #expect(try Parser.parse(#"\mathbf{1}_{i=j}"#) == Parser.parse(#"\mathbb{1}_{i=j}"#))
    }
}
