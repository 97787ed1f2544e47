import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicRender

/// Unicode text for terminals: one step a line with its rule; a check report line by line.
public struct TextFormat: OutputFormat {
    public init() {}
    public let name = "text"
    public let summary = "Unicode text, one step a line with its rule"

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        DerivationLayout(notation: notation).plain(d, report: report)
    }

    public func write(_ r: CheckReport) -> String? { CheckLayout.text(r) }
}
