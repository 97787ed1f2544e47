import SymbolicCore
import SymbolicFunctions

// MARK: - Deltas, derivatives, cases, and vectors and matrices written out

extension Printer {
    func delta(_ a: Index, _ b: Index) -> String {
        // An index before a position written out: \mathbb{1}_{\ell=1}, \mathbb{1}_{\ell=K}.
        let positions = Set(displayPositions)
        let (a, b) = positions.contains(a) && !positions.contains(b) ? (b, a) : (a, b)
        switch (notation.delta, latex) {
        case (.kronecker, true): return "\\delta" + subscriptText([a, b])
        case (.kronecker, false): return "δ" + subscriptText([a, b])
        case (.indicator, true): return "\(notation.indicatorCommand)_{\(indexText(a))=\(indexText(b))}"
        case (.indicator, false): return "𝟙[\(indexText(a))=\(indexText(b))]"
        }
    }

    func derivative(_ f: Expr, _ x: Expr) -> String {
        let d = latex ? "\\partial" : "∂"
        let wrt = render(x)
        if notation.gradient == .nabla, case .variable(let s, let idx) = x, s.bold, idx.isEmpty {
            return (latex ? "\\nabla_{\(wrt)} " : "∇_\(wrt) ") + wrap(f, below: .power)
        }
        if case .variable = f {
            return latex ? "\\frac{\(d) \(render(f))}{\(d) \(wrt)}" : "\(d)\(render(f))/\(d)\(wrt)"
        }
        // A second derivative of a name: \frac{\partial^2 L}{\partial \theta_k \partial \theta_l}, the first variable first.
        if case .derivative(let g, let y) = f, case .variable = g {
            let first = render(y)
            return latex ? "\\frac{\(d)^2 \(render(g))}{\(d) \(first) \\, \(d) \(wrt)}" : "\(d)²\(render(g))/\(d)\(first)\(d)\(wrt)"
        }
        let op = latex ? "\\frac{\(d)}{\(d) \(wrt)}" : "\(d)/\(d)\(wrt)"
        let operand: String
        switch f {
        case .add, .multiply: operand = parenthesize(render(f), big: true)
        default: operand = wrap(f, below: .power)
        }
        return op + " " + operand
    }

    func cases(_ ps: [Expr.Piece], _ o: Expr) -> String {
        func cond(_ c: IndexCondition) -> String {
            let rel = c.isEqual ? "=" : (latex ? "\\neq" : "≠")
            return "\(indexText(c.lhs)) \(rel) \(indexText(c.rhs))"
        }
        if latex {
            let rows = ps.map { "\(render($0.value)) & \(cond($0.condition))" } + ["\(render(o)) & \\text{otherwise}"]
            return "\\begin{cases} " + rows.joined(separator: " \\\\ ") + " \\end{cases}"
        }
        return "{ " + (ps.map { "\(render($0.value)) if \(cond($0.condition))" } + ["\(render(o)) otherwise"]).joined(separator: "; ") + " }"
    }

    /// Vector form: `\hat{\mathbf{y}} - \mathbf{y}` when every variable carrying the index carries only it;
    /// entry by entry (a `bmatrix`) when the notation asks for it.
    func array(_ idx: [Index], _ body: Expr) -> String {
        if notation.arrays == .entries, idx.count == 1 || idx.count == 2, idx.allSatisfy(\.isNamed) { return writtenArray(idx, body) }
        if idx.count == 1, let vector = body.vectorForm(index: idx[0]) { return render(vector) }
        let inner = render(body)
        return latex ? "\\left[" + inner + "\\right]_{\(idx.map(indexText).joined(separator: ","))}" : "[" + inner + "]_" + idx.map(indexText).joined(separator: ",")
    }

    /// Positions at which an array or a sum is written out: `1, 2, \dots, K`.
    var displayPositions: [Index] { [.value(1), .value(2), .named(notation.sizeName)] }

    /// The entry of `body` at concrete positions: indices put in, conditions between positions decided
    /// (the positions 1, 2 and K stand for different values).
    func entry(_ body: Expr, _ idx: [Index], _ at: [Index]) -> Expr {
        var map: [String: Index] = [:]
        for (i, v) in zip(idx, at) { if let n = i.name { map[n] = v } }
        let positions = Set(displayPositions)
        func distinct(_ a: Index, _ b: Index) -> Bool? {
            if a == b { return true }
            return positions.contains(a) && positions.contains(b) ? false : nil
        }
        return body.substituting(map).postwalk { e in
            switch e {
            case .delta(let a, let b):
                if let same = distinct(a, b) { return same ? .one : .zero }
                return e
            case .piecewise(let ps, let o):
                for p in ps {
                    guard let same = distinct(p.condition.lhs, p.condition.rhs) else { return e }
                    if same == p.condition.isEqual { return p.value }
                }
                return o
            default:
                return e
            }
        }
    }

    /// A `bmatrix`: a column `r_1 \\ r_2 \\ \vdots \\ r_K`, or a matrix with `\dots`, `\vdots`, `\ddots`.
    func writtenArray(_ idx: [Index], _ body: Expr) -> String {
        var inner = notation
        inner.arrays = .compact
        let p = Printer(inner)
        let at = displayPositions
        let vdots = latex ? "\\vdots" : "⋮", dots = latex ? "\\dots" : "…", ddots = latex ? "\\ddots" : "⋱"
        var rows: [String] = []
        if idx.count == 1 {
            rows = [p.render(entry(body, idx, [at[0]])), p.render(entry(body, idx, [at[1]])), vdots, p.render(entry(body, idx, [at[2]]))]
        } else {
            func row(_ r: Index) -> String {
                let cells = [p.render(entry(body, idx, [r, at[0]])), p.render(entry(body, idx, [r, at[1]])), dots, p.render(entry(body, idx, [r, at[2]]))]
                return cells.joined(separator: latex ? " & " : ", ")
            }
            rows = [row(at[0]), row(at[1]), [vdots, vdots, ddots, vdots].joined(separator: latex ? " & " : ", "), row(at[2])]
        }
        if latex { return "\\begin{bmatrix} " + rows.joined(separator: " \\\\ ") + " \\end{bmatrix}" }
        return "[" + rows.joined(separator: "; ") + "]"
    }
}
