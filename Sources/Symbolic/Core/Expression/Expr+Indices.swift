// MARK: - Index substitution and renaming of dummies

extension Expr {
    /// Every index name that occurs anywhere, bound or free.
    public var allIndexNames: Set<String> {
        var names = Set<String>()
        func add(_ i: Index) { if let n = i.name { names.insert(n) } }
        func walk(_ e: Expr) {
            switch e {
            case .variable(_, let idx): idx.forEach(add)
            case .delta(let a, let b): add(a); add(b)
            case .sum(let i, _, _): add(i)
            case .array(let idx, _): idx.forEach(add)
            case .piecewise(let ps, _): ps.forEach { add($0.condition.lhs); add($0.condition.rhs) }
            default: break
            }
            e.children.forEach(walk)
        }
        walk(self)
        return names
    }

    /// The same expression with bound indices renamed `#0`, `#1`, ... in traversal order, so that
    /// expressions equal up to renaming of dummies are equal trees: `Σ_i y_i` and `Σ_m y_m` agree.
    /// Terms of sums are sorted too, so the key does not depend on the order terms were written in.
    public var alphaNormalized: Expr {
        guard contains(where: {
            switch $0 {
            case .sum, .array, .add: return true
            default: return false
            }
        }) else { return self }
        // A binder is named by its nesting level (de Bruijn style), so the names do not depend on
        // the order of sibling terms, which the key sorts.
        func walk(_ e: Expr, _ map: [String: Index], _ level: Int) -> Expr {
            switch e {
            case .sum(let i, let r, let body):
                guard let n = i.name else { return .sum(i, r, walk(body, map, level)) }
                let fresh = Index.named("#\(level)")
                var m = map
                m[n] = fresh
                return .sum(fresh, r, walk(body, m, level + 1))
            case .array(let idx, let body):
                var m = map
                var fresh: [Index] = []
                var l = level
                for i in idx {
                    if let n = i.name {
                        let f = Index.named("#\(l)")
                        l += 1
                        m[n] = f
                        fresh.append(f)
                    } else { fresh.append(i) }
                }
                return .array(fresh, walk(body, m, l))
            case .add(let ts):
                // Each term's dump once, not once a comparison: nested sums would cost the cube of their depth.
                let keyed = ts.map { t in let n = walk(t, map, level); return (n.description, n) }
                return .add(keyed.sorted { $0.0 < $1.0 }.map(\.1))
            default:
                let renamed = e.renamingLocal(map)
                let cs = renamed.children
                if cs.isEmpty { return renamed }
                return renamed.rebuiltRaw(cs.map { walk($0, map, level) })
            }
        }
        return walk(self, [:], 0)
    }

    /// Renames the indices stored in this node itself (not in children).
    func renamingLocal(_ map: [String: Index]) -> Expr {
        guard !map.isEmpty else { return self }
        func r(_ i: Index) -> Index { i.name.flatMap { map[$0] } ?? i }
        switch self {
        case .variable(let s, let idx): return .variable(s, idx.map(r))
        case .delta(let a, let b): return .kronecker(r(a), r(b))
        case .piecewise(let ps, let o):
            return .piecewise(ps.map { Piece($0.value, if: IndexCondition(r($0.condition.lhs), r($0.condition.rhs), isEqual: $0.condition.isEqual)) }, otherwise: o)
        default: return self
        }
    }

    /// Replaces children without re-canonicalizing (used where only names change).
    func rebuiltRaw(_ cs: [Expr]) -> Expr {
        switch self {
        case .add: return .add(cs)
        case .multiply: return .multiply(cs)
        case .power: return cs.count == 2 ? .power(cs[0], cs[1]) : self
        case .apply(let f, _): return .apply(f, cs)
        case .sum(let i, let r, _): return cs.count == 1 ? .sum(i, r, cs[0]) : self
        case .derivative: return cs.count == 2 ? .derivative(of: cs[0], wrt: cs[1]) : self
        case .piecewise(let ps, _):
            guard cs.count == ps.count + 1, let o = cs.last else { return self }
            return .piecewise(zip(ps, cs).map { Piece($1, if: $0.condition) }, otherwise: o)
        case .array(let idx, _): return cs.count == 1 ? .array(idx, cs[0]) : self
        default: return self
        }
    }

    /// Simultaneous, capture-avoiding substitution of free indices: `{i: k}` turns `y_i δ_ij` into `y_k δ_kj`.
    /// A bound index that would capture a substituted name is renamed first.
    public func substituting(_ map: [String: Index]) -> Expr {
        guard !map.isEmpty else { return self }
        switch self {
        case .sum(let i, let r, let body):
            return Expr.bind([i], body, map) { idx, b in .indexSum(idx[0], r, b) }
        case .array(let idx, let body):
            return Expr.bind(idx, body, map) { idx, b in .array(idx, b) }
        default:
            let local = renamingLocal(map)
            let cs = local.children
            if cs.isEmpty { return local }
            return local.withChildren(cs.map { $0.substituting(map) })
        }
    }

    private static func bind(_ bound: [Index], _ body: Expr, _ map: [String: Index], _ make: ([Index], Expr) -> Expr) -> Expr {
        var m = map
        for i in bound { if let n = i.name { m[n] = nil } }
        guard !m.isEmpty else { return make(bound, body) }
        let incoming = Set(m.values.compactMap(\.name))
        var newBound = bound
        var b = body
        var taken = body.allIndexNames.union(incoming).union(m.keys)
        for (p, i) in bound.enumerated() {
            guard let n = i.name, incoming.contains(n) else { continue }
            let fresh = Expr.freshIndexName(like: n, avoiding: taken)
            taken.insert(fresh)
            b = b.substituting([n: .named(fresh)])
            newBound[p] = .named(fresh)
        }
        return make(newBound, b.substituting(m))
    }

    /// A name for a new index near `base` that is not in `taken`: `m`, then `m'`, `m''`, then `m_2`...
    public static func freshIndexName(like base: String, avoiding taken: Set<String>) -> String {
        var candidate = base
        var primes = 0
        while taken.contains(candidate) {
            primes += 1
            candidate = primes <= 2 ? base + String(repeating: "'", count: primes) : "\(base)_{\(primes)}"
        }
        return candidate
    }

    /// Replaces each occurrence of `symbol` (with any indices) by `make(indices)`.
    public func replacingVariable(_ symbol: Symbol, with make: ([Index]) -> Expr?) -> Expr {
        postwalk { e in
            if case .variable(let s, let idx) = e, s == symbol, let r = make(idx) { return r }
            return e
        }
    }

    /// Equality up to renaming of dummy indices.
    public func isAlphaEquivalent(to other: Expr) -> Bool { alphaNormalized == other.alphaNormalized }
}

extension Expr {
    /// Replaces every occurrence of the index `old` (a name or a value) by `new`, bound or not.
    public func replacingIndex(_ old: Index, with new: Index) -> Expr {
        postwalk { e in
            switch e {
            case .variable(let s, let idx): return .variable(s, idx.map { $0 == old ? new : $0 })
            case .delta(let a, let b): return .kronecker(a == old ? new : a, b == old ? new : b)
            default: return e
            }
        }
    }
}

extension Expr {
    /// Replaces `\delta_{ab}` (either order) by `value`.
    public func replacingDeltas(_ a: Index, _ b: Index, with value: Expr) -> Expr {
        postwalk { e in
            if case .delta(let x, let y) = e, (x == a && y == b) || (x == b && y == a) { return value }
            return e
        }
    }
}

extension Expr {
    /// The symbols of the variables that occur.
    public var symbols: Set<Symbol> {
        var out = Set<Symbol>()
        func walk(_ e: Expr) {
            if case .variable(let s, _) = e { out.insert(s) }
            e.children.forEach(walk)
        }
        walk(self)
        return out
    }
}

extension Expr {
    /// Names of all indices bound by a sum or array somewhere inside.
    public var boundIndexNames: Set<String> {
        var out = Set<String>()
        func walk(_ e: Expr) {
            if case .sum(let i, _, _) = e, let n = i.name { out.insert(n) }
            if case .array(let idx, _) = e { idx.compactMap(\.name).forEach { out.insert($0) } }
            e.children.forEach(walk)
        }
        walk(self)
        return out
    }

    /// Renames every sum that binds `old` to bind `new` instead.
    public func renamingBound(_ old: String, to new: String) -> Expr {
        switch self {
        case .sum(let i, let r, let body) where i.name == old:
            return .indexSum(.named(new), r, body.substituting([old: .named(new)]).renamingBound(old, to: new))
        default:
            let cs = children
            return cs.isEmpty ? self : withChildren(cs.map { $0.renamingBound(old, to: new) })
        }
    }
}
