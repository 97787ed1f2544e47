import Foundation
import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicFunctions
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

// MARK: - A derivation as JSON: steps, rules, per-step checks, figures

extension DerivationLayout {
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
        /// Comparisons only rounding could judge (their terms cancel): neither passes nor failures.
        var withinRounding: Int
        /// The user's functions drawn at random at each point, c0 + c1 u + c2 u^2/2 + c3 exp(c4 u).
        var drawnFunctions: [String]
    }
    struct DocumentJSON: Codable {
        var problem: String; var lhs: Rendered; var sections: [SectionJSON]; var steps: [StepJSON]; var result: Rendered
        var validation: ValidationJSON?
        /// passed, failed, or unchecked (also when the check was not run).
        var status: CheckStatus
        var unchecked: String?
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
                           relativeTolerance: r.tolerance.relative, absoluteTolerance: r.tolerance.absolute, redrawn: r.redrawn, passed: r.passed,
                           withinRounding: r.withinRounding,
                           drawnFunctions: r.drawnFunctions)
        }
        let doc = DocumentJSON(problem: problem, lhs: Rendered(latex: printer.print(d.lhs), text: text.print(d.lhs)), sections: sections, steps: steps,
                               result: Rendered(latex: printer.print(d.result), text: text.print(d.result)), validation: validation,
                               status: report?.status ?? .unchecked, unchecked: report == nil ? "the numeric check was not run" : report?.uncheckedSummary)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc), let s = String(data: data, encoding: .utf8) else { return "{}\n" }
        return s + "\n"
    }
}
