import Foundation
import SymbolicCore
import SymbolicLaTeX
import SymbolicRender

// MARK: - An entry of matrix notation in brackets, inside index notation: \frac{\partial}{\partial W_{cd}} [hW + b]_b

extension Checker {
    /// `[hW + b]_b`, `\bigl[xW^{(1)} + b^{(1)}\bigr]_d`: where the bracket holds matrix notation (names used with indices
    /// elsewhere, written bare and multiplied), its entry is put in index notation in its place, so the rest of the line
    /// reads as it stands. Brackets that hold index notation, or that do not read as matrix notation, are left alone.
    static func bracketEntries(_ text: String, ranks: [Symbol: Int]) -> String {
        let pattern = #"(?:\\[bB]igg?l?)?\[([^\[\]_]*?)(?:\\[bB]igg?r?)?\]_(\{[a-z]\}|[a-z])"#
        guard !ranks.isEmpty, text.contains("]_"), let re = try? NSRegularExpression(pattern: pattern) else { return text }
        var out = text
        let ns = text as NSString
        for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)).reversed() {
            let inside = ns.substring(with: m.range(at: 1))
            let index = ns.substring(with: m.range(at: 2)).filter { $0.isLetter }
            // Matrix notation: a product of bare names (hW, xW^{(1)}); a lone name or a difference stays as it is.
            guard inside.range(of: #"[A-Za-z}]\s*(?:\\mathbf\{)?[A-Z]"#, options: .regularExpression) != nil else { continue }
            for convention in [MatrixConvention.row, .column] {
                guard let m2 = try? Parser.parseMatrix(inside, ranks: ranks, convention: convention), m2.rank == 1 else { continue }
                var entry = m2.entry(at: [.named(index)])
                // The sums' own indices get names the line does not use.
                var taken = entry.allIndexNames.union(text.filter(\.isLetter).map(String.init))
                for n in entry.allIndexNames.sorted() where n.hasPrefix("#") {
                    let fresh = Expr.freshIndexName(like: "q", avoiding: taken)
                    taken.insert(fresh)
                    entry = entry.replacingIndex(.named(n), with: .named(fresh)).postwalk { node in
                        if case .sum(.named(n), let r, let body) = node { return .indexSum(.named(fresh), r, body) }
                        return node
                    }
                }
                let printed = "\\left(" + Printer(.latex).print(entry) + "\\right)"
                out = (out as NSString).replacingCharacters(in: m.range, with: printed)
                break
            }
        }
        return out
    }
}
