import SymbolicDerivation
import SymbolicNumeric
import SymbolicRender

// MARK: - Markdown: prose with inline math, displays in $$ blocks

extension DerivationLayout {
    /// The derivation as Markdown: the statement and headings as paragraphs, each section's rows in `$$` blocks of
    /// `aligned` (a block ends where `--explain` has sentences for the next row: they stand between, quoted),
    /// the boxed result, and the check as the last paragraph.
    public func markdown(_ d: Derivation, report: ValidationReport?) -> String {
        var blocks: [String] = []
        if notation.einstein { blocks.append("*" + DerivationLayout.einsteinNote + "*") }
        if let s = statement(d) { blocks.append(s) }
        for (n, section) in d.sections.enumerated() {
            if let h = heading(section, position: n, of: d) { blocks.append(h) }
            var group: [String] = []
            func close() {
                guard !group.isEmpty else { return }
                blocks.append("$$\n\\begin{aligned}\n" + group.map { "  " + $0 }.joined(separator: " \\\\\n") + "\n\\end{aligned}\n$$")
                group = []
            }
            for row in displayRows(section, of: d) {
                if !row.said.isEmpty {
                    close()
                    // Quoted: commentary between the displays, apart from the prose that states cases.
                    blocks.append("> " + row.said.joined(separator: " "))
                }
                group.append(row.text())
            }
            close()
        }
        if let b = boxed(d) { blocks.append("$$\n" + b + "\n$$") }
        if let report { blocks.append("Checked: " + summary(report)) }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}
