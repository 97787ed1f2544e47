/// What a check came to, for an exit code and a JSON field: every line checked and right, a line found wrong,
/// or nothing wrong found while something could not be checked.
///
/// ```swift
/// report.status                 // .unchecked
/// report.status.rawValue        // "unchecked"
/// report.uncheckedSummary       // "2 of 4 steps not checked numerically: the function f has no definition to evaluate"
/// ```
public enum CheckStatus: String, Sendable, Codable {
    case passed, failed, unchecked
}

extension ValidationReport {
    public var status: CheckStatus {
        if checks.contains(where: { if case .invalid = $0.verdict { return true }; return false }) { return .failed }
        return passed ? .passed : .unchecked
    }

    /// What was not checked and why, in one line; `nil` when everything was.
    public var uncheckedSummary: String? {
        guard status == .unchecked else { return nil }
        let unverified = checks.compactMap { c -> String? in if case .unverified(let why) = c.verdict { return why }; return nil }
        guard let first = unverified.first else { return "not checked numerically: no sample point could be used" }
        let others = Set(unverified).count > 1 ? " (and \(Set(unverified).count - 1) other reasons)" : ""
        return "\(unverified.count) of \(checks.count) steps not checked numerically: \(first)\(others)"
    }
}
