import SymbolicDerivation
import SymbolicRender

// MARK: - Beamer: a frame a section, each row uncovered in turn

extension DerivationLayout {
    /// Rows on one slide: more would run off its foot.
    static let rowsPerSlide = 6

    /// The derivation as beamer frames: the problem first, then each section in frames of a few rows, the
    /// section's heading as the frame title (continued frames say so), each row after the first uncovered on the
    /// next overlay. `\pause` does not work inside `align*`, so each part of a row is wrapped in `\onslide`.
    func slides(_ d: Derivation) -> String {
        var frames: [String] = []
        if let s = statement(d) {
            frames.append("\\begin{frame}{The problem}\n" + s + (notation.einstein ? "\n\n" + DerivationLayout.einsteinNote : "") + "\n\\end{frame}")
        }
        for (n, section) in d.sections.enumerated() {
            var title = heading(section, position: n, of: d) ?? "The derivation"
            if title.hasSuffix(":") { title.removeLast() }
            let rows = displayRows(section, of: d)
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + DerivationLayout.rowsPerSlide)]
                var lines = ["\\begin{frame}{" + title + (start > 0 ? " (continued)" : "") + "}", "\\footnotesize", "\\begin{align*}"]
                for (k, row) in chunk.enumerated() {
                    let overlay: ((String) -> String)? = k == 0 ? nil : { "\\onslide<\(k + 1)->{" + $0 + "}" }
                    lines.append("  " + row.text(overlay: overlay) + (k < chunk.count - 1 ? " \\\\" : ""))
                }
                lines += ["\\end{align*}", "\\end{frame}"]
                frames.append(lines.joined(separator: "\n"))
                start += DerivationLayout.rowsPerSlide
            }
        }
        return frames.joined(separator: "\n\n")
    }
}
