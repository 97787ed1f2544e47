// MARK: - Smart constructors
//
// Every node outside this file is built through these functions, which keep the canonical
// form: flattened sums and products, like terms and like powers combined, constants folded,
// identities dropped and operands in one fixed order.

extension Expr: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Rational(integer: value)) }
}

extension Expr {
    public static let zero = Expr.number(.zero)
    public static let one = Expr.number(.one)
    public static let minusOne = Expr.number(.minusOne)

    public static func int(_ n: Int) -> Expr { .number(Rational(integer: n)) }
    public static func rational(_ n: Int, _ d: Int) -> Expr { Rational(n, d).map(Expr.number) ?? .zero }

    /// A scalar or indexed variable by name: `Expr.symbol("y", "i")` is `y_i`.
    public static func symbol(_ name: String, _ indices: String...) -> Expr {
        .variable(Symbol(name), indices.map { Index.named($0) })
    }

    public static func neg(_ e: Expr) -> Expr { .mul([.minusOne, e]) }
    public static func sub(_ a: Expr, _ b: Expr) -> Expr { .plus([a, .neg(b)]) }
    public static func div(_ a: Expr, _ b: Expr) -> Expr { .mul([a, .pow(b, .minusOne)]) }

    /// `\sum_{i} body` with the range left to inference.
    public static func indexSum(_ i: String, _ body: Expr) -> Expr { .indexSum(.named(i), IndexRange(), body) }

    /// `\sum_{i} body`; an empty body (`0`) gives `0`.
    /// A numeric coefficient of the body moves in front: `Σ_i (-x_i) = -Σ_i x_i`.
    public static func indexSum(_ i: Index, _ range: IndexRange, _ body: Expr) -> Expr {
        if body.isZero { return .zero }
        let (c, rest) = body.coefficientAndRest
        if c != .one, !rest.isOne { return .mul([.number(c), .sum(i, range, rest)]) }
        return .sum(i, range, body)
    }

    /// `\frac{\partial f}{\partial x}`, kept unevaluated.
    public static func partial(_ f: Expr, wrt x: Expr) -> Expr { .derivative(of: f, wrt: x) }

    /// A `cases` expression; rows whose value equals `otherwise` are kept, since they say something.
    public static func cases(_ pieces: [Piece], otherwise: Expr) -> Expr {
        pieces.isEmpty ? otherwise : .piecewise(pieces, otherwise: otherwise)
    }

    // MARK: Sums

    /// A canonical sum: flattened, like terms (up to renaming of dummies and order) merged into the
    /// place of their first occurrence, zeros dropped, and a positive term first when there is one.
    /// Terms otherwise keep the order they were written in, so `y \log p + (1-y) \log(1-p)` reads as typed;
    /// `alphaNormalized` sorts them for comparisons.
    public static func plus(_ terms: [Expr]) -> Expr {
        var flat: [Expr] = []
        func collect(_ e: Expr) {
            if case .add(let ts) = e { ts.forEach(collect) } else { flat.append(e) }
        }
        terms.forEach(collect)

        // Slots in first-seen order: a constant slot or a (coefficient, rest) group.
        var slots: [Expr?] = []                     // alpha key of the group, nil for the constant
        var constant = Rational.zero
        var constantSeen = false
        var groups: [Expr: (Rational, Expr)] = [:]
        var leftovers: [Expr] = []                  // terms whose coefficient overflowed
        for t in flat {
            if let r = t.numberValue {
                if let s = constant.adding(r) { constant = s } else { leftovers.append(t) }
                if !constantSeen { constantSeen = true; slots.append(nil) }
                continue
            }
            let (c, rest) = t.coefficientAndRest
            let key = rest.alphaNormalized
            if let (old, repr) = groups[key] {
                if let s = old.adding(c) { groups[key] = (s, repr) } else { leftovers.append(t) }
            } else {
                groups[key] = (c, rest)
                slots.append(key)
            }
        }
        var out: [Expr] = []
        for slot in slots {
            if let key = slot {
                guard let (c, rest) = groups[key], !c.isZero else { continue }
                out.append(c == .one ? rest : .mul([.number(c), rest]))
            } else if !constant.isZero {
                out.append(.number(constant))
            }
        }
        out += leftovers
        if let first = out.first, first.coefficientAndRest.0.isNegative,
           let p = out.firstIndex(where: { !$0.coefficientAndRest.0.isNegative }) {
            out.insert(out.remove(at: p), at: 0)
        }
        switch out.count {
        case 0: return .zero
        case 1: return out[0]
        default: return .add(out)
        }
    }

    // MARK: Products

    /// A canonical product: flattened, numbers folded, powers of one base combined, ones dropped, sorted.
    public static func mul(_ factors: [Expr]) -> Expr {
        var flat: [Expr] = []
        func collect(_ e: Expr) {
            if case .multiply(let fs) = e { fs.forEach(collect) } else { flat.append(e) }
        }
        factors.forEach(collect)

        var coefficient = Rational.one
        var extraNumbers: [Expr] = []
        var order: [Expr] = []
        var groups: [Expr: (Expr, [Expr])] = [:]   // alpha key of base -> (base, exponents)
        for f in flat {
            if let r = f.numberValue {
                if r.isZero { return .zero }
                if let p = coefficient.multiplied(by: r) { coefficient = p } else { extraNumbers.append(f) }
                continue
            }
            let (b, e) = f.baseAndExponent
            let key = b.alphaNormalized
            if let (base, es) = groups[key] { groups[key] = (base, es + [e]) } else {
                groups[key] = (b, [e])
                order.append(key)
            }
        }
        var out: [Expr] = []
        for key in order {
            guard let (base, es) = groups[key] else { continue }
            let exponent = es.count == 1 ? es[0] : Expr.plus(es)
            let p = Expr.pow(base, exponent)
            if let r = p.numberValue {
                if r.isZero { return .zero }
                if let q = coefficient.multiplied(by: r) { coefficient = q } else { extraNumbers.append(p) }
            } else if case .multiply(let inner) = p {
                // (x y)^n distributed, or a number pulled out of a power.
                for g in inner {
                    if let r = g.numberValue, let q = coefficient.multiplied(by: r) { coefficient = q } else { out.append(g) }
                }
            } else {
                out.append(p)
            }
        }
        out = sortedFactors(out)
        if coefficient.isZero { return .zero }
        if coefficient != .one || out.isEmpty { out.insert(.number(coefficient), at: 0) }
        out.insert(contentsOf: extraNumbers, at: out.isEmpty ? 0 : 1)
        return out.count == 1 ? out[0] : .multiply(out)
    }

    // MARK: Powers

    /// `base^exponent`, folding numbers and nested integer powers, distributing integer powers over products.
    public static func pow(_ base: Expr, _ exponent: Expr) -> Expr {
        if exponent.isZero { return .one }
        if exponent.isOne { return base }
        if base.isOne { return .one }
        if let b = base.numberValue, let e = exponent.numberValue, e.isInteger {
            if let r = b.power(e.numerator) { return .number(r) }
            return .power(base, exponent)
        }
        if base.isZero, let e = exponent.numberValue, !e.isNegative { return .zero }
        if let e = exponent.numberValue, e.isInteger {
            switch base {
            case .power(let b, let inner):
                if let i = inner.numberValue, let p = i.multiplied(by: e) { return .pow(b, .number(p)) }
                return .power(b, .mul([inner, exponent]))
            case .multiply(let fs):
                return .mul(fs.map { .pow($0, exponent) })
            case .delta where !e.isNegative:
                return base      // δ^n = δ for n >= 1
            default: break
            }
        }
        return .power(base, exponent)
    }

    // MARK: Order

    /// Rank of a factor kind: numbers, variables, sums of plain symbols (`1 - y`), functions, deltas,
    /// index sums, other sums of terms, derivatives; so products read `y_i (1 - \hat{y}_i) \log p_i \delta_{ik}`.
    static func rank(_ e: Expr) -> Int {
        switch e {
        case .number: return 0
        case .variable: return 10
        case .add:
            let plain = !e.contains { if case .apply = $0 { return true }; if case .sum = $0 { return true }; if case .derivative = $0 { return true }; return false }
            return plain ? 15 : 50
        case .apply: return 20
        case .delta: return 30
        case .sum: return 40
        case .multiply: return 50
        case .power(let b, _): return rank(b)
        case .derivative: return 60
        case .piecewise: return 70
        case .array: return 80
        }
    }

    /// Factors in canonical order: by `rank`, then by `sortKey`, ties in the order given. Each key is worked
    /// out once per factor, not once per comparison: a key dumps the whole factor, and a wide product of
    /// sums would otherwise spend most of its time building the same strings again.
    static func sortedFactors(_ fs: [Expr]) -> [Expr] {
        guard fs.count > 1 else { return fs }
        let keys = fs.map { (rank($0), sortKey($0)) }
        let order = fs.indices.sorted { a, b in
            let (ka, kb) = (keys[a], keys[b])
            if ka.0 != kb.0 { return ka.0 < kb.0 }
            if ka.1 != kb.1 { return ka.1 < kb.1 }
            return a < b
        }
        return order.map { fs[$0] }
    }

    /// The key that orders operands: the dump of the dummy-normalized form, base first for powers.
    static func sortKey(_ e: Expr) -> String {
        let (b, ex) = e.baseAndExponent
        return b.alphaNormalized.description + "^" + ex.description
    }
}

extension Expr {
    /// The Kronecker delta in canonical form: `δ_ii = 1`, `δ_12 = 0`, indices sorted.
    public static func kronecker(_ a: Index, _ b: Index) -> Expr {
        if a == b { return .one }
        if case .value = a, case .value = b { return .zero }
        return a < b ? .delta(a, b) : .delta(b, a)
    }
}
