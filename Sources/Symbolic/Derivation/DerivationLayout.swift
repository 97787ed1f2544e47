import Foundation

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

    var printer: Printer { Printer(notation) }
    var text: Printer { var n = notation; n.target = .unicode; return Printer(n) }

    /// An amsmath `align*` block, one step a line, each with its rule as a `\text{}` note, and the
    /// validation as a closing `%` comment line.
    public func latex(_ d: Derivation, report: ValidationReport?) -> String {
        var lines = ["\\begin{align*}"]
        if notation.einstein { lines.insert("% Einstein notation: an index repeated in a product is summed over.", at: 0) }
        var currentLHS = d.lhs
        for (n, s) in d.steps.enumerated() {
            var line = "  "
            if n == 0 {
                line += printer.print(d.lhs) + "\n  "
            } else if let l = s.lhs, l != currentLHS {
                currentLHS = l
                line += printer.print(l) + " "
            }
            line += "&= " + printer.print(s.expr)
            if n > 0 { line += " && \\text{\(escape(s.note ?? s.description))}" }
            if n < d.steps.count - 1 { line += " \\\\" }
            lines.append(line)
        }
        lines.append("\\end{align*}")
        if let report { lines.append("% " + summary(report)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Unicode text for terminals: `∂CE/∂θ_k = ...`, one step a line, with its rule.
    public func plain(_ d: Derivation, report: ValidationReport?) -> String {
        let head = text.print(d.lhs)
        var lines: [String] = []
        var currentLHS = d.lhs
        for (n, s) in d.steps.enumerated() {
            var lead = n == 0 ? head : String(repeating: " ", count: head.count)
            if let l = s.lhs, l != currentLHS { currentLHS = l; lead = text.print(l) }
            var line = "\(lead) = \(text.print(s.expr))"
            if n > 0 { line += "    [\(s.rule)]" }
            lines.append(line)
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
        let line = "step \(n) [\(d.steps[n].rule)]: \(text.print(d.steps[n].expr))"
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
        var check: CheckJSON?
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
        var problem: String; var lhs: Rendered; var steps: [StepJSON]; var result: Rendered; var validation: ValidationJSON?
    }

    /// JSON with the steps (LaTeX, text, rule), the result and the validation figures; keys sorted.
    public func json(_ d: Derivation, problem: String, report: ValidationReport?) -> String {
        let steps = d.steps.enumerated().map { n, s -> StepJSON in
            var check: CheckJSON?
            if let r = report, n < r.checks.count {
                let c = r.checks[n]
                switch c.verdict {
                case .valid: check = CheckJSON(verdict: "valid", maxRelativeError: c.maxRelativeError, comparisons: c.comparisons)
                case .invalid(let ce): check = CheckJSON(verdict: "invalid", maxRelativeError: c.maxRelativeError, comparisons: c.comparisons, counterexample: ce)
                case .unverified(let why): check = CheckJSON(verdict: "unverified", maxRelativeError: 0, comparisons: 0, reason: why)
                }
            }
            return StepJSON(latex: printer.print(s.expr), text: text.print(s.expr), rule: s.rule, description: s.description, note: s.note, check: check)
        }
        let validation = report.map { r in
            ValidationJSON(method: r.method, seed: r.seed, points: r.points, comparisons: r.comparisons, sizes: r.sizeSummary,
                           maxRelativeError: r.maxRelativeError, maxAbsoluteError: r.maxAbsoluteError,
                           relativeTolerance: r.tolerance.relative, absoluteTolerance: r.tolerance.absolute, redrawn: r.redrawn, passed: r.passed)
        }
        let doc = DocumentJSON(problem: problem, lhs: Rendered(latex: printer.print(d.lhs), text: text.print(d.lhs)), steps: steps,
                               result: Rendered(latex: printer.print(d.result), text: text.print(d.result)), validation: validation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc), let s = String(data: data, encoding: .utf8) else { return "{}\n" }
        return s + "\n"
    }
}
