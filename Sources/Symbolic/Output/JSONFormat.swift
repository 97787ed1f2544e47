import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// JSON for programs: the steps with their rules and checks, the result and the figures; keys sorted.
public struct JSONFormat: OutputFormat {
    public init() {}
    public let name = "json"
    public let summary = "JSON: steps, rules, per-step check, figures"

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        DerivationLayout(notation: notation).json(d, problem: d.problem.name, report: report)
    }

    public func write(_ r: CheckReport) -> String? { CheckLayout.json(r) }
}
