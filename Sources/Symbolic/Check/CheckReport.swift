import SymbolicLaTeX
import SymbolicNumeric

/// The verdict on one step of a written derivation.
public struct StepVerdict: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case valid, invalid, unverified }
    /// 1-based line of the input at which the step's new expression begins.
    public var line: Int
    public var latex: String
    public var verdict: Kind
    public var reason: String?
    public var counterexample: Counterexample?
    /// The kind of mistake of an invalid step, where a repair of a common kind makes it right ("a sign: ...",
    /// "a dropped term: ...", "a sum taken as 1: ...").
    public var mistake: String? = nil
    /// The expression as derive read it (its sums explicit, a vector written whole at its entry), or why it was
    /// not read: what `--explain-reading` shows, so that a misreading can be seen.
    public var reading: String? = nil
}

/// What `derive check` found.
public struct CheckReport: Sendable {
    public var steps: [StepVerdict]
    /// The final expression of the main derivation compared with what it derives.
    public var final: StepVerdict?
    public var repaired: Bool
    public var repairNotes: [String]
    public var einstein: Bool
    /// Definitions read from the document, as `line N: latex`.
    public var definitions: [String]
    /// Blocks of display math that could not be read at all, with their positions.
    public var problems: [ParseError] = []
    /// Whether the layouts show each step's reading (`--explain-reading`).
    public var showsReadings = false

    public init(steps: [StepVerdict], final: StepVerdict?, repaired: Bool, repairNotes: [String], einstein: Bool, definitions: [String],
                problems: [ParseError] = []) {
        self.steps = steps
        self.final = final
        self.repaired = repaired
        self.repairNotes = repairNotes
        self.einstein = einstein
        self.definitions = definitions
        self.problems = problems
    }

    public var firstInvalid: StepVerdict? { steps.first { $0.verdict == .invalid } }
    public var hasInvalid: Bool { firstInvalid != nil || final?.verdict == .invalid }

    /// Failed where a step or the result is wrong; unchecked where none is, but a step or the result could not
    /// be judged or a block of math could not be read; passed only where every step and the result were judged right.
    public var status: CheckStatus {
        if hasInvalid { return .failed }
        if steps.contains(where: { $0.verdict == .unverified }) || final?.verdict == .unverified || !problems.isEmpty { return .unchecked }
        return .passed
    }

    /// What could not be judged and why, in one line; `nil` when everything was.
    public var uncheckedSummary: String? {
        guard status == .unchecked else { return nil }
        let open = steps.filter { $0.verdict == .unverified }
        var parts: [String] = []
        if let first = open.first {
            parts.append("\(open.count) of \(steps.count) steps not judged (first, line \(first.line): \(first.reason ?? "no reason given"))")
        }
        if final?.verdict == .unverified { parts.append("the result not compared with the derivative") }
        if !problems.isEmpty { parts.append("\(problems.count) blocks of math not read") }
        return parts.joined(separator: "; ")
    }
}

/// Why a line of a document is not judged, in words for the report.
struct CheckError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
