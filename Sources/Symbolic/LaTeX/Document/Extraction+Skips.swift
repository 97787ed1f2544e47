import Foundation

// MARK: - Rows that leave steps out

extension Extraction {
    /// `&\dots \rightarrow X` (steps left out, then X): X goes on from the row before, as `= X` would; the steps left
    /// out change nothing, so X must still equal what came before.
    ///
    /// ```swift
    /// String(Extraction.skippedSteps(Array(#"\dots \rightarrow x"#)))   // "             = x"
    /// ```
    static func skippedSteps(_ row: [Character]) -> [Character] {
        let s = String(row)
        let pattern = #"^\s*(?:\\[lc]?dots|\\dotsb|\.\.\.)\s*\\(?:rightarrow|Rightarrow|to|longrightarrow|Longrightarrow|implies|leadsto)(?![A-Za-z])"#
        guard let r = s.range(of: pattern, options: .regularExpression) else { return row }
        let n = s[r].count
        guard n >= 1, n <= row.count else { return row }
        return Array(repeating: " ", count: n - 1) + ["="] + Array(row[n...])
    }
}
