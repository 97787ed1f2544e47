// MARK: - An array of one index as a vector written whole

extension Expr {
    /// The body with `x_k` replaced by the bold vector `x`, or `nil` when that would lose meaning.
    /// Only linear combinations qualify: every term is scalar factors times one plain `x_k` (or a delta
    /// `\delta_{k\ell}`, the basis vector `\mathbf{e}_\ell`), so that no elementwise product or function
    /// of a vector is left to guess. A scalar factor may stand outside a sum: `-(\mathbf{e}_\ell - \hat{\mathbf{y}})`.
    ///
    /// ```swift
    /// try Parser.parse(#"\hat{y}_k - y_k"#).vectorForm(index: .named("k"))   // \hat{\mathbf{y}} - \mathbf{y}
    /// ```
    public func vectorForm(index k: Index) -> Expr? {
        func lift(_ e: Expr, _ depth: Int) -> Expr? {
            guard depth < 64 else { return nil }
            guard e.freeIndices.contains(k) else { return e }
            switch e {
            case .variable(let s, let idx):
                return idx == [k] && !s.bold ? .variable(s.vector, []) : nil
            case .derivative(let f, .variable(let x, let idx)) where idx == [k] && !x.bold && !f.freeIndices.contains(k):
                // The gradient: \frac{\partial}{\partial \boldsymbol{\theta}} f.
                return .partial(f, wrt: .variable(x.vector, []))
            case .delta(let a, let b):
                let other = a == k ? b : a
                return other == k ? nil : .variable(Symbol("e", bold: true), [other])
            case .add(let ts):
                var out: [Expr] = []
                for t in ts { guard let l = lift(t, depth + 1) else { return nil }; out.append(l) }
                return .plus(out)
            case .multiply(let fs):
                let carrying = fs.filter { $0.freeIndices.contains(k) }
                guard carrying.count == 1, let c = carrying.first, let l = lift(c, depth + 1) else { return nil }
                return .mul(fs.map { $0 == c ? l : $0 })
            default:
                return nil
            }
        }
        guard let v = lift(self, 0), !v.freeIndices.contains(k),
              v.contains(where: { if case .variable(let s, _) = $0 { return s.bold }; return false }) else { return nil }
        return v
    }

    /// True when every array in the expression is a vector with a name (`\mathbf{e}_\ell`,
    /// `\hat{\mathbf{y}} - \mathbf{y}`), and there is one.
    public var hasVectorForm: Bool {
        var arrays = 0
        let allNamed = !contains { node in
            guard case .array(let idx, let body) = node else { return false }
            arrays += 1
            return idx.count != 1 || body.vectorForm(index: idx[0]) == nil
        }
        return allNamed && arrays > 0
    }
}
