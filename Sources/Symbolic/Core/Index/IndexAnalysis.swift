/// A violation of index conformance, such as `x_i + y_j`.
public struct IndexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Expr {
    /// The free (not summed) named indices, in order of first appearance.
    ///
    /// `\sum_i y_i \delta_{ik}` has free index `k`; `i` is a dummy.
    public var freeIndices: [Index] {
        var seen: [Index] = []
        func add(_ i: Index, _ bound: Set<Index>) {
            if i.isNamed, !bound.contains(i), !seen.contains(i) { seen.append(i) }
        }
        func walk(_ e: Expr, _ bound: Set<Index>) {
            switch e {
            case .variable(_, let idx): idx.forEach { add($0, bound) }
            case .delta(let a, let b): add(a, bound); add(b, bound)
            case .sum(let i, _, let body): walk(body, bound.union([i]))
            case .array(let idx, let body): walk(body, bound.union(idx))
            case .piecewise(let ps, let o):
                for p in ps { add(p.condition.lhs, bound); add(p.condition.rhs, bound); walk(p.value, bound) }
                walk(o, bound)
            default: e.children.forEach { walk($0, bound) }
            }
        }
        walk(self, [])
        return seen
    }

    /// Checks that the terms of every sum carry the same free indices; returns the free indices.
    ///
    /// `x_i + y_j` throws: the terms of a sum must carry the same free indices.
    /// A term whose indices are among another's is broadcast (`1 - \hat{y}_i`, `\delta_{ij} - c_j`).
    @discardableResult
    public func checkIndices() throws -> [Index] {
        try Expr.check(self, depth: 0)
        return freeIndices
    }

    private static func check(_ e: Expr, depth: Int) throws {
        guard depth < 2_000 else { throw IndexError("expression nested too deeply to check") }
        let groups: [Expr]
        switch e {
        case .add(let ts): groups = ts
        case .piecewise(let ps, let o): groups = ps.map(\.value) + [o]
        default: groups = []
        }
        let sets = groups.map { Set($0.freeIndices) }
        // Compatible when every two sets are nested: a term broadcasts over the indices it lacks.
        if let first = sets.first(where: { a in sets.contains { b in !(a.isSubset(of: b) || b.isSubset(of: a)) } }),
           let bad = sets.first(where: { !($0.isSubset(of: first) || first.isSubset(of: $0)) }) {
            func show(_ s: Set<Index>) -> String { "{" + s.map(\.description).sorted().joined(separator: ", ") + "}" }
            throw IndexError("terms of a sum have different free indices: \(show(first)) and \(show(bad))")
        }
        for c in e.children { try check(c, depth: depth + 1) }
    }
}

extension Expr {
    /// `\sum_i (1 - \delta_{ij}) f_i` leaves out `i = j`: for the body of a sum over `i`, the index `j` and the
    /// body without that factor.
    public func exclusion(of i: Index) -> (Index, Expr)? {
        let fs = factors
        for (p, f) in fs.enumerated() {
            guard case .add(let ts) = f, ts.count == 2, ts.contains(.one),
                  let other = ts.first(where: { $0 != .one }), case .multiply(let g) = other, g.count == 2, g[0] == .minusOne,
                  case .delta(let a, let b) = g[1], a == i || b == i else { continue }
            let j = a == i ? b : a
            guard j != i else { continue }
            var rest = fs
            rest.remove(at: p)
            return (j, .mul(rest))
        }
        return nil
    }
}

extension Expr {
    /// The body under nested sums: `\sum_b \sum_a f` has `f`.
    public var innermost: Expr {
        var current = self
        while case .sum(_, _, let body) = current { current = body }
        return current
    }

    /// How often `i` stands as an index in the expression, outside sums that bind it again: twice in
    /// `y_i \log \hat{y}_i`, which Einstein notation reads as a sum.
    public func occurrences(of i: Index) -> Int {
        switch self {
        case .variable(_, let idx): return idx.filter { $0 == i }.count
        case .delta(let a, let b): return (a == i ? 1 : 0) + (b == i ? 1 : 0)
        case .sum(let j, _, let body): return j == i ? 0 : body.occurrences(of: i)
        default: return children.reduce(0) { $0 + $1.occurrences(of: i) }
        }
    }

    /// `1 - \delta_{ij}`: the factor that leaves an index out of a sum, not a bracket to multiply out.
    public var isExclusion: Bool {
        guard case .add(let ts) = self, ts.count == 2, ts.contains(.one),
              let other = ts.first(where: { $0 != .one }), case .multiply(let g) = other, g.count == 2, g[0] == .minusOne,
              case .delta = g[1] else { return false }
        return true
    }
}

extension Expr {
    /// The index names that the expression also writes as numbers: a bare symbol of the same name, as `D` in
    /// `D a_D` or `k` in `\sum_k k x_k`. derive reads an index only as a subscript, so such a symbol would be a
    /// second, unrelated quantity: the reader meant one thing and the engine would compute another. Names in
    /// `except` (the sizes of sum ranges, which a bare symbol may stand for, and defined symbols) are not reported.
    ///
    /// `(D a_D + D^2).indicesUsedAsNumbers(except: [])` is `["D"]`.
    public func indicesUsedAsNumbers(except: Set<String>) -> [String] {
        var indexNames = Set<String>()
        var bare: [String] = []
        func note(_ i: Index) { if let n = i.name { indexNames.insert(n) } }
        _ = contains { node in
            switch node {
            case .variable(let s, let idx):
                idx.forEach(note)
                if idx.isEmpty, s.accent == .none, !s.bold, s.label == nil, !bare.contains(s.name) { bare.append(s.name) }
            case .delta(let a, let b): note(a); note(b)
            case .sum(let i, _, _): note(i)
            case .array(let idx, _): idx.forEach(note)
            case .piecewise(let ps, _): for p in ps { note(p.condition.lhs); note(p.condition.rhs) }
            default: break
            }
            return false
        }
        return bare.filter { indexNames.contains($0) && !except.contains($0) }
    }

    /// The names of the sizes of every sum range (`K` in `\sum_{k=1}^{K}`).
    public var sizeNames: Set<String> {
        var out = Set<String>()
        _ = contains { node in
            if case .sum(_, let r, _) = node, let u = r.upper { out.insert(u) }
            return false
        }
        return out
    }
}

extension Expr {
    /// The indices that sums bind anywhere in the expression, outermost and leftmost first, each once.
    ///
    /// `(\sum_i y_i \sum_m e^{\theta_m}).summedIndices` is `[i, m]`.
    public var summedIndices: [Index] {
        var out: [Index] = []
        var stack = [self]
        var budget = 1_000_000
        while let x = stack.popLast(), budget > 0 {
            budget -= 1
            if case .sum(let i, _, _) = x, !out.contains(i) { out.append(i) }
            stack += x.children.reversed()
        }
        return out
    }

    /// The sums of one symbol's entries in the expression, `\sum_k y_k` and `\sum_{k \neq j} y_k`, each once, in
    /// the order they first appear: where a one-hot or probability vector sums to one, or is wrongly said to.
    public var entrySums: [Expr] {
        var out: [Expr] = []
        _ = contains { node in
            guard case .sum(let i, _, let body) = node, !out.contains(node) else { return false }
            if case .variable(_, let idx) = body.exclusion(of: i)?.1 ?? body, idx == [i] { out.append(node) }
            return false
        }
        return out
    }
}
