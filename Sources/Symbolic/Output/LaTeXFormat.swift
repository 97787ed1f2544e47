import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// LaTeX: an amsmath `align*` block a section, the check as a `%` comment; with a template, a whole
/// document for pdflatex (`templates/article.tex`).
public struct LaTeXFormat: OutputFormat {
    public init() {}
    public let name = "latex"
    public let summary = "an amsmath align* block a section, each step with its rule"
    public var writesDocuments: Bool { true }

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        DerivationLayout(notation: notation).latex(d, report: report)
    }

    /// A whole document from the template `name`: its title says the problem and what is derived, its body
    /// is the derivation, its last line the check (the placeholders are `Templates.placeholders`). The indicator
    /// is the template's `\indicator` where it defines one, else `\mathbf{1}`, which needs no package.
    public func document(_ d: Derivation, report: ValidationReport?, notation: Notation, template name: String) throws -> String {
        let text = try Templates.text(named: name)
        var n = notation
        n.indicatorCommand = text.contains("{\\indicator}") ? "\\indicator" : WebMath.indicator
        let layout = DerivationLayout(notation: n)
        // The problem's name in words, then what is derived, in the derivation's own notation.
        let words = LaTeXFormat.firstClause(d.problem.summary).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let goal = "\\(\(layout.printer.print(d.lhs))\\)"
        let statement = layout.statement(d) ?? ""
        let derivation = layout.latex(d, report: nil, stated: false)
        return try Templates.fill(text, [
            "title": (words.map { Templates.escape($0) + ": " } ?? "The gradient ") + goal,
            "statement": statement, "goal": goal, "derivation": derivation,
            "body": statement.isEmpty ? derivation : statement + "\n\n" + derivation,
            "slides": layout.slides(d), "check": report.map { Templates.escape(layout.summary($0)) } ?? "",
        ])
    }

    /// A summary up to its first comma outside brackets: "a two-layer network (sigmoid, softmax, cross-entropy)".
    static func firstClause(_ summary: String) -> String? {
        var depth = 0
        var out = ""
        for c in summary {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 } else if c == ",", depth == 0 { break }
            out.append(c)
        }
        return out.isEmpty ? nil : out
    }
}
