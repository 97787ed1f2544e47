import SymbolicCore
import SymbolicFunctions

// MARK: - Algebraic rules: expansion, logarithms, folding definitions back

/// Rules of algebra that strategies use between and after differentiation.
public enum AlgebraRules {
    /// `a (b + c) = a b + a c`, over every sum factor of a product, where it helps: when terms
    /// cancel (the result is smaller), when it frees a Kronecker delta for contraction, or when a
    /// definition can then be recognised in a term. A factored result is otherwise left factored.
    public static let expand = Rule(name: "expand", description: "multiply out", remembersFailures: true) { e, ctx in
        if case .add(let ts) = e {
            // Terms may cancel only across the sum: (1-y)σ - y(1-σ) = σ - y.
            var changed = false
            let out = Expr.plus(ts.map { t in
                guard case .multiply(let fs) = t, let m = Expr.multiplyOut(fs, nodeLimit: max(4_000, 16 * e.size)) else { return t }
                changed = true
                return m
            })
            return changed && out.size < e.size ? out : nil
        }
        // Multiplied out only to see whether terms cancel: a product that would grow past a few times its own size
        // (a wide product of wide brackets, a fuzzer's favourite) is left as it is, rather than built to be thrown away.
        guard case .multiply(let fs) = e, let out = Expr.multiplyOut(fs, nodeLimit: max(4_000, 16 * e.size)) else { return nil }
        if out.size < e.size { return out }
        let freesDelta = fs.contains { f in
            guard case .add(let ts) = f else { return false }
            return ts.contains { $0.factors.contains { if case .delta = $0 { return true }; return false } }
        }
        if freesDelta { return out }
        if fold.apply(e, ctx) == nil, out.terms.contains(where: { fold.apply($0, ctx) != nil }) { return out }
        return nil
    }

    /// `\frac{1}{x} (x a - x b) = a - b`: a factor common to every term cancels its reciprocal.
    public static let cancel = Rule(name: "cancel", description: "cancel the common factor") { e, _ in
        guard case .multiply(let fs) = e else { return nil }
        for f in fs {
            guard case .power(let x, let ex) = f, ex == .minusOne else { continue }
            for (p, g) in fs.enumerated() {
                guard case .add(let ts) = g, ts.allSatisfy({ $0.factors.contains(x) }) else { continue }
                let bracket = Expr.plus(ts.map { Expr.mul([$0, .pow(x, .minusOne)]) })
                // Not where the terms left would carry unrelated indices ((\delta_{bk} - \hat{y}_{nb}): read as a sum,
                // it would mix indices no term shares).
                guard (try? bracket.checkIndices()) != nil else { continue }
                var rest = fs
                rest[p] = bracket
                rest.removeAll { $0 == f }
                return .mul(rest)
            }
        }
        return nil
    }

    /// `x a - x b = x (a - b)`: a factor every term shares is taken out of the sum (the largest power of it
    /// that every term has), so `\hat{y}_i - \hat{y}_i^2` reads `\hat{y}_i (1 - \hat{y}_i)`.
    public static let factor = Rule(name: "factor", description: "take out the common factor") { e, _ in
        guard case .add(let ts) = e, ts.count >= 2 else { return nil }
        // Candidate bases with the smallest positive integer exponent across the terms.
        var common: [(base: Expr, exponent: Int)] = []
        for f in ts[0].factors where !f.isNumber {
            let (b, x) = f.baseAndExponent
            guard let r = x.numberValue, r.isInteger, r.numerator > 0 else { continue }
            var least = r.numerator
            var everywhere = true
            for t in ts.dropFirst() {
                guard let g = t.factors.first(where: { $0.baseAndExponent.0 == b }), let q = g.baseAndExponent.1.numberValue,
                      q.isInteger, q.numerator > 0 else { everywhere = false; break }
                least = min(least, q.numerator)
            }
            if everywhere { common.append((b, least)) }
        }
        guard !common.isEmpty else { return nil }
        let taken = Expr.mul(common.map { Expr.pow($0.base, .int($0.exponent)) })
        let rest = Expr.plus(ts.map { Expr.mul([$0, .pow(taken, .minusOne)]) })
        guard case .add = rest else { return nil }
        return .mul([taken, rest])
    }

    /// `a \delta_{cd} - b \delta_{cd} = (a - b) \delta_{cd}`: the deltas every term has are taken out, nothing else
    /// (the chain rule then finds the delta where it connects two factors).
    public static let factorDeltas = Rule(name: "factor-deltas", description: "take out the common factor") { e, ctx in
        guard case .add(let ts) = e, ts.count >= 2, let first = ts.first else { return nil }
        let deltas = first.factors.filter { f in
            guard case .delta = f else { return false }
            return ts.dropFirst().allSatisfy { $0.factors.contains(f) }
        }
        guard !deltas.isEmpty else { return nil }
        let rest = Expr.plus(ts.map { t in Expr.mul(t.factors.filter { !deltas.contains($0) }) })
        return .mul(deltas + [rest])
    }

    /// `-(a - b) = b - a`: a negative coefficient is taken into a sum that has a negative term.
    public static let distributeSign = Rule(name: "distribute-sign", description: "take the minus sign inside") { e, _ in
        guard case .multiply(let fs) = e, let c = fs.first?.numberValue, c.isNegative, let m = c.negated() else { return nil }
        let adds = fs.indices.filter { if case .add = fs[$0] { return true }; return false }
        guard adds.count == 1, let p = adds.first, case .add(let ts) = fs[p],
              ts.contains(where: { $0.coefficientAndRest.0.isNegative }) else { return nil }
        var rest = fs
        rest[0] = .number(m)
        rest[p] = .plus(ts.map(Expr.neg))
        return .mul(rest)
    }

    /// `a (b + c) = a b + a c` wherever a product holds a bracket, whether or not it gets shorter: the form
    /// in which terms can be compared one by one (the row-by-row homework solution writes `y_j (1 - \hat{y}_j) = y_j - y_j \hat{y}_j`).
    public static let expandAll = Rule(name: "expand-all", description: "multiply out") { e, _ in
        guard case .multiply(let fs) = e else { return nil }
        return Expr.multiplyOut(fs)
    }

    /// `\frac{1}{x} (x a + b) = a + \frac{b}{x}`: a reciprocal divides each term of a bracket where it cancels
    /// in at least one (the logistic-regression homework's "cancellations").
    public static let divideThrough = Rule(name: "divide-through", description: "cancellations") { e, _ in
        guard case .multiply(let fs) = e else { return nil }
        func holds(_ t: Expr, _ x: Expr) -> Bool {
            t.factors.contains { f in
                let (b, ex) = f.baseAndExponent
                return b == x && (ex.numberValue.map { !$0.isNegative } ?? false)
            }
        }
        for f in fs {
            guard case .power(let x, let ex) = f, let r = ex.numberValue, r.isNegative, !x.isNumber else { continue }
            for (p, g) in fs.enumerated() {
                guard case .add(let ts) = g, !g.isExclusion, ts.contains(where: { holds($0, x) }) else { continue }
                var rest = fs
                rest[p] = .plus(ts.map { Expr.mul([$0, f]) })
                rest.removeAll { $0 == f }
                return .mul(rest)
            }
        }
        return nil
    }

    /// `-\sum_b \sum_a (f - g) = \sum_b \sum_a (g - f)`: the minus sign in front of sums taken into their terms.
    public static let distributeSignInto = Rule(name: "distribute-sign-into-sums", description: "take the minus sign inside") { e, _ in
        guard case .multiply(let fs) = e, fs.count == 2, let c = fs.first?.numberValue, c.isNegative, let m = c.negated(),
              case .sum = fs[1] else { return nil }
        var nest: [(Index, IndexRange)] = []
        var current = fs[1]
        while case .sum(let j, let r, let b) = current { nest.append((j, r)); current = b }
        guard case .add(let ts) = current else { return nil }
        var out = Expr.plus(ts.map { .mul([.number(c), $0]) })
        for (j, r) in nest.reversed() { out = .indexSum(j, r, out) }
        return .mul([.number(m), out])
    }

    /// `\log \frac{a}{b} = \log a - \log b` and `\log(a b) = \log a + \log b`.
    public static let logProduct = Rule(name: "log-quotient", description: "log of a quotient") { e, _ in
        guard case .apply(.log, let args) = e, args.count == 1, case .multiply(let fs) = args[0] else { return nil }
        return .plus(fs.map { f in
            let (b, ex) = f.baseAndExponent
            return ex.isOne ? .log(b) : .mul([ex, .log(b)])
        })
    }

    /// `\log e^{u} = u`.
    public static let logExp = Rule(name: "log-exp", description: "log of exp") { e, _ in
        guard case .apply(.log, let args) = e, args.count == 1, case .apply(.exp, let inner) = args[0], inner.count == 1 else { return nil }
        return inner[0]
    }

    /// A defined symbol replaced by its definition where it stands, not only where it is differentiated
    /// (the row-by-row homework solution writes the log of the softmax before differentiating).
    public static func substitute(_ symbols: Set<Symbol>) -> Rule {
        Rule(name: "substitute", description: "definition") { e, ctx in
            guard case .variable(let s, let idx) = e, symbols.contains(s), let d = ctx.definition(of: s),
                  let body = d.instantiate(idx) else { return nil }
            return body
        }
    }

    /// Worked-out terms put back where they stand: each `(term, value)` replaces the term.
    public static func use(_ pairs: [(Expr, Expr)]) -> Rule {
        let keyed = pairs.map { ($0.0.alphaNormalized, $0.1) }
        return Rule(name: "use-terms", description: "the terms worked out above") { e, _ in
            let key = e.alphaNormalized
            if let hit = keyed.first(where: { $0.0 == key }) { return hit.1 }
            // The summand of \sum_{i \neq j}: the body without the factor that leaves j out.
            if case .sum(let i, let r, let body) = e, let (j, rest) = body.exclusion(of: i),
               let hit = keyed.first(where: { $0.0 == rest.alphaNormalized }) {
                return .indexSum(i, r, .mul([.sub(.one, .kronecker(i, j)), hit.1]))
            }
            return nil
        }
    }

    /// `\sigma(u) (1 - \sigma(u)) = \sigma'(u)`: the derivative of the sigmoid by its name (the Einstein-notation homework).
    public static let primeForm = Rule(name: "prime", description: "the derivative of the sigmoid") { e, _ in
        guard case .multiply(let fs) = e else { return nil }
        for (p, f) in fs.enumerated() {
            guard case .apply(.sigmoid, let args) = f, args.count == 1 else { continue }
            let partner = Expr.sub(.one, f)
            guard let q = fs.firstIndex(of: partner) else { continue }
            var rest = fs
            rest[p] = .apply(.prime(.sigmoid), args)
            rest.remove(at: q)
            return .mul(rest)
        }
        return nil
    }

    /// Replaces an instance of a definition's body by the defined symbol: `\frac{e^{\theta_i}}{\sum_m e^{\theta_m}} = \hat{y}_i`.
    public static let fold = Rule(name: "fold", description: "definition") { e, ctx in
        guard !e.isNumber else { return nil }
        // Only a definition whose body's symbols all stand in `e` can be folded into it.
        let foldable = ctx.foldable(into: e.symbols)
        for def in foldable {
            if let out = foldDefinition(def, in: e) { return out }
        }
        for def in foldable {
            if let out = foldIntoSum(def, in: e) { return out }
        }
        return nil
    }

    /// `c \sum_m f_m` where `c f_m` folds: the denominators outside the sum taken in and folded with its body
    /// (`\frac{\sum_m K_{mb} e^{s_{am}}}{\sum_m e^{s_{am}}}` is `\sum_m K_{mb} A_{am}`, the softmax of attention).
    static func foldIntoSum(_ def: Definition, in e: Expr) -> Expr? {
        guard case .multiply(let fs) = e else { return nil }
        for (k, f) in fs.enumerated() {
            guard case .sum(let i, let r, let body) = f else { continue }
            // A delta on the sum's index contracts first (the sum then goes), as the styles show it.
            if body.contains(where: { if case .delta(let a, let b) = $0 { return a == i || b == i }; return false }) { continue }
            let movable = fs.indices.filter { n in
                guard n != k, case .power(_, let x) = fs[n], x.numberValue?.isNegative == true else { return false }
                return !fs[n].freeIndices.contains(i)
            }
            guard !movable.isEmpty, let folded = foldDefinition(def, in: .mul([body] + movable.map { fs[$0] })) else { continue }
            // Only where the denominators are gone into the definition: else the sum would merely grow.
            guard !movable.contains(where: { n in folded.factors.contains(fs[n]) }) else { continue }
            let rest = fs.indices.filter { $0 != k && !movable.contains($0) }.map { fs[$0] }
            return .mul(rest + [.indexSum(i, r, folded)])
        }
        return nil
    }

    /// Folds `def` into `e` as often as it matches (whole node, or a sub-product of a product).
    static func foldDefinition(_ def: Definition, in e: Expr) -> Expr? {
        var free = e.freeIndices + e.factors.flatMap(\.freeIndices)
        // Fixed entries fold too: e^{x_2} / \sum_m e^{x_m} is \hat{y}_2.
        _ = e.contains { node in
            if case .variable(_, let idx) = node { free += idx.filter { !$0.isNamed } }
            return false
        }
        let candidates = Array(Set(free)).sorted()
        guard def.indices.count <= 3, candidates.count <= 12 else { return nil }
        var tuples: [[Index]] = [[]]
        for _ in def.indices { tuples = tuples.flatMap { t in candidates.map { t + [$0] } } }
        var current = e
        var changed = false
        for t in tuples {
            guard let inst = def.instantiate(t) else { continue }
            let target = Expr.variable(def.symbol, t)
            if current.isAlphaEquivalent(to: inst) { return target }
            // Sub-product: take the factors of inst out of the product as often as they are there.
            guard case .multiply = inst, case .multiply = current else { continue }
            var guardCount = 0
            while guardCount < 8, let reduced = removeFactors(inst.factors, from: current.factors) {
                current = .mul(reduced + [target])
                changed = true
                guardCount += 1
                guard case .multiply = current else { break }
            }
        }
        return changed ? current : nil
    }

    /// The factors of `have` with the factors of `need` divided out, or `nil` when they are not all there
    /// with exponents of the same sign and at least the same size.
    static func removeFactors(_ need: [Expr], from have: [Expr]) -> [Expr]? {
        var pool: [(key: Expr, base: Expr, exp: Rational)] = []
        var others: [Expr] = []
        var coefficient = Rational.one
        for h in have {
            if let r = h.numberValue { coefficient = coefficient.multiplied(by: r) ?? coefficient; continue }
            let (b, ex) = h.baseAndExponent
            if let r = ex.numberValue { pool.append((b.alphaNormalized, b, r)) } else { others.append(h) }
        }
        for n in need {
            if let r = n.numberValue {
                guard let c = coefficient.divided(by: r) else { return nil }
                coefficient = c
                continue
            }
            let (b, ex) = n.baseAndExponent
            guard let r = ex.numberValue else { return nil }
            let key = b.alphaNormalized
            guard let p = pool.firstIndex(where: { $0.key == key }) else { return nil }
            let have = pool[p].exp
            guard have.isNegative == r.isNegative, !(have.magnitude < r.magnitude), let left = have.adding(r.negated() ?? .zero) else { return nil }
            pool[p].exp = left
        }
        return [.number(coefficient)] + others + pool.map { Expr.pow($0.base, .number($0.exp)) }
    }
}
