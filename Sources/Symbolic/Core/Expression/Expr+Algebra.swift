// MARK: - Fractions and brackets: how a product reads

extension Expr {
    /// Numerator and denominator factors: `a b^{-2}` gives `([a], [b^2])`.
    public static func splitFraction(_ fs: [Expr]) -> ([Expr], [Expr]) {
        var num: [Expr] = [], den: [Expr] = []
        for g in fs {
            let (b, ex) = g.baseAndExponent
            if let r = ex.numberValue, r.isNegative, let m = r.negated() { den.append(.pow(b, .number(m))) } else { num.append(g) }
        }
        return (num, den)
    }

    /// The product of `fs` with every bracket multiplied out (`a (b + c) = a b + a c`), or `nil` when there
    /// is no bracket; `1 - \delta_{ij}` (an exclusion) is not a bracket, and a product of more than 4,096
    /// terms is not made, nor one of more than `nodeLimit` nodes before like terms are merged.
    public static func multiplyOut(_ fs: [Expr], nodeLimit: Int = 1_000_000) -> Expr? {
        guard fs.contains(where: { if case .add = $0 { return !$0.isExclusion }; return false }) else { return nil }
        // Every product holds each factor that is not a bracket, and one term of each bracket.
        var count = 1
        var nodes = 0
        for f in fs {
            if case .add(let ts) = f, !f.isExclusion {
                count = count.multipliedReportingOverflow(by: ts.count).overflow ? Int.max : count * ts.count
                nodes += ts.map(\.size).max() ?? 0
            } else {
                nodes += f.size
            }
            guard count <= 4_096 else { return nil }
        }
        guard count * nodes <= nodeLimit else { return nil }
        var products: [[Expr]] = [[]]
        for f in fs {
            if case .add(let ts) = f, !f.isExclusion {
                products = products.flatMap { p in ts.map { p + [$0] } }
            } else {
                products = products.map { $0 + [f] }
            }
        }
        return .plus(products.map(Expr.mul))
    }
}
