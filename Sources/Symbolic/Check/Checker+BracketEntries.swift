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
            guard inside.range(of: #"[A-Za-z})]\s*(?:\\mathbf\{)?[A-Z]"#, options: .regularExpression) != nil else { continue }
            for convention in [MatrixConvention.row, .column] {
                guard let m2 = try? Parser.parseMatrix(inside, ranks: ranks, convention: convention), m2.rank == 1 else { continue }
                let entry = Checker.namedSums(m2.entry(at: [.named(index)]), avoiding: Set(text.filter(\.isLetter).map(String.init)))
                let printed = "\\left(" + Printer(.latex).print(entry) + "\\right)"
                out = (out as NSString).replacingCharacters(in: m.range, with: printed)
                break
            }
        }
        return out
    }
}

extension Checker {
    /// The sums a matrix product becomes (`MatrixExpr.entry`) get index names the line does not use (`q`, `q'`), so
    /// that the entry prints, and reads back, as index notation.
    static func namedSums(_ e: Expr, avoiding letters: Set<String>) -> Expr {
        var out = e
        var taken = e.allIndexNames.union(letters)
        for n in e.allIndexNames.sorted() where n.hasPrefix("#") {
            let fresh = Expr.freshIndexName(like: "q", avoiding: taken)
            taken.insert(fresh)
            out = out.replacingIndex(.named(n), with: .named(fresh)).postwalk { node in
                if case .sum(.named(n), let r, let body) = node { return .indexSum(.named(fresh), r, body) }
                return node
            }
        }
        return out
    }
}

// MARK: - Samples written as labels: x^{(i)}, y^{(i)} under \sum_{i=1}^{m}

extension Checker {
    /// The label a name gets for the family of its samples: `x^{(i)}_j` under `\sum_i` is the entry (i, j) of `x^{(sample)}`.
    static let sampleLabel = "sample"

    /// `\sum_{i=1}^{m} (h(x^{(i)}) - y^{(i)})^2`: a label that is the index of a sum around it numbers the samples, so
    /// `x^{(i)}` is the i-th of a family, one quantity per value of i, not one symbol. Elsewhere labels stay labels
    /// (a layer's `W^{(1)}`, a time step's `h^{(t)}`).
    static func sampleLabels(_ e: Expr) -> Expr {
        func walk(_ node: Expr, _ bound: Set<String>, _ depth: Int) -> Expr {
            guard depth < 400 else { return node }
            switch node {
            case .variable(let s, let idx):
                guard let l = s.label, !s.labelBelow, bound.contains(l) else { return node }
                var family = s
                family.label = Checker.sampleLabel
                return .variable(family, [.named(l)] + idx)
            case .sum(let i, let r, let body):
                var inner = bound
                if let n = i.name { inner.insert(n) }
                return .indexSum(i, r, walk(body, inner, depth + 1))
            default:
                let cs = node.children
                return cs.isEmpty ? node : node.withChildren(cs.map { walk($0, bound, depth + 1) })
            }
        }
        return walk(e, [], 0)
    }
}
