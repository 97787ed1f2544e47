import Foundation

// MARK: - Equations in prose and in notes: definitions given in passing, and the true class

extension Extraction {
    /// The equations written in inline math, `$A = B$` or `\(A = B\)`, one `=` each: where prose defines
    /// a symbol ("where $p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$"). Display math is not searched.
    ///
    /// ```swift
    /// Extraction.inlineEquations(in: "where $p = 1 - q$.").first?.items.map(\.latex)   // ["p", "1 - q"]
    /// ```
    /// An equation in prose or in a note as a chain of two (a definition), or of three where it then names the
    /// softmax (`$\hat{y} = \text{softmax}(v) = \psi(v)$`); nil for anything else, and for a condition on indices
    /// ("If $i = j$").
    static func definitionChain(_ text: [Character], line: Int) -> Chain? {
        let pieces = splitAtEquals(text, 0)
        let items = pieces.map { String($0.text).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard pieces.count == 2 || (pieces.count == 3 && items[1].contains("softmax")) else { return nil }
        guard items.allSatisfy({ !$0.isEmpty }) else { return nil }
        let index = #"^(\\ell|[a-z])'*$"#
        guard !items.allSatisfy({ $0.range(of: index, options: .regularExpression) != nil }) else { return nil }
        return Chain(items: items.map { ChainItem(latex: $0, line: line) })
    }

    /// The equations of the chains' notes (`\quad \text{since } z_j = \mathbf{w}_j^T \mathbf{x}`), each a chain as
    /// `inlineEquations` gives those of the prose.
    public static func noteEquations(of chains: [Chain]) -> [Chain] {
        chains.flatMap { chain in
            chain.items.flatMap { item in item.noteMath.compactMap { definitionChain(Array($0), line: item.line) } }
        }
    }

    public static func inlineEquations(in text: String) -> [Chain] {
        let chars = Array(text)
        var out: [Chain] = []
        var line = 1
        var i = 0
        var displays = 0
        func starts(_ s: String, at k: Int) -> Bool {
            let a = Array(s)
            return k + a.count <= chars.count && Array(chars[k..<(k + a.count)]) == a
        }
        func add(_ from: Int, _ to: Int, line: Int) {
            if let c = definitionChain(Array(chars[from..<to]), line: line) { out.append(c) }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1; i += 1; continue }
            if c == "\\", i + 1 < chars.count {
                if chars[i + 1] == "[" { displays += 1 } else if chars[i + 1] == "]" { displays = max(0, displays - 1) }
                if chars[i + 1] == "(", displays == 0 {
                    var j = i + 2
                    while j + 1 < chars.count, !(chars[j] == "\\" && chars[j + 1] == ")"), chars[j] != "\n" || chars[j + 1] != "\n" { j += 1 }
                    if j + 1 < chars.count, chars[j] == "\\", chars[j + 1] == ")" { add(i + 2, j, line: line) }
                    line += chars[i..<min(j, chars.count)].filter { $0 == "\n" }.count
                    i = j + 2
                    continue
                }
                if displayEnvironments.contains(where: { starts("\\begin{\($0)}", at: i) }) { displays += 1 }
                if displayEnvironments.contains(where: { starts("\\end{\($0)}", at: i) }) { displays = max(0, displays - 1) }
                i += 2
                continue
            }
            if c == "$" {
                if starts("$$", at: i) {
                    // Display math: skipped whole.
                    var j = i + 2
                    while j + 1 < chars.count, !starts("$$", at: j) { j += 1 }
                    line += chars[i..<min(j, chars.count)].filter { $0 == "\n" }.count
                    i = j + 2
                    continue
                }
                var j = i + 1
                while j < chars.count, chars[j] != "$", !(chars[j] == "\n" && j + 1 < chars.count && chars[j + 1] == "\n") {
                    if chars[j] == "\\" { j += 1 }
                    j += 1
                }
                if j < chars.count, chars[j] == "$", displays == 0 { add(i + 1, j, line: line) }
                line += chars[i..<min(j, chars.count)].filter { $0 == "\n" }.count
                i = j + 1
                continue
            }
            i += 1
        }
        return out
    }

    /// "Assuming $k$ is the correct class", "If $k$ is the true class": the index of the true class of the
    /// one-hot labels in the next block.
    static func proseTrueClass(_ prose: String) -> String? {
        let last = prose.split(separator: "\n", omittingEmptySubsequences: true).suffix(3).joined(separator: " ")
        guard let r = last.range(of: #"\$?\s*(\\ell|[a-z])'*\s*\$?\s+is\s+the\s+(true|correct)\s+class"#, options: [.regularExpression, .caseInsensitive]) else { return nil }
        let match = String(last[r])
        guard let name = match.range(of: #"(\\ell|(?<![a-z])[a-z](?![a-z]))'*"#, options: .regularExpression) else { return nil }
        return String(match[name])
    }

    /// The index of the row or entry the prose just before a display names: "the $j^{th}$ row of Equation (3)",
    /// "the $j$-th component", "row $j$", "entry $i$ of it".
    static func proseComponent(_ prose: String) -> String? {
        let last = prose.split(separator: "\n", omittingEmptySubsequences: true).suffix(2).joined(separator: " ")
        let index = #"(\\ell|(?<![A-Za-z\\])[a-z])"#
        let patterns = [#"\$\s*"# + index + #"\s*(?:\^\{?\s*(?:\\text\{)?th\}?\}?|-th|'th)\s*\$?\s*(?:-th\s+|th\s+)?(?:row|entry|component|element|coordinate)\b"#,
                        #"\b(?:row|entry|component|element|coordinate)\s+\$\s*"# + index + #"\s*\$"#]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            let ns = last as NSString
            if let m = regex.firstMatch(in: last, range: NSRange(location: 0, length: ns.length)) { return ns.substring(with: m.range(at: 1)) }
        }
        return nil
    }

    /// The pieces of a note outside its words (`\text{...}`, `\quad`) that are equations.
    ///
    /// ```swift
    /// Extraction.noteEquations(#"\quad \text{since } z_j = \mathbf{w}_j^T \mathbf{x}"#)   // ["z_j = \mathbf{w}_j^T \mathbf{x}"]
    /// ```
    public static func noteEquations(_ note: String) -> [String] {
        let cs = Array(note)
        var out: [String] = []
        var current = ""
        func flush() {
            let t = current.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ",.;"))
            if t.contains("=") { out.append(t.trimmingCharacters(in: .whitespaces)) }
            current = ""
        }
        func starts(_ w: String, at k: Int) -> Bool {
            let a = Array(w)
            return k + a.count <= cs.count && Array(cs[k..<(k + a.count)]) == a
        }
        var i = 0
        while i < cs.count {
            if let word = ["\\textrm{", "\\text{", "\\mbox{"].first(where: { starts($0, at: i) }) {
                flush()
                i = (Normalization.matching(cs, i + word.count - 1) ?? cs.count - 1) + 1
                continue
            }
            if let space = ["\\qquad", "\\quad"].first(where: { starts($0, at: i) }) {
                flush()
                i += space.count
                continue
            }
            current.append(cs[i])
            i += 1
        }
        flush()
        return out
    }

    /// A row without the prose an `align` puts between its rows (`\intertext{...}`, `\shortintertext{...}`): blanked,
    /// newlines kept, so the offsets and lines of what follows do not move, and its words and inline math are
    /// never read as steps.
    static func withoutInterText(_ row: [Character]) -> [Character] {
        var out = row
        for word in ["\\shortintertext{", "\\intertext{"].map(Array.init) {
            var i = 0
            while i + word.count <= out.count {
                guard Array(out[i..<(i + word.count)]) == word else { i += 1; continue }
                let j = (Normalization.matching(out, i + word.count - 1) ?? out.count - 1) + 1
                for k in i..<j where out[k] != "\n" { out[k] = " " }
                i = j
            }
        }
        return out
    }
}
