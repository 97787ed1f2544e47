import Foundation

// MARK: - Fitting a display to the line

extension DerivationLayout {
    /// The width a display may take, in points: the article's text width (489pt at 11pt with its margins), less a
    /// margin for the estimate of `LaTeXWidth`.
    static let lineWidth = 420.0
    /// The same on a slide (beamer's 307pt, its displays set in `\footnotesize`).
    static let slideWidth = 330.0

    /// A display's rows fitted to `width`: each row's lines (a broken row has several; the `\\\\` between them left to the
    /// caller), each part wrapped by `overlay(k)` for row k of a slide; and whether the display must be set smaller
    /// because a row too wide has no place to break (one long fraction).
    static func fitted(_ rows: [DisplayRow], width: Double, overlay: (Int) -> ((String) -> String)? = { _ in nil })
        -> (rows: [[String]], shrinks: Bool) {
        // A left side alone on its row and wider than a third of the line (the expanded style's sum put back together)
        // is set over the column, not in it, so that it does not push every `=` to the right.
        let over = { (row: DisplayRow) in row.right == nil && LaTeXWidth.of(row.left) > width / 3 }
        let column = rows.filter { !over($0) }.map { LaTeXWidth.of($0.left) }.max() ?? 0
        let tags = notesAsTags(rows.filter { !over($0) }, width: width)
        var shrinks = false
        var out: [[String]] = []
        for (k, row) in rows.enumerated() {
            if over(row) {
                if LaTeXWidth.of(row.left) > width { shrinks = true }
                var alone = row
                alone.left = "\\lefteqn{" + row.left + "}"
                out.append([alone.text(overlay: overlay(k), tagNotes: tags)])
                continue
            }
            let parts = row.right.map { broken($0, beside: column, width: width) } ?? []
            if let right = row.right, parts.count == 1, column + LaTeXWidth.of("= " + right) > width { shrinks = true }
            var first = row
            if parts.count > 1 { first.right = parts[0]; first.note = nil }
            var texts = [first.text(overlay: overlay(k), tagNotes: tags)]
            for (n, part) in parts.enumerated().dropFirst() {
                var more = DisplayRow(note: n == parts.count - 1 ? row.note : nil)
                more.continued = part
                texts.append(more.text(overlay: overlay(k), tagNotes: tags))
            }
            out.append(texts)
        }
        return (out, shrinks)
    }
    /// Notes go to the margin only where the estimate says the display would overrun by more than its own error:
    /// a display that fits keeps its column of notes, as the documents set them.
    static let tagSlack = 1.1
    /// The space `align*` leaves between the expression and its note.
    static let noteGap = 22.0

    /// Whether a display's notes go to the right margin as `\tag*{...}` rather than a column of their own: `align*`
    /// makes each column as wide as its widest entry, so one long note beside one long line runs the whole display into
    /// the margin, where a tag goes to a line of its own when the row is full. Notes with braces keep their column
    /// (the reader of `\tag*{}` takes no braces).
    static func notesAsTags(_ rows: [DisplayRow], width: Double) -> Bool {
        let notes = rows.compactMap(\.note)
        guard !notes.isEmpty, !notes.contains(where: { $0.contains("{") || $0.contains("}") }) else { return false }
        let left = rows.map { LaTeXWidth.of($0.left) }.max() ?? 0
        let right = rows.map { $0.right.map { LaTeXWidth.of("= " + $0) } ?? 0 }.max() ?? 0
        let note = notes.map { LaTeXWidth.of("\\text{" + $0 + "}") }.max() ?? 0
        return left + right + noteGap + note > width * tagSlack
    }

    /// A row's right side broken at its top-level `+` and `-` where it is wider than the line beside the display's left
    /// column (`left`, in points, as wide as its widest entry): the first part stays
    /// beside the `=`, each further part on a row of its own, `&\qquad + ...`, which a reader takes for the same
    /// expression. Breaks only between terms, never inside a bracket, fraction or script; a side with no such place
    /// is left whole.
    static func broken(_ right: String, beside left: Double, width: Double) -> [String] {
        let room = width - left - LaTeXWidth.of("= ")
        guard LaTeXWidth.of(right) > room else { return [right] }
        let terms = topLevelTerms(right)
        guard terms.count > 1 else { return [right] }
        var lines: [String] = []
        var current = ""
        let continued = width - left - LaTeXWidth.of("\\qquad")
        for t in terms {
            let limit = lines.isEmpty ? room : continued
            if !current.isEmpty, LaTeXWidth.of(current + " " + t) > limit {
                lines.append(current)
                current = t
            } else {
                current = current.isEmpty ? t : current + " " + t
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `a - b + \frac{c + d}{e}` as `["a", "- b", "+ \frac{c + d}{e}"]`: the terms of a printed sum with their signs,
    /// split only outside braces, brackets and `\left ... \right`.
    static func topLevelTerms(_ s: String) -> [String] {
        let cs = Array(s)
        var terms: [String] = []
        var start = 0
        var braces = 0
        var sized = 0
        var i = 0
        func starts(_ word: String, _ k: Int) -> Bool {
            let w = Array(word)
            return k + w.count <= cs.count && Array(cs[k..<(k + w.count)]) == w
        }
        while i < cs.count {
            let c = cs[i]
            if c == "\\", starts("\\left", i), !starts("\\leftarrow", i) { sized += 1; i += 5; continue }
            if c == "\\", starts("\\right", i), !starts("\\rightarrow", i) { sized -= 1; i += 6; continue }
            if c == "\\" { i += 2; continue }
            if c == "{" || c == "(" || c == "[" { braces += 1 } else if c == "}" || c == ")" || c == "]" { braces -= 1 }
            // A sign between terms: at the top level, after a space, with a space after it, and not the line's first.
            if braces == 0, sized == 0, c == "+" || c == "-", i > 0, cs[i - 1] == " ", i + 1 < cs.count, cs[i + 1] == " " {
                let term = String(cs[start..<i]).trimmingCharacters(in: .whitespaces)
                if !term.isEmpty { terms.append(term); start = i }
            }
            i += 1
        }
        let last = String(cs[start...]).trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { terms.append(last) }
        return terms
    }
}
