import SymbolicCore

/// Implicit (Einstein) summation, as the Einstein-notation homework writes it: an index repeated in a product is
/// summed over. Reading makes the sums explicit; printing (`Notation.einstein`) hides them again.
///
/// ```swift
/// Einstein.explicit(try Parser.parse("y_i \\log \\hat{y}_i"), protected: [])   // \sum_i y_i \log \hat{y}_i
/// ```
public enum Einstein {
    /// Implicit (Einstein) summation made explicit: an index repeated in two factors of a product is
    /// summed over that product; an index that stands alone (neither free in the chain nor repeated) is
    /// summed where it stands, as `e^{\theta_m}` for `\sum_m e^{\theta_m}`.
    public static func explicit(_ e: Expr, protected: Set<Index>) -> Expr {
        switch e {
        case .multiply(let fs):
            var count: [Index: Int] = [:]
            for f in fs { for i in Set(f.freeIndices) where !protected.contains(i) { count[i, default: 0] += 1 } }
            let summed = count.filter { $0.value >= 2 }.keys.sorted()
            let inner = protected.union(summed)
            var out = Expr.mul(fs.map { explicit($0, protected: inner) })
            for i in summed.reversed() { out = .indexSum(i, IndexRange(), out) }
            return out
        case .add(let ts):
            return .plus(ts.map { explicit($0, protected: protected) })
        case .sum(let i, let r, let body):
            return .indexSum(i, r, explicit(body, protected: protected.union([i])))
        case .derivative(let f, let x):
            // The indices of a symbol differentiated, \partial t_d / \partial x_k, are an entry's: never a sum.
            var inner = protected.union(x.freeIndices)
            if case .variable = f { inner.formUnion(f.freeIndices) }
            return .partial(explicit(f, protected: inner), wrt: x)
        case .power(let b, let x):
            return .pow(explicit(b, protected: protected), x)
        case .array(let idx, let body):
            return .array(idx, explicit(body, protected: protected.union(idx)))
        case .piecewise(let ps, let o):
            return .cases(ps.map { Expr.Piece(explicit($0.value, protected: protected.union([$0.condition.lhs, $0.condition.rhs])), if: $0.condition) },
                          otherwise: explicit(o, protected: protected))
        default:
            var out = e
            for i in e.freeIndices.filter({ !protected.contains($0) }).reversed() { out = .indexSum(i, IndexRange(), out) }
            return out
        }
    }
}
