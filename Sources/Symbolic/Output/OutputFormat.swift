import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicRender

/// A way of writing what derive found: a derivation (with its validation) and, where the format has
/// one, the report on a checked document. Each format is one type; `OutputFormats` lists them, and the
/// command line asks it.
///
/// ```swift
/// let json = OutputFormats.named("json")
/// try json?.write(derivation, report: report, notation: .latex)
/// ```
public protocol OutputFormat: Sendable {
    /// Its name on the command line: `--format latex`.
    var name: String { get }
    /// What it writes, in a few words.
    var summary: String { get }
    /// Whether it writes whole documents from a template (`--template article`).
    var writesDocuments: Bool { get }
    /// A derivation, with its validation where there is one, in `notation`.
    func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String
    /// A check report, or `nil` where the format has no form for one.
    func write(_ r: CheckReport) -> String?
    /// Whether it writes check reports.
    var writesReports: Bool { get }
}

extension OutputFormat {
    public var writesDocuments: Bool { false }
    public func write(_ r: CheckReport) -> String? { nil }
    /// Whether it writes check reports.
    public var writesReports: Bool { write(CheckReport.empty) != nil }
}

/// Every output format, in the order help lists them.
public enum OutputFormats {
    public static let all: [any OutputFormat] = [LaTeXFormat(), MarkdownFormat(), HTMLFormat(), TextFormat(), JSONFormat(), NumPyFormat()]

    /// The format of that name.
    public static func named(_ name: String) -> (any OutputFormat)? { all.first { $0.name == name } }

    /// The formats that write check reports.
    public static var reportFormats: [any OutputFormat] { all.filter(\.writesReports) }
}

extension CheckReport {
    /// A report of nothing, to ask a format whether it writes reports.
    static let empty = CheckReport(steps: [], final: nil, repaired: false, repairNotes: [], einstein: false, definitions: [])
}

/// A derivation that a format cannot write (the NumPy format, a result it has no code for).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
