import SymbolicCore
import SymbolicFunctions

// MARK: - Rules on index sums and Kronecker deltas

/// Rules that contract deltas and move factors in and out of index sums.
public enum IndexRules {
    /// `Σ_i δ_ik f_i = f_k`: a delta on a summed index picks one term of the sum.
    public static let deltaContract = Rule(name: "delta-contract", description: "contract delta") { e, _ in
        guard case .sum(let i, _, let body) = e, let n = i.name else { return nil }
        let fs = body.factors
        for (p, f) in fs.enumerated() {
            guard case .delta(let a, let b) = f else { continue }
            let other: Index
            if a == i, b != i { other = b } else if b == i, a != i { other = a } else { continue }
            var rest = fs
            rest.remove(at: p)
            return Expr.mul(rest).substituting([n: other])
        }
        return nil
    }

    /// `\sum_c \sum_b f \delta_{cd} = \sum_b f|_{c=d}`: a delta on a summed index contracts through the sums nested
    /// inside, where the other index is not one of theirs (the Einstein-notation homework contracts \delta_{cd} last, across the chain).
    public static let deltaContractThrough = Rule(name: "delta-contract-through", description: "contract delta") { e, _ in
        guard case .sum(let i, _, let body) = e, let n = i.name else { return nil }
        var inner: [(Index, IndexRange)] = []
        var current = body
        while case .sum(let j, let r, let b) = current { inner.append((j, r)); current = b }
        let bound = Set(inner.map(\.0))
        let fs = current.factors
        for (p, f) in fs.enumerated() {
            guard case .delta(let a, let b) = f else { continue }
            let other: Index
            if a == i, b != i { other = b } else if b == i, a != i { other = a } else { continue }
            guard !bound.contains(other) else { continue }
            var rest = fs
            rest.remove(at: p)
            var out = Expr.mul(rest)
            for (j, r) in inner.reversed() { out = .indexSum(j, r, out) }
            return out.substituting([n: other])
        }
        return nil
    }

    /// `\sum_a y_a c = c` for labels that sum to one and `c` free of `a` (the Einstein-notation homework: "sum over the one-hot y_a").
    public static let sumToOneFactor = Rule(name: "sum-to-one-factor", description: "sums to one") { e, ctx in
        guard case .sum(let i, _, let body) = e else { return nil }
        let fs = body.factors
        let carrying = fs.filter { $0.freeIndices.contains(i) }
        guard carrying.count == 1, case .variable(let s, let idx) = carrying[0], IndexRules.sumsOverLast(idx, i), ctx.sumsToOne(s), fs.count > 1 else { return nil }
        return .mul(fs.filter { $0 != carrying[0] })
    }

    /// `\sum_d \sum_c (f + g) = \sum_d \sum_c f + \sum_d \sum_c g`: nested sums over a sum of terms, split in one step.
    public static let splitNested = Rule(name: "sum-split-nested", description: "split sum") { e, _ in
        guard case .sum = e else { return nil }
        var nest: [(Index, IndexRange)] = []
        var current = e
        while case .sum(let j, let r, let b) = current { nest.append((j, r)); current = b }
        guard case .add(let ts) = current else { return nil }
        return .plus(ts.map { t in
            var out = t
            for (j, r) in nest.reversed() { out = .indexSum(j, r, out) }
            return out
        })
    }

    /// `\sum_d \sum_c f + \sum_d \sum_c g = \sum_d \sum_c (f + g)`: terms summed over the same indices, one sum.
    public static let joinSums = Rule(name: "sum-join", description: "one sum") { e, _ in
        guard case .add(let ts) = e else { return nil }
        func nest(_ t: Expr) -> (Rational, [(Index, IndexRange)], Expr)? {
            let (c, rest) = t.coefficientAndRest
            var n: [(Index, IndexRange)] = []
            var current = rest
            while case .sum(let j, let r, let b) = current { n.append((j, r)); current = b }
            return n.isEmpty ? nil : (c, n, current)
        }
        for p in ts.indices {
            guard let (c1, n1, b1) = nest(ts[p]) else { continue }
            for q in ts.indices where q > p {
                guard let (c2, n2, b2) = nest(ts[q]), n1.count == n2.count,
                      zip(n1, n2).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 }) else { continue }
                var joined = Expr.plus([.mul([.number(c1), b1]), .mul([.number(c2), b2])])
                for (j, r) in n1.reversed() { joined = .indexSum(j, r, joined) }
                var out = ts
                out[p] = joined
                out.remove(at: q)
                return .plus(out)
            }
        }
        return nil
    }

    /// `Σ_i (a_i + b_i) = Σ_i a_i + Σ_i b_i`.
    public static let split = Rule(name: "sum-split", description: "split sum") { e, _ in
        guard case .sum(let i, let r, let body) = e, case .add(let ts) = body else { return nil }
        return .plus(ts.map { .indexSum(i, r, $0) })
    }

    /// `Σ_i c f_i = c Σ_i f_i` for factors `c` that do not involve `i`.
    public static let factorOut = Rule(name: "sum-factor", description: "factor out of sum") { e, _ in
        guard case .sum(let i, let r, let body) = e else { return nil }
        let fs = body.factors
        let outside = fs.filter { !$0.freeIndices.contains(i) }
        guard !outside.isEmpty, outside.count < fs.count else { return nil }
        return .mul(outside + [.indexSum(i, r, .mul(fs.filter { $0.freeIndices.contains(i) }))])
    }

    /// `Σ_i y_i = 1` for a one-hot or probability vector `y`.
    public static let sumToOne = Rule(name: "sum-to-one", description: "sums to one") { e, ctx in
        guard case .sum(let i, _, let body) = e, case .variable(let s, let idx) = body, IndexRules.sumsOverLast(idx, i),
              ctx.sumsToOne(s) else { return nil }
        return .one
    }

    /// A sum over the last index of a vector, or of each row of a matrix (`\sum_k y_{nk}` for sample n), and
    /// only that one: what "sums to one" speaks of.
    static func sumsOverLast(_ idx: [Index], _ i: Index) -> Bool {
        idx.last == i && !idx.dropLast().contains(i)
    }

    /// `\hat{y}_i \delta_{ij} - \hat{y}_i \hat{y}_j` as cases: where `i = j` the delta is 1 and `j` becomes `i`;
    /// otherwise the delta is 0. For an expression with free indices and one delta between two of them.
    public static let splitCases = Rule(name: "split-cases", description: "the cases of equal and of different indices") { e, _ in
        if case .piecewise = e { return nil }
        let free = Set(e.freeIndices)
        var pair: (Index, Index)?
        _ = e.contains { n in
            if case .delta(let a, let b) = n, free.contains(a), free.contains(b), a.isNamed, b.isNamed { pair = (a, b); return true }
            if case .sum = n { return false }
            return false
        }
        guard let (a, b) = pair, let bn = b.name else { return nil }
        let equal = e.substituting([bn: a])
        let different = e.replacingDeltas(a, b, with: .zero)
        return .cases([Expr.Piece(equal, if: IndexCondition(a, b))], otherwise: different)
    }

    /// Two sums of one product that bind the same index: the one that holds a derivative or a delta
    /// takes a fresh index (the Einstein-notation homework writes \sum_p e^{\theta_p} beside \sum_m e^{\theta_m}).
    public static let renameDummy = Rule(name: "rename-dummy", description: "rename the summation index") { e, _ in
        guard case .multiply(let fs) = e else { return nil }
        var seen: [String: Int] = [:]
        for (p, f) in fs.enumerated() {
            guard case .sum(let i, _, _) = f.baseAndExponent.0, let n = i.name else { continue }
            if let q = seen[n] {
                // Rename the later one unless the earlier is the one with the delta or derivative.
                let marked = { (x: Expr) in x.contains { if case .delta = $0 { return true }; if case .derivative = $0 { return true }; return false } }
                let target = marked(fs[q]) && !marked(f) ? q : p
                guard case .sum(let j, let r, let body) = fs[target], let old = j.name else { return nil }
                let taken = e.allIndexNames
                let fresh = ["p", "q", "r", "s", "t"].first { !taken.contains($0) } ?? Expr.freshIndexName(like: old, avoiding: taken)
                var out = fs
                out[target] = .indexSum(.named(fresh), r, body.substituting([old: .named(fresh)]))
                return .mul(out)
            }
            seen[n] = p
        }
        return nil
    }

    /// `v` where `i = j`, `w` elsewhere, as one expression: `\mathbb{1}_{i=j} v + (1 - \mathbb{1}_{i=j}) w`; with `w = 0`,
    /// `\mathbb{1}_{i=j} v` (the backpropagation slides's "more compactly"). Only once nothing is left to differentiate.
    public static let joinCases = Rule(name: "join-cases", description: "more compactly, with an indicator") { e, _ in
        guard case .piecewise(let ps, let o) = e, ps.count == 1, let p = ps.first, p.condition.isEqual,
              !e.contains(where: { if case .derivative = $0 { return true }; return false }) else { return nil }
        let d = Expr.kronecker(p.condition.lhs, p.condition.rhs)
        return .plus([.mul([d, p.value]), .mul([.sub(.one, d), o])])
    }

    /// `[c f_i]_i = c [f_i]_i`: a factor of every entry is taken out of the vector.
    public static let arrayFactor = Rule(name: "array-factor", description: "take the common factor out of the vector") { e, _ in
        guard case .array(let idx, let body) = e else { return nil }
        let fs = body.factors
        let inside = fs.filter { f in idx.contains { f.freeIndices.contains($0) } }
        let outside = fs.filter { f in !idx.contains { f.freeIndices.contains($0) } }
        guard !outside.isEmpty, !inside.isEmpty else { return nil }
        return .mul(outside + [.array(idx, .mul(inside))])
    }

    /// `Σ_i a_i (\delta_{ik} - b) = Σ_i (a_i \delta_{ik} - a_i b)`: a product in a sum is multiplied out where that
    /// frees a delta on the summed index, and nowhere else (the sign in front stays outside).
    public static let expandForDelta = Rule(name: "expand-for-delta", description: "multiply out") { e, _ in
        // The product under the sums (nested, as the chain rule makes them), and the indices they bind.
        guard case .sum = e else { return nil }
        var nest: [(Index, IndexRange)] = []
        var current = e
        while case .sum(let j, let r, let b) = current { nest.append((j, r)); current = b }
        let bound = Set(nest.map(\.0))
        guard case .multiply(let fs) = current,
              fs.contains(where: { f in
                  guard case .add(let ts) = f else { return false }
                  return ts.contains { $0.factors.contains { if case .delta(let a, let b) = $0 { return bound.contains(a) || bound.contains(b) }; return false } }
              }),
              var out = Expr.multiplyOut(fs) else { return nil }
        for (j, r) in nest.reversed() { out = .indexSum(j, r, out) }
        return out
    }

    /// `\sum_i f_i = f_j + \sum_{i \neq j} f_i` where the summand ties `i` to `j` (a delta, or a derivative of an
    /// `i` entry by a `j` entry): the term `i = j` apart from the others (the row-by-row solution, the logistic-regression homework).
    public static func splitTerm(at j: Index) -> Rule {
        Rule(name: "split-term", description: "one term apart from the others") { e, _ in
            guard case .sum(let i, let r, let body) = e, let n = i.name, i != j, body.exclusion(of: i) == nil,
                  body.contains(where: { node in
                      switch node {
                      case .delta(let a, let b): return Set([a, b]) == Set([i, j])
                      case .derivative(let f, let x): return f.freeIndices.contains(i) && x.freeIndices.contains(j)
                      default: return false
                      }
                  }) else { return nil }
            return .plus([body.substituting([n: j]), .indexSum(i, r, .mul([.sub(.one, .kronecker(i, j)), body]))])
        }
    }

    /// `\delta_{ij}` decided by a condition on `i` and `j`: `1` where `i = j`, `0` where `i \neq j`.
    public static func deltas(under c: IndexCondition) -> Rule {
        Rule(name: "delta-condition", description: "the indicator where the condition holds") { e, _ in
            guard case .delta(let a, let b) = e, Set([a, b]) == Set([c.lhs, c.rhs]) else { return nil }
            return c.isEqual ? .one : .zero
        }
    }

    /// `\sum_{i \neq j} \delta_{ij} f_i = 0`: inside a sum that leaves out `i = j`, the delta is zero.
    public static let excludedDelta = Rule(name: "delta-excluded", description: "the indicator where the condition holds") { e, _ in
        guard case .sum(let i, let r, let body) = e, let (j, rest) = body.exclusion(of: i),
              rest.contains(where: { if case .delta(let a, let b) = $0 { return Set([a, b]) == Set([i, j]) }; return false }) else { return nil }
        return .indexSum(i, r, .mul([.sub(.one, .kronecker(i, j)), rest.replacingDeltas(i, j, with: .zero)]))
    }

    /// `f_j + \sum_{i \neq j} f_i = \sum_i f_i`: the term apart goes back into the sum (a factor outside the sum
    /// counts with it: `y_j c + c \sum_{i \neq j} y_i = c \sum_i y_i`).
    public static let mergeTerm = Rule(name: "merge-term", description: "the term back into the sum") { e, _ in
        guard case .add(let ts) = e else { return nil }
        for (p, t) in ts.enumerated() {
            let fs = t.factors
            guard let sp = fs.firstIndex(where: { if case .sum(let i, _, let b) = $0 { return b.exclusion(of: i) != nil }; return false }),
                  case .sum(let i, let r, let body) = fs[sp], let n = i.name, let (j, g) = body.exclusion(of: i) else { continue }
            var outside = fs
            outside.remove(at: sp)
            let term = Expr.mul(outside + [g]).substituting([n: j]).alphaNormalized
            guard let q = ts.indices.first(where: { $0 != p && ts[$0].alphaNormalized == term }) else { continue }
            var out: [Expr] = []
            for (k, u) in ts.enumerated() where k != q {
                out.append(k == p ? .mul(outside + [.indexSum(i, r, g)]) : u)
            }
            return .plus(out)
        }
        return nil
    }

    /// A derivative as cases: where `a = b` (with `a` made `b`), and otherwise, to be worked out apart (the logistic-regression homework:
    /// `\partial \sigma_k / \partial z_j` is `\partial \sigma_j / \partial z_j` where `k = j`).
    public static func cases(of a: Index, _ b: Index) -> Rule {
        Rule(name: "split-cases-of", description: "the cases of equal and of different indices") { e, _ in
            guard case .derivative = e, let an = a.name, e.freeIndices.contains(a), e.freeIndices.contains(b) else { return nil }
            return .cases([Expr.Piece(e.substituting([an: b]), if: IndexCondition(a, b))], otherwise: e)
        }
    }

    /// The rules in the order the default simplification tries them.
    public static let all: [Rule] = [deltaContract, split, factorOut, sumToOne]
}
