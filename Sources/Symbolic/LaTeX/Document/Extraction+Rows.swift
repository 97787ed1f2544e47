import Foundation

// MARK: - Rows that leave steps out, and the case the prose puts them in

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

    /// Rows that go on from `previous` hold under its case: its condition ("If $i = j$:" before the first of them)
    /// and its true class ("k is the correct class"), unless the prose names another.
    static func inheritingCase(_ items: [ChainItem], from previous: ChainItem?) -> [ChainItem] {
        guard let previous, previous.condition != nil || previous.trueClass != nil else { return items }
        return items.map { item in
            var item = item
            if item.condition == nil { item.condition = previous.condition }
            // The true class the prose named before the chain holds for the whole chain.
            if item.trueClass == nil { item.trueClass = previous.trueClass }
            return item
        }
    }

    /// "Case 1 : $k \neq j$", "When $i = j$": the condition the prose puts on the next block.
    static func proseCondition(_ prose: String) -> String? {
        // A quoted paragraph is commentary on the steps (derive's own --explain in Markdown), not a case.
        let last = prose.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix(">") }.suffix(3).joined(separator: " ")
        guard last.range(of: #"(?i)\b(cases?|when|if|for|where)\b"#, options: .regularExpression) != nil else { return nil }
        if let r = last.range(of: #"(\$|\\\()\s*(\\ell|[a-z])\s*(=|\\neq|\\ne)\s*(\\ell|[a-z])\s*(\$|\\\))"#, options: .regularExpression) {
            return String(last[r]).trimmingCharacters(in: CharacterSet(charactersIn: "$ ")).replacingOccurrences(of: #"^\\\(\s*|\s*\\\)$"#, with: "", options: .regularExpression)
        }
        // In plain words, right after the word: "## When i = j in Equation (9):".
        guard let r = last.range(of: #"(?i)\b(?:when|if|for)\s+[a-z]\s*=\s*[a-z](?![A-Za-z(])"#, options: .regularExpression) else { return nil }
        return String(last[r].drop { $0 != " " }).trimmingCharacters(in: .whitespaces)
    }

    /// Whether a row of an `align` goes on the expression of the row before: it starts at the alignment mark with a
    /// binary operator (`&\qquad + p_k \sum ...`, `& - c`), or the row before ends in one (`a + b + \\ c`).
    static func continuesRow(_ row: [Character], after previous: String) -> Bool {
        let operators = ["+", "-", "−", "\\cdot", "\\times"]
        let before = previous.trimmingCharacters(in: .whitespacesAndNewlines)
        if operators.contains(where: { before.hasSuffix($0) }) { return true }
        var text = String(row).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("&") else { return false }
        text.removeFirst()
        // Spacing between the mark and the operator.
        var changed = true
        while changed {
            changed = false
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            for space in ["\\qquad", "\\quad", "\\;", "\\,", "\\:", "\\!", "\\phantom{=}", "\\hphantom{=}", "{}"] where text.hasPrefix(space) {
                text.removeFirst(space.count)
                changed = true
            }
        }
        // "&= ..." and "&& ..." are a step and a note, not a continuation.
        return operators.contains { text.hasPrefix($0) }
    }
}
