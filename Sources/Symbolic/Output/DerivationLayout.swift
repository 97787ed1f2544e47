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
    public func latex(_ d: Derivation, report: ValidationReport?) -> String {
        var blocks: [String] = []
        for (n, section) in d.sections.enumerated() {
            var lines: [String] = []
            if let h = heading(section, position: n, of: d) { lines.append(h); lines.append("") }
            lines.append("\\begin{align*}")
            var currentLHS = section.lhs
            let steps = section.steps
            for (k, s) in steps.enumerated() {
                var line = "  "
                let shown = show(s, in: .latex)
                if k == 0, let lhs = section.lhs, s.expr == lhs {
                    // The derivative as its own first line says nothing new: the next line follows the left side.
                    lines.append(line + printer.print(lhs))
                    continue
                }
                if k == 0 {
                    if let lhs = section.lhs {
                        line += printer.print(lhs) + "\n  &= " + shown
                    } else {
                        line += shown
                    }
                } else {
                    if let l = s.lhs, l != currentLHS {
                        currentLHS = l
                        line += printer.print(l) + " "
                    }
                    line += "&= " + shown + " && \\text{\(escape(s.note ?? s.description))}"
                }
                if k < steps.count - 1 { line += " \\\\" }
                lines.append(line)
            }
            lines.append("\\end{align*}")
            blocks.append(lines.joined(separator: "\n"))
        }
        if notation.boxResult, let main = d.main, let lhs = main.lhs {
            blocks.append("\\[ \\boxed{" + printer.print(lhs) + " = " + printer.print(main.result) + "} \\]")
        }
        var out = blocks.joined(separator: "\n\n")
        if notation.einstein { out = "% Einstein notation: an index repeated in a product is summed over.\n" + out }
        if let report { out += "\n% " + summary(report) }
        return out + "\n"
    }

    /// What a section is, in a few words before it; `nil` for a derivation in one chain.
    func heading(_ section: Section, position: Int, of d: Derivation) -> String? {
        guard d.sections.count > 1 else { return nil }
        func math(_ e: Expr) -> String { latexText ? "$" + printer.print(e) + "$" : text.print(e) }
        switch section.kind {
        case .lemma:
            let after = position > 0 && d.sections[position - 1].kind == .lemma
            // A result that gets a name (the adjoint \bar{t}_c of backpropagation) says so.
            if let lhs = section.lhs, let name = section.definitions.first(where: { $0.body == lhs }) {
                return (after ? "Next, " : "First, ") + math(.variable(name.symbol, name.indices)) + " = " + math(lhs) + ":"
            }
            return (after ? "Next, " : "First, ") + (section.lhs.map(math) ?? "") + ":"
        case .main:
            // Another variable of the same problem (solve --all): by which.
            if let lhs = section.lhs, d.sections[..<position].contains(where: { ($0.kind == .main || $0.kind == .combination) && $0.lhs != nil && $0.lhs != lhs }),
               case .derivative(_, let x) = lhs {
                return "By " + math(x) + ":"
            }
            let lemmas = d.sections[..<position].filter { $0.kind == .lemma }.count
            if lemmas == 0, d.sections[..<position].contains(where: { $0.kind == .example }) { return "In general:" }
            let cases = d.sections[..<position].contains { $0.kind == .term }
            if lemmas > 0 { return lemmas == 1 && !cases ? "Using it:" : "Using them:" }
            if position == 0 { return nil }
            if d.sections[position - 1].kind == .term { return "With both cases:" }
            // After the whole vector: one of its entries.
            if d.sections[position - 1].kind == .display, case .derivative(_, let x)? = section.lhs, x.freeIndices.count == 1,
               let i = x.freeIndices.first {
                return "Its entry " + (latexText ? "$\(printer.indexText(i))$" : printer.indexText(i)) + ":"
            }
            return "Then:"
        case .example:
            let after = position > 0 && d.sections[position - 1].kind == .example
            return (after ? "And " : "For example, ") + (section.lhs.map(math) ?? "") + ":"
        case .term:
            guard let c = section.condition else { return "The term:" }
            let rel = c.isEqual ? "=" : (latexText ? "\\neq" : "≠")
            let cond = "\(printer.indexText(c.lhs)) \(rel) \(printer.indexText(c.rhs))"
            return "For " + (latexText ? "$\(cond)$" : cond) + ":"
        case .combination: return "Putting the terms back:"
        case .display: return "Written out:"
        case .matrix:
            if section.steps.count == 1, let note = section.steps.first?.note {
                // The reason is Unicode text: in LaTeX it stands in a comment line.
                return latexText ? "In index notation, as there is no matrix form:\n% " + note : "In index notation (" + note + "):"
            }
            return "In matrix notation, with " + (notation.convention == .row ? "row" : "column") + " vectors:"
        case .assumption:
            // y_i = \delta_{ik}: k is the true class.
            if section.definitions.count == 1, let d = section.definitions.first, d.indices.count == 1,
               case .delta(let a, let b) = d.body, let i = d.indices.first, a == i || b == i {
                let k = a == i ? b : a
                let show = { (s: String) in self.latexText ? "$" + s + "$" : s }
                return "If " + show(printer.indexText(k)) + " is the true class, " + show(printer.print(.variable(d.symbol, d.indices)) + " = " + printer.print(d.body)) + ":"
            }
            let defs = section.definitions.map { math(.variable($0.symbol, $0.indices)) + " = " + math($0.body) }
            return "With " + defs.joined(separator: ", ") + ":"
        }
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
        for (n, section) in d.sections.enumerated() {
            if n > 0 { lines.append("") }
            if let h = plainLayout.heading(section, position: n, of: d) { lines.append(h) }
            let head = section.lhs.map { text.print($0) } ?? ""
            var currentLHS = section.lhs
            // A first line that only repeats the left side is left out.
            let repeats = section.lhs != nil && section.steps.first?.expr == section.lhs && section.steps.count > 1
            let steps = repeats ? Array(section.steps.dropFirst()) : section.steps
            for (k, s) in steps.enumerated() {
                if k == 0, section.lhs == nil { lines.append(show(s, in: .unicode)); continue }
                var lead = k == 0 ? head : String(repeating: " ", count: head.count)
                if let l = s.lhs, l != currentLHS { currentLHS = l; lead = text.print(l) }
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

    /// `check: forward-mode dual numbers, 59 points (K=2..9), seed 2026, 17 steps: max relative error 8.6e-16, passed`.
    public func summary(_ r: ValidationReport) -> String {
        var s = "check: \(r.method), \(r.points) points (\(r.sizeSummary)), seed \(r.seed), \(r.checks.count) steps, \(r.comparisons) comparisons"
        s += ": max relative error \(DerivationLayout.scientific(r.maxRelativeError)), tolerance \(DerivationLayout.scientific(r.tolerance.relative)) relative"
        if r.redrawn > 0 { s += ", \(r.redrawn) non-finite samples redrawn" }
        let wrong = r.checks.contains { if case .invalid = $0.verdict { return true }; return false }
        s += r.passed ? ", passed" : (wrong ? ", FAILED" : ", not checked")
        return s
    }

    /// A double in short scientific form, the same on every platform: `8.6e-16`.
    public static func scientific(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
        if x == 0 { return "0" }
        return String(format: "%.2g", x)
    }

    /// The failure of a report in words, with its counterexample.
    public func failure(_ d: Derivation, _ r: ValidationReport) -> String? {
        guard let (n, check) = r.firstFailure else { return nil }
        let all = d.allSteps
        guard n < all.count else { return nil }
        let line = "step \(n) [\(all[n].rule)]: \(text.print(all[n].expr))"
        switch check.verdict {
        case .valid: return nil
        case .unverified(let why): return "could not check \(line)\n  reason: \(why)"
        case .invalid(let c):
            return "wrong: \(line)\n" + DerivationLayout.describe(c)
        }
    }

    public static func describe(_ c: Counterexample) -> String {
        var out = "  counterexample: " + (c.sizes.isEmpty ? "scalars" : "sizes " + c.sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        if !c.indices.isEmpty { out += "; indices " + c.indices.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
        if !c.oneHotClass.isEmpty { out += "; true class " + c.oneHotClass.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
        out += "\n  expected \(c.expected), got \(c.actual)\n  inputs:"
        for (k, v) in c.inputs.sorted(by: { $0.key < $1.key }) {
            out += "\n    \(k) = [" + v.prefix(12).map { String(format: "%.6g", $0) }.joined(separator: ", ") + (v.count > 12 ? ", ..." : "") + "]"
        }
        return out
    }

    // MARK: JSON

    struct Rendered: Codable { var latex: String; var text: String }
    struct StepJSON: Codable {
        var latex: String; var text: String; var rule: String; var description: String; var note: String?
        var section: Int
        var check: CheckJSON?
    }
    struct SectionJSON: Codable {
        var kind: String; var lhs: Rendered?; var condition: String?; var steps: Int
    }
    struct CheckJSON: Codable {
        var verdict: String; var maxRelativeError: Double; var comparisons: Int; var reason: String?; var counterexample: Counterexample?
    }
    struct ValidationJSON: Codable {
        var method: String; var seed: UInt64; var points: Int; var comparisons: Int; var sizes: String
        var maxRelativeError: Double; var maxAbsoluteError: Double; var relativeTolerance: Double; var absoluteTolerance: Double
        var redrawn: Int; var passed: Bool
    }
    struct DocumentJSON: Codable {
        var problem: String; var lhs: Rendered; var sections: [SectionJSON]; var steps: [StepJSON]; var result: Rendered
        var validation: ValidationJSON?
    }

    /// JSON with the steps (LaTeX, text, rule), the result and the validation figures; keys sorted.
    public func json(_ d: Derivation, problem: String, report: ValidationReport?) -> String {
        let located = d.sections.enumerated().flatMap { n, section in section.steps.map { (n, $0) } }
        let steps = located.enumerated().map { n, pair -> StepJSON in
            let (section, s) = pair
            var check: CheckJSON?
            if let r = report, n < r.checks.count {
                let c = r.checks[n]
                switch c.verdict {
                case .valid: check = CheckJSON(verdict: "valid", maxRelativeError: c.maxRelativeError, comparisons: c.comparisons)
                case .invalid(let ce): check = CheckJSON(verdict: "invalid", maxRelativeError: c.maxRelativeError, comparisons: c.comparisons, counterexample: ce)
                case .unverified(let why): check = CheckJSON(verdict: "unverified", maxRelativeError: 0, comparisons: 0, reason: why)
                }
            }
            return StepJSON(latex: show(s, in: .latex), text: show(s, in: .unicode), rule: s.rule, description: s.description, note: s.note,
                            section: section, check: check)
        }
        let sections = d.sections.map { s in
            SectionJSON(kind: "\(s.kind)", lhs: s.lhs.map { Rendered(latex: printer.print($0), text: text.print($0)) },
                        condition: s.condition.map { "\($0.lhs) \($0.isEqual ? "=" : "!=") \($0.rhs)" }, steps: s.steps.count)
        }
        let validation = report.map { r in
            ValidationJSON(method: r.method, seed: r.seed, points: r.points, comparisons: r.comparisons, sizes: r.sizeSummary,
                           maxRelativeError: r.maxRelativeError, maxAbsoluteError: r.maxAbsoluteError,
                           relativeTolerance: r.tolerance.relative, absoluteTolerance: r.tolerance.absolute, redrawn: r.redrawn, passed: r.passed)
        }
        let doc = DocumentJSON(problem: problem, lhs: Rendered(latex: printer.print(d.lhs), text: text.print(d.lhs)), sections: sections, steps: steps,
                               result: Rendered(latex: printer.print(d.result), text: text.print(d.result)), validation: validation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc), let s = String(data: data, encoding: .utf8) else { return "{}\n" }
        return s + "\n"
    }
}
