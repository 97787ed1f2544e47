import Foundation
import SymbolicCore
import SymbolicFunctions

/// One expression of a written derivation, with where it stands in the input.
public struct ChainItem: Sendable, Equatable {
    /// The LaTeX of the expression, cleaned of alignment marks, notes and equation numbers.
    public var latex: String
    /// 1-based line of the input at which the expression begins.
    public var line: Int
    /// A note written after it (`\quad \text{if } i = \ell`), when there is one.
    public var note: String? = nil
    /// The equations of its note outside the note's words (`\quad \text{since } z_j = \mathbf{w}_j^T \mathbf{x}`
    /// gives `z_j = \mathbf{w}_j^T \mathbf{x}`): definitions the author gives in passing.
    public var noteMath: [String] = []
    /// A condition the surrounding prose puts on it ("Case 1: $k \neq j$"), as LaTeX.
    public var condition: String? = nil
    /// The index the prose before it names as the true class ("Assuming $k$ is the correct class").
    public var trueClass: String? = nil
    /// The index of the row the prose before it says the line is ("the $j^{th}$ row of Equation (3)", "entry $j$"):
    /// the line is that component of the vector before it.
    public var component: String? = nil
}

/// `A = B = C ...`: expressions each claimed equal to the one before.
public struct Chain: Sendable, Equatable {
    public var items: [ChainItem]
}

/// Finds display math in a document and the chains of equalities in it.
///
/// Display math is `$$...$$`, `\[...\]`, or an `equation`, `align`, `gather` environment (starred or not);
/// inside, `aligned` and `split` rows are split at `\\`, `&` is dropped, notes (`\quad \text{...}`),
/// `\tag{}` and trailing `(n)` equation numbers are removed, and each row is split at its top-level `=`.
/// A block that starts with `=` continues the chain of the block before it.
///
/// ```swift
/// Extraction.chains(in: "$$ a = b $$\n$$ = c $$").first?.items.map(\.latex)   // ["a", "b", "c"]
/// ```
public enum Extraction {
    /// A block of display math: its text and the character offset where the text starts.
    struct Block {
        var text: [Character]
        var offset: Int
        /// The prose between the previous block and this one ("Case 1: $k \neq j$").
        var prose: String = ""
    }

    static let displayEnvironments = ["equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
                                      "eqnarray", "eqnarray*"]

    /// The display-math blocks, in order.
    static func blocks(_ chars: [Character]) -> [Block] {
        var out: [Block] = []
        var i = 0
        var proseStart = 0
        func add(_ text: ArraySlice<Character>, _ offset: Int, end: Int) {
            let prose = String(chars[min(proseStart, chars.count)..<max(min(proseStart, chars.count), offset - 2)])
            out.append(Block(text: Array(text), offset: offset, prose: prose))
            proseStart = end
        }
        func starts(_ s: String, at k: Int) -> Bool {
            let a = Array(s)
            guard k + a.count <= chars.count else { return false }
            return Array(chars[k..<(k + a.count)]) == a
        }
        while i < chars.count {
            if let (open, close) = [("$$", "$$"), ("\\[", "\\]")].first(where: { starts($0.0, at: i) }) {
                var j = i + open.count
                while j < chars.count, !starts(close, at: j) { j += 1 }
                add(chars[(i + open.count)..<min(j, chars.count)], i + open.count, end: min(j + close.count, chars.count))
                i = min(j + close.count, chars.count)
                continue
            }
            if starts("\\begin{", at: i), let env = displayEnvironments.first(where: { starts("\\begin{\($0)}", at: i) }) {
                let open = "\\begin{\(env)}".count
                let close = "\\end{\(env)}"
                var j = i + open
                while j < chars.count, !starts(close, at: j) { j += 1 }
                add(chars[(i + open)..<min(j, chars.count)], i + open, end: min(j + close.count, chars.count))
                i = min(j + close.count, chars.count)
                continue
            }
            if chars[i] == "$" {
                // Inline math: skipped, it holds remarks rather than steps.
                var j = i + 1
                while j < chars.count, chars[j] != "$", chars[j] != "\n" || (j + 1 < chars.count && chars[j + 1] != "\n") { j += 1 }
                i = j + 1
                continue
            }
            i += 1
        }
        return out
    }

    /// Environments whose `\\` separate rows of a matrix or of cases, not lines of a derivation.
    static let innerEnvironments = ["bmatrix", "pmatrix", "matrix", "vmatrix", "cases", "array", "smallmatrix", "Bmatrix"]
    /// Environments that only lay out lines: their `\begin`/`\end` are dropped.
    static let layoutEnvironments = ["aligned", "split", "align", "align*", "gathered", "alignedat", "gather", "equation", "eqnarray"]

    /// Splits a block into rows at `\\` outside braces and matrices, dropping layout environments.
    static func rows(_ b: Block) -> [(text: [Character], offset: Int)] {
        var rows: [(text: [Character], offset: Int)] = []
        var current: [Character] = []
        var start = b.offset
        var depth = 0, inner = 0
        var i = 0
        let t = b.text
        func word(at k: Int) -> String? {
            // \begin{name} or \end{name} at k: the name.
            for prefix in ["\\begin{", "\\end{"] {
                let p = Array(prefix)
                guard k + p.count < t.count, Array(t[k..<(k + p.count)]) == p else { continue }
                var j = k + p.count
                var name = ""
                while j < t.count, t[j] != "}" { name.append(t[j]); j += 1 }
                return name
            }
            return nil
        }
        while i < t.count {
            let c = t[i]
            if c == "\\", i + 1 < t.count {
                if let name = word(at: i) {
                    let isBegin = t[i + 1] == "b"
                    let length = (isBegin ? "\\begin{" : "\\end{").count + name.count + 1
                    if layoutEnvironments.contains(name) {
                        // Dropped, but it separates rows like a line break.
                        i += length
                        continue
                    }
                    if innerEnvironments.contains(name) { inner += isBegin ? 1 : -1 }
                    current.append(contentsOf: t[i..<min(i + length, t.count)])
                    i += length
                    continue
                }
                if t[i + 1] == "\\", depth == 0, inner <= 0 {
                    rows.append((current, start))
                    current = []
                    i += 2
                    start = b.offset + i
                    continue
                }
                current.append(c)
                current.append(t[i + 1])
                i += 2
                continue
            }
            if c == "{" { depth += 1 }
            if c == "}" { depth = max(0, depth - 1) }
            if current.isEmpty, c.isWhitespace { start = b.offset + i + 1; i += 1; continue }
            current.append(c)
            i += 1
        }
        rows.append((current, start))
        // "a = b, \quad c = d" holds two equations.
        var split: [(text: [Character], offset: Int)] = []
        for r in rows {
            var text = r.text
            var offset = r.offset
            while let q = topLevelQuad(text), String(text[q...]).contains("="), String(text[..<q]).contains("=") {
                split.append((Array(text[..<q]), offset))
                var k = q
                while k < text.count, text[k] != "\\" { k += 1 }
                k = min(k + (String(text[k..<min(k + 6, text.count)]) == "\\qquad" ? 6 : 5), text.count)      // past "\quad" or "\qquad"
                offset += k
                text = Array(text[k...])
            }
            split.append((text, offset))
        }
        return split.filter { !String($0.text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// Position of a `, \quad` or `\quad` (or `\qquad`) at brace depth 0 that is not a note (`\quad \text`).
    static func topLevelQuad(_ t: [Character]) -> Int? {
        var depth = 0
        var i = 0
        while i < t.count {
            if t[i] == "{" { depth += 1 } else if t[i] == "}" { depth -= 1 }
            let width = String(t[i..<min(i + 6, t.count)]) == "\\qquad" ? 6 : 5
            if depth == 0, t[i] == "\\", String(t[i..<min(i + 5, t.count)]) == "\\quad" || width == 6 {
                let after = String(t[min(i + width, t.count)...]).trimmingCharacters(in: .whitespaces)
                if !after.hasPrefix("\\text"), !after.hasPrefix("(") {
                    var j = i
                    if j > 0, t[j - 1] == "," { j -= 1 } else if j > 1, t[j - 1] == " ", t[j - 2] == "," { j -= 2 }
                    return j
                }
            }
            i += 1
        }
        return nil
    }

    /// Where a block of display math cannot be read at all (an unclosed `$$`, unbalanced braces or
    /// environments): its blocks are left out, and when nothing else is readable the document is refused.
    public static func problems(in text: String) -> [ParseError] {
        let chars = Array(text)
        var out: [ParseError] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "$" && chars[j + 1] == "$") { j += 1 }
                if j + 1 >= chars.count {
                    out.append(ParseError("'$$' is never closed", at: i, length: 2, in: text))
                    break
                }
                if let p = imbalance(chars, from: i + 2, to: j) { out.append(ParseError(p.1, at: p.0, in: text)) }
                i = j + 2
                continue
            }
            i += 1
        }
        // Environments outside $$ (\begin{align} ... \end{align}) must close too.
        var open: [(String, Int)] = []
        i = 0
        while i < chars.count {
            if chars[i] == "\\", let (name, isBegin, length) = environmentAt(chars, i) {
                if isBegin { open.append((name, i)) } else if !open.isEmpty { open.removeLast() }
                i += length
                continue
            }
            i += 1
        }
        if let (name, at) = open.first, !out.contains(where: { $0.location.offset <= at }) {
            out.append(ParseError("\\begin{\(name)} is never closed", at: at, length: name.count + 8, in: text))
        }
        return out
    }

    static func environmentAt(_ t: [Character], _ i: Int) -> (String, Bool, Int)? {
        for (prefix, isBegin) in [("\\begin{", true), ("\\end{", false)] {
            let p = Array(prefix)
            guard i + p.count <= t.count, Array(t[i..<(i + p.count)]) == p else { continue }
            var j = i + p.count
            var name = ""
            while j < t.count, t[j] != "}", name.count < 40 { name.append(t[j]); j += 1 }
            return (name, isBegin, j + 1 - i)
        }
        return nil
    }

    /// The first unbalanced brace or environment in `t[from..<to]`, with its offset.
    static func imbalance(_ t: [Character], from: Int, to: Int) -> (Int, String)? {
        var braces: [Int] = []
        var environments: [(String, Int)] = []
        var i = from
        while i < to {
            if t[i] == "\\" {
                if let (name, isBegin, length) = environmentAt(t, i) {
                    if isBegin { environments.append((name, i)) } else if environments.popLast() == nil {
                        return (i, "\\end{\(name)} without a \\begin")
                    }
                    i += length
                    continue
                }
                i += 2
                continue
            }
            if t[i] == "{" { braces.append(i) }
            if t[i] == "}" { if braces.popLast() == nil { return (i, "unbalanced braces: '}' without a matching '{'") } }
            i += 1
        }
        if let b = braces.first { return (b, "unbalanced braces: '{' is never closed") }
        if let (name, at) = environments.first { return (at, "\\begin{\(name)} is never closed") }
        return nil
    }

    /// The chains of a document, with 1-based line numbers of the original text.
    public static func chains(in text: String) -> [Chain] {
        let chars = Array(text)
        var lineOf: [Int] = []
        lineOf.reserveCapacity(chars.count + 1)
        var line = 1
        for c in chars { lineOf.append(line); if c == "\n" { line += 1 } }
        lineOf.append(line)

        var chains: [Chain] = []
        let all = blocks(chars)
        for (b, block) in all.enumerated() where imbalance(block.text, from: 0, to: block.text.count) == nil && !unfinishedBuild(b, of: all) {
            let condition = proseCondition(block.prose)
            let trueClass = proseTrueClass(block.prose)
            let component = proseComponent(block.prose)
            var blockChain: [ChainItem] = []
            var firstRow = true
            for (rowText, rowOffset) in rows(block) {
                let (cleaned, note, noteMath) = clean(unboxed(withoutInterText(rowText)))
                var pieces = splitAtEquals(skippedSteps(cleaned), rowOffset)
                guard !pieces.isEmpty else { continue }
                // A row that goes on the row before (`&\qquad + 2x + 1`, or after a row that ends in `+`): its first
                // part belongs to the last expression, not to a chain of its own.
                if !firstRow, var last = blockChain.last, Extraction.continuesRow(rowText, after: last.latex) {
                    let more = String(pieces[0].text).trimmingCharacters(in: .whitespacesAndNewlines)
                    last.latex += " " + more
                    if pieces.count == 1, let note { last.note = note; last.noteMath = noteMath }
                    blockChain[blockChain.count - 1] = last
                    pieces[0].text = []
                    if pieces.count == 1 { firstRow = false; continue }
                }
                let continues = pieces[0].text.allSatisfy(\.isWhitespace)
                let items = pieces.compactMap { p -> ChainItem? in
                    let s = String(p.text).trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !s.isEmpty else { return nil }
                    let lead = p.text.prefix { $0.isWhitespace }.count
                    return ChainItem(latex: s, line: lineOf[min(p.offset + lead, lineOf.count - 1)])
                }
                var noted = items
                if let note, !noted.isEmpty { noted[noted.count - 1].note = note; noted[noted.count - 1].noteMath = noteMath }
                if let condition { for k in noted.indices { noted[k].condition = condition } }
                if let trueClass { for k in noted.indices { noted[k].trueClass = trueClass } }
                if let component, firstRow, !noted.isEmpty { noted[0].component = component }
                if continues {
                    // "= ..." goes on from the row before, or from the block before, in the case the prose last named.
                    if blockChain.isEmpty, firstRow, var last = chains.popLast() {
                        last.items += inheritingCase(noted, from: last.items.last)
                        blockChain = last.items
                    } else {
                        blockChain += inheritingCase(noted, from: blockChain.last)
                    }
                } else {
                    if !blockChain.isEmpty { chains.append(Chain(items: blockChain)) }
                    blockChain = noted
                }
                firstRow = false
            }
            if !blockChain.isEmpty { chains.append(Chain(items: blockChain)) }
        }
        return chains
    }

    /// A slide shown while it is built up claims nothing yet: a display with a blank still to fill (a matrix of
    /// empty entries, `\begin{bmatrix} \\ \\ \end{bmatrix}`), or one that a display of the next slides repeats
    /// whole, left side and all, and carries on in the middle of its last expression (`\nabla L = ... = -\frac{1}{\hat{y}_\ell}`,
    /// then `\nabla L = ... = -\frac{1}{\hat{y}_\ell} \begin{bmatrix}...`). A display that goes on from the one before
    /// (`= ...`) is a line of a derivation, never a build; a later display that goes on after an `=` or a new row
    /// is a longer chain, and the shorter one still counts.
    static func unfinishedBuild(_ b: Int, of blocks: [Block]) -> Bool {
        let text = String(blocks[b].text)
        if text.range(of: #"\\begin\{[bpvBV]?matrix\}(?:\s|\\\\|&)*\\end\{[bpvBV]?matrix\}"#, options: .regularExpression) != nil { return true }
        let squeeze = { (t: String) in t.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let this = squeeze(text)
        guard !this.isEmpty, !this.hasPrefix("="), this.contains("=") else { return false }
        // The slides between repeat what stays on screen: look a few displays on.
        for next in blocks.dropFirst(b + 1).prefix(3).map({ squeeze(String($0.text)) }) where next.count > this.count && next.hasPrefix(this) {
            let rest = next.dropFirst(this.count).drop { $0 == " " }
            return !(rest.hasPrefix("=") || rest.hasPrefix("\\\\") || rest.hasPrefix("&"))
        }
        return false
    }

    /// `\boxed{A = B}` as `A = B`, blanked in place so that offsets (and line numbers) do not move: a boxed
    /// result is an equation like any other.
    static func unboxed(_ row: [Character]) -> [Character] {
        var out = row
        let key = Array("\\boxed{")
        var i = 0
        while i + key.count <= out.count {
            guard Array(out[i..<(i + key.count)]) == key else { i += 1; continue }
            let open = i + key.count - 1
            guard let close = Normalization.matching(out, open) else { break }
            for k in i...open { out[k] = " " }
            out[close] = " "
            i = open + 1
        }
        return out
    }

    /// Removes what is not part of the mathematics: `&`, `\tag{..}`, trailing notes and equation numbers.
    static func clean(_ row: [Character]) -> ([Character], String?, [String]) {
        var note: String?
        var math: [String] = []
        // '&' aligns rows; inside cases and matrices it separates columns and stays.
        var kept: [Character] = []
        var environments = 0
        var k = 0
        while k < row.count {
            if row[k] == "\\" {
                let rest = String(row[k..<min(k + 7, row.count)])
                if rest.hasPrefix("\\begin{") { environments += 1 } else if rest.hasPrefix("\\end{") { environments = max(0, environments - 1) }
                kept.append(row[k])
                if k + 1 < row.count { kept.append(row[k + 1]) }
                k += 2
                continue
            }
            kept.append(row[k] == "&" && environments == 0 ? " " : row[k])
            k += 1
        }
        var s = equalsSigns(String(kept))
        // A short mark set apart before an equation, `\textcircled{2} \quad f = ...` or a scanner's `\|y\| \quad`: a label,
        // blanked in place. Not where `=` follows the space (`\frac{a}{b} \quad = c` is a left side).
        if let r = s.range(of: #"^\s*[^=&\s][^=&]{0,15}?\\q?quad\s+"#, options: .regularExpression),
           !s[r.upperBound...].hasPrefix("="), s[r.upperBound...].contains("=") {
            s.replaceSubrange(r, with: String(repeating: " ", count: s[r].count))
        }
        // A note set at the margin, \tag*{quotient rule} (derive's own wide displays): the row's note.
        var tagged: String?
        if let r = s.range(of: #"\\tag\*\{(?:[^{}]|\{[^{}]*\})*\}"#, options: .regularExpression) {
            tagged = String(s[r].dropFirst(6).dropLast()).replacingOccurrences(of: #"\\onslide<[^>]*>\{|\}"#, with: "", options: .regularExpression)
        }
        // Trailing equation number "(3)" or "\quad (3)", and \tag{...}.
        for pattern in [#"\\tag\*?\{(?:[^{}]|\{[^{}]*\})*\}"#, #"(\\q?quad\s*)?\(\s*\d+\s*\)\s*$"#, #"\\(nonumber|notag|label\{[^}]*\})"#] {
            s = s.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        // A note: \quad \text{...} (and what follows it) at the end of a row.
        if let r = s.range(of: #"(\\q?quad\s*(\\text\{|\([^)]*\\text)|\\text\{[^{}]*\}\s*$)"#, options: .regularExpression) {
            note = String(s[r.lowerBound...]).replacingOccurrences(of: #"\\q?quad|\\text\{|\}"#, with: "", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
            math = noteEquations(String(s[r.lowerBound...]))
            s = String(s[..<r.lowerBound])
        }
        // Trailing punctuation of prose: "... ,", "... ."
        s = s.replacingOccurrences(of: #"(?<!\.)[,.;]\s*$"#, with: "", options: .regularExpression)
        if note == nil, let tagged, tagged.contains(where: \.isLetter) { note = tagged.trimmingCharacters(in: .whitespaces) }
        // Notes stand at the end, so the offsets of what is kept do not move.
        return (Array(s), note, math)
    }

    /// Splits at `=` outside braces, brackets and matrices, keeping offsets.
    static func splitAtEquals(_ row: [Character], _ offset: Int) -> [(text: [Character], offset: Int)] {
        var out: [(text: [Character], offset: Int)] = []
        var current: [Character] = []
        var start = offset
        var depth = 0
        var environments = 0
        var i = 0
        func at(_ word: String) -> Bool {
            let w = Array(word)
            return i + w.count <= row.count && Array(row[i..<(i + w.count)]) == w
        }
        while i < row.count {
            let c = row[i]
            // Rows of cases and matrices have '=' of their own (conditions): not split there.
            if at("\\begin{") { environments += 1 }
            if at("\\end{") { environments = max(0, environments - 1) }
            if c == "{" || c == "(" || c == "[" { depth += 1 }
            if c == "}" || c == ")" || c == "]" { depth = max(0, depth - 1) }
            if c == "\\", i + 1 < row.count {
                // \{ and \} group like braces (1\{i=j\}); other commands pass whole.
                if row[i + 1] == "{" { depth += 1 }
                if row[i + 1] == "}" { depth = max(0, depth - 1) }
                current.append(c)
                current.append(row[i + 1])
                i += 2
                continue
            }
            if c == "=", depth == 0, environments == 0 {
                out.append((current, start))
                current = []
                start = offset + i + 1
                i += 1
                continue
            }
            current.append(c)
            i += 1
        }
        out.append((current, start))
        return out
    }
}
