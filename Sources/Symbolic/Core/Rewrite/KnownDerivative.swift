/// A derivative worked out before, `∂ŷ_i/∂x_j = result`, to be used wherever the same derivative
/// appears with any indices.
///
/// ```swift
/// let k = KnownDerivative(derivative: jacobianEntry, result: jacobianResult)
/// k.instance(of: .partial(yhat_a, wrt: x_b))   // the result with i -> a, j -> b
/// ```
public struct KnownDerivative: Sendable {
    /// `∂s_{idx}/∂x_{jdx}` with distinct index names (the formal indices).
    public var derivative: Expr
    public var result: Expr
    /// Where the result holds only under a condition on the formal indices (`k \neq j`).
    public var condition: IndexCondition?

    public init(derivative: Expr, result: Expr, condition: IndexCondition? = nil) {
        self.derivative = derivative
        self.result = result
        self.condition = condition
    }

    /// The result for `e` when `e` is the same derivative with other indices; `nil` otherwise. The indices
    /// of the variable (and of the differentiated symbol, when it is one) are formal: `∂(-\log \hat{y}_\ell)/∂\hat{y}_i`
    /// known gives `∂(-\log \hat{y}_\ell)/∂\hat{y}_\ell` with `i = \ell`.
    public func instance(of e: Expr) -> Expr? { instance(of: e, apart: nil) }

    /// With `apart`, the indices known to differ there: the condition `k \neq j` must map onto them.
    public func instance(of e: Expr, apart: (Index, Index)?) -> Expr? {
        guard case .derivative(let f, .variable(let x, let jdx)) = e,
              case .derivative(let f0, .variable(let x0, let jdx0)) = derivative, x == x0, jdx.count == jdx0.count else { return nil }
        var pairs = Array(zip(jdx0, jdx))
        if case .variable(let s0, let idx0) = f0 {
            guard case .variable(let s, let idx) = f, s == s0, idx.count == idx0.count else { return nil }
            pairs += zip(idx0, idx)
        }
        var map: [String: Index] = [:]
        for (formal, actual) in pairs {
            if let n = formal.name {
                if let seen = map[n], seen != actual { return nil }
                map[n] = actual
            } else if formal != actual {
                return nil
            }
        }
        if case .variable = f0 {} else {
            guard f0.substituting(map).isAlphaEquivalent(to: f) else { return nil }
        }
        if let c = condition {
            func mapped(_ i: Index) -> Index { i.name.flatMap { map[$0] } ?? i }
            let (a, b) = (mapped(c.lhs), mapped(c.rhs))
            if c.isEqual {
                guard a == b else { return nil }
            } else {
                guard let (x, y) = apart, Set([a, b]) == Set([x, y]) else { return nil }
            }
        }
        return result.substituting(map)
    }
}
