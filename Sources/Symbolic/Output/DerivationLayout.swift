import Foundation
import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicFunctions
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// Lays out a derivation and its validation as LaTeX, Unicode text or JSON.
///
/// Kept beside `Derivation` rather than in `Render/`, so that the printers stay functions of
/// expressions only and know nothing of steps or reports.
///
/// ```swift
/// let text = DerivationLayout(notation: .latex).latex(derivation, report: report)
/// ```
public struct DerivationLayout: Sendable {
    public var notation: Notation
    public init(notation: Notation = .latex) { self.notation = notation }

    public var printer: Printer { Printer(notation) }
    var text: Printer { var n = notation; n.target = .unicode; return Printer(n) }

    /// An amsmath `align*` block a section, one step a line, each with its rule as a `\text{}` note;
    /// a section after the first opens with a short heading that says what it is. The validation
    /// closes the output as a `%` comment line.
    public func latex(_ d: Derivation, report: ValidationReport?, stated: Bool = true) -> String {
        var blocks: [String] = stated ? statement(d).map { [$0] } ?? [] : []
        for (n, section) in d.sections.enumerated() {
            var lines: [String] = []
            if let h = heading(section, position: n, of: d, displays: true) { lines.append(h); lines.append("") }
            let rows = displayRows(section, of: d)
            if let before = rows.first?.said, !before.isEmpty { lines.append(before.joined(separator: " ")); lines.append("") }
            let fitted = DerivationLayout.fitted(rows, width: DerivationLayout.lineWidth)
            if fitted.shrinks { lines.append("{\\small") }
            lines.append("\\begin{align*}")
            for (k, row) in rows.enumerated() {
                if k > 0, !row.said.isEmpty { lines.append("  \\intertext{" + row.said.joined(separator: " ") + "}") }
                let last = k == rows.count - 1
                for (n, t) in fitted.rows[k].enumerated() { lines.append("  " + t + (last && n == fitted.rows[k].count - 1 ? "" : " \\\\")) }
            }
            lines.append("\\end{align*}")
            if fitted.shrinks { lines.append("}") }
            blocks.append(lines.joined(separator: "\n"))
        }
        if let b = boxed(d) { blocks.append("\\[ " + b + " \\]") }
        var out = blocks.joined(separator: "\n\n")
        if notation.einstein { out = "% " + DerivationLayout.einsteinNote + "\n" + out }
        if let report { out += "\n% " + summary(report) }
        return out + "\n"
    }

    static let einsteinNote = "Einstein notation: an index repeated in a product is summed over."

    /// The boxed result, where the notation repeats it.
    func boxed(_ d: Derivation) -> String? {
        guard notation.boxResult, let main = d.main, let lhs = main.lhs else { return nil }
        return "\\boxed{" + printer.print(lhs) + " = " + printer.print(main.result) + "}"
    }

    /// One row of a section's display: its left side (the derivative, or a new left side), the right side after
    /// `=`, the rule's note, and the sentences of `--explain` that come before it.
    struct DisplayRow {
        var left: String = ""
        var right: String?
        var note: String?
        var said: [String] = []
        /// The left side on a line of its own (the first row), or beside the `=`.
        var breaks = false
        /// The rest of a right side broken over rows: `&\qquad + ...` on a row of its own.
        var continued: String?

        /// `lhs &= expr && \text{note}`, the `\\\\` left to the caller; `overlay` wraps each part for a slide; with
        /// `tagNotes` the note is a `\tag*{}` at the margin.
        func text(overlay: ((String) -> String)? = nil, tagNotes: Bool = false) -> String {
            let wrap = overlay ?? { $0 }
            var out = left.isEmpty ? "" : wrap(left)
            if let right { out += (left.isEmpty ? "" : (breaks ? "\n  " : " ")) + "&" + wrap("= " + right) }
            if let continued { out += "&\\qquad " + wrap(continued) }
            if let note { out += tagNotes ? " \\tag*{" + wrap(note) + "}" : " && " + wrap("\\text{\(note)}") }
            return out
        }
    }

    /// The rows of a section's display. The first row joins the left side and the first step, so what explains
    /// both comes before the display.
    func displayRows(_ section: Section, of d: Derivation) -> [DisplayRow] {
        let why = explanations(section, of: d)
        let merged = section.lhs != nil && section.steps.first?.expr == section.lhs
        var rows: [DisplayRow] = []
        var currentLHS = section.lhs
        for (k, s) in section.steps.enumerated() {
            let shown = show(s, in: .latex)
            if k == 0 {
                let said = why.opening + (merged ? why.steps[1] ?? [] : [])
                // The derivative as its own first line says nothing new: the next line follows the left side.
                if let lhs = section.lhs, s.expr == lhs { rows.append(DisplayRow(left: printer.print(lhs), said: said, breaks: true)); continue }
                if let lhs = section.lhs {
                    rows.append(DisplayRow(left: printer.print(lhs), right: shown, said: said, breaks: true))
                } else {
                    rows.append(DisplayRow(left: shown, said: said))
                }
                continue
            }
            var left = ""
            if let l = s.lhs, l != currentLHS {
                currentLHS = l
                left = printer.print(l)
            }
            let note = escape(s.note ?? s.description)
            if merged && k == 1, var first = rows.popLast() {
                // One display row: the left side, then this step.
                first.right = shown
                first.note = note
                rows.append(first)
            } else {
                rows.append(DisplayRow(left: left, right: shown, note: note, said: why.steps[k] ?? []))
            }
        }
        return rows
    }

    var latexText: Bool { notation.target == .latex }

    /// A line's expression in the notation of the layout, with the line's own presentation.
    func show(_ s: Step, in target: Notation.Target) -> String {
        var n = s.presentation?.applied(to: notation) ?? notation
        n.target = target
        if let m = s.matrix { return MatrixPrinter(Printer(n), convention: n.convention).print(m) }
        return Printer(n).print(s.expr)
    }

    /// Unicode text for terminals: `∂CE/∂θ_k = ...`, one step a line, with its rule; sections apart,
    /// each after its heading.
    public func plain(_ d: Derivation, report: ValidationReport?) -> String {
        var lines: [String] = []
        var plainLayout = self
        plainLayout.notation.target = .unicode
        if let s = plainLayout.statement(d) { lines.append(s); lines.append("") }
        for (n, section) in d.sections.enumerated() {
            if n > 0 { lines.append("") }
            if let h = plainLayout.heading(section, position: n, of: d) { lines.append(h) }
            let why = plainLayout.explanations(section, of: d)
            for w in why.opening { lines.append("  · " + w) }
            let head = section.lhs.map { text.print($0) } ?? ""
            var currentLHS = section.lhs
            // A first line that only repeats the left side is left out.
            let repeats = section.lhs != nil && section.steps.first?.expr == section.lhs && section.steps.count > 1
            let steps = repeats ? Array(section.steps.dropFirst()) : section.steps
            for (k, s) in steps.enumerated() {
                if k == 0, section.lhs == nil { lines.append(show(s, in: .unicode)); continue }
                var lead = k == 0 ? head : String(repeating: " ", count: head.count)
                if let l = s.lhs, l != currentLHS { currentLHS = l; lead = text.print(l) }
                let original = repeats ? k + 1 : k
                if original > 0 { for w in why.steps[original] ?? [] { lines.append(String(repeating: " ", count: head.count) + "  · " + w) } }
                var line = "\(lead) = \(show(s, in: .unicode))"
                if k > 0 || repeats { line += "    [\(s.rule)]" }
                lines.append(line)
            }
        }
        if notation.boxResult, let main = d.main, let lhs = main.lhs {
            lines.append("")
            lines.append("[ \(text.print(lhs)) = \(text.print(main.result)) ]")
        }
        if let report { lines.append(""); lines.append(summary(report)) }
        return lines.joined(separator: "\n") + "\n"
    }

    func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "%", "$", "#", "&", "_": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    /// The sentences of `--explain` for a section: before its first line, and before each step (by its position).
    func explanations(_ section: Section, of d: Derivation) -> (opening: [String], steps: [Int: [String]]) {
        guard notation.explain, let first = section.steps.first else { return ([], [:]) }
        var context = d.problem.context
        for def in section.definitions where context.definition(of: def.symbol) == nil { context.definitions.append(def) }
        let explainer = Explainer(printer: latexText ? printer : text, context: context)
        var steps: [Int: [String]] = [:]
        for k in section.steps.indices.dropFirst() {
            steps[k] = explainer.explain(rule: section.steps[k].rule, before: section.steps[k - 1].expr, after: section.steps[k].expr)
        }
        return (explainer.opening(first.expr), steps)
    }
}
