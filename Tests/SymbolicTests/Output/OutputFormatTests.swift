import Foundation
import Testing
import Symbolic

/// The formats behind the registry: each writes a derivation its own way; those with a form for reports
/// write check reports.
@Suite("Output: the format registry")
struct OutputFormatTests {
    static func softmaxCE() throws -> Derivation {
        try Derivation.derive(try #require(Catalog.entry(named: "softmax-ce")).problem())
    }

    @Test func everyFormatHasOneNameAndIsFound() {
        let names = OutputFormats.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names == ["latex", "markdown", "html", "text", "json", "numpy"])
        for n in names { #expect(OutputFormats.named(n)?.name == n) }
        #expect(OutputFormats.named("pdf") == nil)
        #expect(OutputFormats.reportFormats.map(\.name) == ["html", "text", "json"])
        #expect(OutputFormats.all.filter(\.writesDocuments).map(\.name) == ["latex"])
    }

    @Test func eachFormatWritesTheDerivation() throws {
        let d = try Self.softmaxCE()
        let report = try d.validate(d.problem)
        let latex = try LaTeXFormat().write(d, report: report, notation: .latex)
        // The problem stated first, then the display.
        #expect(latex.hasPrefix("Here $") && latex.contains("is one-hot.\n\n\\begin{align*}") && latex.contains("% check: forward-mode dual numbers"))
        let text = try TextFormat().write(d, report: report, notation: .latex)
        #expect(text.contains("[d-log]") && text.contains("∂CE/∂θ = 𝐲̂ - 𝐲"))
        let json = try JSONFormat().write(d, report: report, notation: .latex)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(doc["problem"] as? String == "softmax-ce")
        #expect((doc["steps"] as? [Any])?.count == d.allSteps.count)
        let numpy = try NumPyFormat().write(d, report: nil, notation: .latex)
        #expect(numpy.contains("def gradient(**inputs):") && numpy.contains("WRT = \"theta\""))
    }

    @Test func reportsAreWrittenByTheFormatsThatHaveAForm() throws {
        let r = Checker(problem: try #require(Catalog.entry(named: "softmax-ce")).problem())
            .check("$$\\frac{\\partial}{\\partial \\theta_k} \\left(-\\sum_i y_i \\log \\hat{y}_i\\right) = \\hat{y}_k - y_k$$")
        #expect(TextFormat().write(r)?.hasPrefix("checked 1 steps: 1 valid") == true)
        #expect(JSONFormat().write(r)?.contains("\"first_invalid\" : null") == true)
        #expect(LaTeXFormat().write(r) == nil && NumPyFormat().write(r) == nil)
    }

    @Test func aTemplateMakesADocument() throws {
        let d = try Self.softmaxCE()
        let doc = try LaTeXFormat().document(d, report: nil, notation: .latex, template: "article")
        #expect(doc.contains("\\documentclass") && doc.contains("Cross-entropy after a softmax: \\(\\frac{\\partial \\mathrm{CE}}{\\partial \\theta_k}\\)"))
        #expect(throws: OutputError.self) { try LaTeXFormat().document(d, report: nil, notation: .latex, template: "no-such-template") }
        #expect(throws: OutputError.self) { try LaTeXFormat().document(d, report: nil, notation: .latex, template: "../etc") }
    }
}
