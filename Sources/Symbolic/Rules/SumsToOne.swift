import SymbolicCore
import SymbolicFunctions

// MARK: - What sums to one: labels by assumption, a softmax by its definition

extension RuleContext {
    /// True when the components of `symbol` are known to sum to one: by assumption (`y one-hot`) or because
    /// its definition divides by the sum of its numerators (a softmax).
    public func sumsToOne(_ symbol: Symbol) -> Bool {
        context.sumsToOne(symbol) || definition(of: symbol).map(RuleContext.isNormalized) ?? false
    }

    /// Normalized over the last index: `\hat{y}_{nk} = e^{z_{nk}} / \sum_l e^{z_{nl}}` sums to one over `k` for each `n`.
    static func isNormalized(_ d: Definition) -> Bool {
        guard let i = d.indices.last else { return false }
        let fs = d.body.factors
        for (p, f) in fs.enumerated() {
            guard case .power(.sum(let m, _, let g), let ex) = f, ex == .minusOne, let mn = m.name else { continue }
            var rest = fs
            rest.remove(at: p)
            return Expr.mul(rest).isAlphaEquivalent(to: g.substituting([mn: i]))
        }
        return false
    }
}
