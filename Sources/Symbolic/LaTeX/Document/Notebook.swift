import Foundation

/// The markdown cells of a Jupyter notebook as text to check, each line of a cell on the line of the file that
/// holds it, so that the report's line numbers are the file's. Code cells and everything else are blank lines.
///
/// ```swift
/// Notebook.markdown(in: notebookText)   // the cells' text; nil for text that is not a notebook
/// ```
public enum Notebook {
    public static func markdown(in text: String) -> String? {
        guard text.drop(while: \.isWhitespace).first == "{", text.contains("\"cells\""), let data = text.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cells = root["cells"] as? [[String: Any]] else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = Array(repeating: "", count: lines.count)
        var cursor = 0
        var unplaced: [String] = []
        for cell in cells {
            let pieces = (cell["source"] as? [String]) ?? (cell["source"] as? String).map { [$0] } ?? []
            let markdown = cell["cell_type"] as? String == "markdown"
            for piece in pieces {
                // The line that holds this string: the next one, from the cursor on, that decodes to it.
                guard let k = (cursor..<lines.count).first(where: { Notebook.decode(lines[$0]) == piece }) else {
                    if markdown { unplaced.append(piece) }
                    continue
                }
                cursor = k + 1
                // One string is one line of the cell; line breaks inside one are kept on its line as spaces.
                if markdown { out[k] = String(piece.hasSuffix("\n") ? piece.dropLast() : Substring(piece)).replacingOccurrences(of: "\n", with: " ") }
            }
        }
        // A notebook whose strings could not be placed (all on one line): the cells in order, numbered from 1.
        if !unplaced.isEmpty { return cells.filter { $0["cell_type"] as? String == "markdown" }
            .map { (($0["source"] as? [String]) ?? ($0["source"] as? String).map { [$0] } ?? []).joined() }.joined(separator: "\n\n") }
        return out.joined(separator: "\n")
    }

    /// A line of the file as the JSON string it holds (`    "text\n",`), or nil.
    static func decode(_ line: String) -> String? {
        var t = line.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(",") { t.removeLast() }
        guard t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2, let data = "[\(t)]".data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [String], array.count == 1 else { return nil }
        return array[0]
    }
}
