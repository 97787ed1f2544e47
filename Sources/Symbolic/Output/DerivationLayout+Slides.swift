import Foundation
import SymbolicDerivation
import SymbolicRender

// MARK: - Beamer: a frame a section, each row uncovered in turn

extension DerivationLayout {
    /// Lines on one slide: more would run off its foot.
    static let rowsPerSlide = 6

    /// How many lines of a slide a display line takes: a fraction stands two high, a `cases` or a matrix one a row.
    static func height(_ line: String) -> Int {
        1 + (line.contains("\\frac") ? 1 : 0) + line.components(separatedBy: "\\\\").count - 1
    }

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
            // A slide holds a few lines, and a broken row takes several.
            let heights = DerivationLayout.fitted(rows, width: DerivationLayout.slideWidth).rows.map { $0.map(DerivationLayout.height).reduce(0, +) }
            var start = 0
            while start < rows.count {
                var end = start + 1
                var lines = heights[start]
                while end < rows.count, lines + heights[end] <= DerivationLayout.rowsPerSlide { lines += heights[end]; end += 1 }
                let chunk = rows[start..<end]
                let fitted = DerivationLayout.fitted(Array(chunk), width: DerivationLayout.slideWidth) { k in
                    k == 0 ? nil : { "\\onslide<\(k + 1)->{" + $0 + "}" }
                }
                var frame = ["\\begin{frame}{" + title + (start > 0 ? " (continued)" : "") + "}", fitted.shrinks ? "\\scriptsize" : "\\footnotesize", "\\begin{align*}"]
                let texts = fitted.rows.flatMap { $0 }
                for (n, t) in texts.enumerated() { frame.append("  " + t + (n < texts.count - 1 ? " \\\\" : "")) }
                frame += ["\\end{align*}", "\\end{frame}"]
                frames.append(frame.joined(separator: "\n"))
                start = end
            }
        }
        return frames.joined(separator: "\n\n")
    }
}
