import SymbolicCore
import SymbolicFunctions

// MARK: - From index notation to matrix notation

/// Turns an expression in index notation into matrix notation, where one exists.
public enum MatrixForm {
    /// Why an expression has no matrix form: a sentence about an expression (`subject`, printed in front of
    /// `text` by whoever reports it, since rules do not print) or about the whole.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var lead: String
        public var subject: Expr?
        public var text: String
        init(_ lead: String = "", _ subject: Expr? = nil, _ text: String) {
            self.lead = lead
            self.subject = subject
            self.text = text
        }
        init(_ subject: Expr, _ text: String) { self.init("", subject, text) }
        init(description: String) { self.init("", nil, description) }

        /// The reason with its expression printed by `show`.
        public func description(showing show: (Expr) -> String) -> String {
            guard let subject else { return text }
            return (lead.isEmpty ? "" : lead + " ") + show(subject) + " " + text
        }
        public var description: String { description(showing: \.description) }
    }

    /// `e` with free indices `free` (one: a vector; two: a matrix, rows then columns) in matrix notation.
    public static func convert(_ e: Expr, free: [Index]) throws -> MatrixExpr {
        switch free.count {
        case 1: return try vector(e, free[0])
        case 2:
            // A vector factor common to every term, with the row or the column index only: x_l - x_l t_k^2 = ((1 - t^2) x^T)_{kl}.
            if case .add(let ts) = e, let (common, rest) = commonFactor(ts), common.freeIndices.count == 1 {
                // Where the rest has no form of its own (\hat{y}_k (\delta_{kl} - \hat{y}_l)), the terms are taken one by one.
                if common.freeIndices == [free[1]], let u = try? vector(rest, free[0]), let v = try? entrywise(common, free[1]) { return .outer(u, v) }
                if common.freeIndices == [free[0]], let u = try? entrywise(common, free[0]), let v = try? vector(rest, free[1]) { return .outer(u, v) }
            }
            // A sum of matrices, term by term.
            if case .add(let ts) = e {
                var cs: [Rational] = []
                var ms: [MatrixExpr] = []
                for t in ts {
                    let (c, rest) = t.coefficientAndRest
                    cs.append(c)
                    ms.append(try convert(rest, free: free))
                }
                return .combination(cs, ms)
            }
            // An outer product: the factors that carry the row index apart from those that carry the column index.
            let (summed, body) = unnest(e)
            let (c, rest) = body.coefficientAndRest
            // Scalars stand in front: \lambda \delta_{kl} is \lambda I.
            let scalars = rest.factors.filter { $0.freeIndices.isEmpty }
            let factors = rest.factors.filter { !$0.freeIndices.isEmpty }
            let coefficient: Expr? = scalars.isEmpty && c == .one ? nil : .mul([.number(c)] + scalars)
            func scaled(_ m: MatrixExpr) -> MatrixExpr { coefficient.map { .scaled($0, m) } ?? m }
            let groups = components(factors, summed: summed)
            if groups.count == 1 {
                // Matrices multiplied along a chain of summed indices: \sum_n (\hat{y}_{nj} - y_{nj}) x_{nd} = ((\hat{Y} - Y)^T X)_{jd}.
                return scaled(try matrixChain(factors, from: free[0], to: free[1]))
            }
            guard groups.count == 2 else { throw Failure(description: "the entries do not split into a row part and a column part") }
            let row = groups.first { g in g.contains { $0.freeIndices.contains(free[0]) } }
            let column = groups.first { g in g.contains { $0.freeIndices.contains(free[1]) } }
            guard let row, let column, row != column else { throw Failure(description: "the row and column indices are not apart") }
            func part(_ g: [Expr], _ i: Index) throws -> MatrixExpr {
                var body = Expr.mul(g)
                for s in summed where body.freeIndices.contains(s) { body = .indexSum(s, IndexRange(), body) }
                return try vector(body, i)
            }
            return scaled(MatrixExpr.outer(try part(row, free[0]), try part(column, free[1])))
        default:
            throw Failure(description: "only vectors and matrices have a matrix form")
        }
    }

    /// A factor every term has, and the sum of the terms without it.
    static func commonFactor(_ terms: [Expr]) -> (Expr, Expr)? {
        guard let first = terms.first else { return nil }
        for f in first.coefficientAndRest.1.factors where !f.freeIndices.isEmpty {
            var rests: [Expr] = []
            for t in terms {
                let (c, rest) = t.coefficientAndRest
                var fs = rest.factors
                guard let at = fs.firstIndex(of: f) else { break }
                fs.remove(at: at)
                rests.append(.mul([.number(c)] + fs))
            }
            if rests.count == terms.count { return (f, .plus(rests)) }
        }
        return nil
    }

    /// The sums at the top of `e`, and what they sum.
    static func unnest(_ e: Expr) -> ([Index], Expr) {
        var out: [Index] = []
        var current = e
        var coefficient = Rational.one
        while true {
            let (c, rest) = current.coefficientAndRest
            guard case .sum(let i, _, let body) = rest else { break }
            coefficient = coefficient.multiplied(by: c) ?? coefficient
            out.append(i)
            current = body
        }
        return (out, coefficient == .one ? current : .mul([.number(coefficient), current]))
    }

    /// Factors connected by the indices they share.
    static func components(_ factors: [Expr], summed: [Index]) -> [[Expr]] {
        var groups: [[Expr]] = []
        for f in factors {
            let links = Set(f.freeIndices)
            let joined = groups.indices.filter { g in groups[g].contains { !Set($0.freeIndices).intersection(links).isEmpty } }
            var merged = [f]
            for g in joined.reversed() { merged += groups.remove(at: g) }
            groups.append(merged)
        }
        return groups
    }

    /// A factor with two indices as a matrix whose rows run over `row`: `W_{ij}`, or a bracket of such
    /// (`\hat{y}_{nj} - y_{nj}`); the other index.
    static func asMatrix(_ f: Expr, row: Index) throws -> (MatrixExpr, Index) {
        let idx = f.freeIndices
        guard idx.count == 2, idx.contains(row), let other = idx.first(where: { $0 != row }) else {
            throw Failure(f, "is not a matrix with the index \(row)")
        }
        switch f {
        case .variable(let s, let si):
            return si[0] == row ? (.matrix(s), other) : (.transpose(.matrix(s)), other)
        case .delta:
            return (.identity, other)
        case .sum:
            // A product along a chain, itself a matrix: \sum_i B_{ik} C_{im} = (B^T C)_{km}.
            return (try convert(f, free: [row, other]), other)
        case .add(let ts):
            var cs: [Rational] = []
            var ms: [MatrixExpr] = []
            for t in ts {
                let (c, rest) = t.coefficientAndRest
                let (m, o) = try asMatrix(rest, row: row)
                guard o == other else { throw Failure("the terms of", f, "have other indices") }
                cs.append(c)
                ms.append(m)
            }
            return (.combination(cs, ms), other)
        default:
            throw Failure(f, "is not an entry of a matrix")
        }
    }

    /// `a b`, without identities, and with two diagonals side by side made one.
    static func times(_ a: MatrixExpr?, _ b: MatrixExpr) -> MatrixExpr {
        guard let a else { return b }
        if case .identity = b { return a }
        if case .identity = a { return b }
        if case .diag(let u) = a, case .diag(let v) = b {
            if case .hadamard(let us) = u { return .diag(.hadamard(us + [v])) }
            return .diag(.hadamard([u, v]))
        }
        if case .product(let p, .diag(let u)) = a, case .diag(let v) = b { return .product(p, times(.diag(u), .diag(v))) }
        return .product(a, b)
    }

    /// Matrices along a chain of indices from `row` to `column`, each step a matrix product.
    static func matrixChain(_ factors: [Expr], from row: Index, to column: Index) throws -> MatrixExpr {
        var pending = factors
        var index = row
        var current: MatrixExpr?
        for _ in 0..<factors.count {
            // The entries of vectors at this index first, then the matrix that leads on.
            guard let p = pending.firstIndex(where: { $0.freeIndices == [index] }) ?? pending.firstIndex(where: { $0.freeIndices.contains(index) }) else { break }
            let f = pending.remove(at: p)
            // An entry of a vector on the chain is a diagonal matrix: \sum_n X_{nk} s_n X_{nl} = (X^T diag(s) X)_{kl}.
            if f.freeIndices.count == 1 {
                current = times(current, .diag(try entrywise(f, index)))
                continue
            }
            let (m, next) = try asMatrix(f, row: index)
            current = times(current, m)
            index = next
        }
        if current == nil, index == column { current = .identity }
        guard pending.isEmpty, index == column, let result = current else {
            throw Failure(description: "the matrices do not form one chain from \(row) to \(column)")
        }
        return result
    }

    /// A vector with free index `i`: a sum of such, or a product walked along its chain of matrices from its
    /// far end, entrywise factors taken in where their index stands.
    static func vector(_ e: Expr, _ i: Index) throws -> MatrixExpr {
        // The same in every entry: a multiple of the ones vector.
        if !e.freeIndices.contains(i) {
            guard e.freeIndices.isEmpty else { throw Failure(e, "has indices but not \(i)") }
            return e == .one ? .ones : .scaled(e, .ones)
        }
        let (summed, body) = unnest(e)
        if summed.isEmpty, case .add(let ts) = body {
            var cs: [Rational] = []
            var ms: [MatrixExpr] = []
            for t in ts {
                let (c, rest) = t.coefficientAndRest
                cs.append(c)
                ms.append(try vector(rest, i))
            }
            return .combination(cs, ms)
        }
        let (c, rest) = body.coefficientAndRest
        var scalars: [Expr] = c == .one ? [] : [.number(c)]
        var vectors: [(Index, Expr)] = []
        var matrices: [(Index, Index, MatrixExpr)] = []
        for f in rest.factors {
            let idx = f.freeIndices
            switch idx.count {
            case 0: scalars.append(f)
            case 1: vectors.append((idx[0], f))
            case 2:
                let (m, other) = try asMatrix(f, row: idx[0])
                matrices.append((idx[0], other, m))
            default: throw Failure(f, "has more than two indices")
            }
        }
        // Start where the chain ends: at a summed index that only one matrix (or none) reaches.
        var index: Index
        if let start = vectors.first(where: { v in summed.contains(v.0) && matrices.filter { $0.0 == v.0 || $0.1 == v.0 }.count <= 1 })?.0 {
            index = start
        } else if matrices.isEmpty {
            index = i
        } else {
            throw Failure(description: "the product has no end to start from (a trace, or indices that do not form a chain)")
        }
        var current: MatrixExpr?
        var pending = vectors
        var rows = matrices
        for _ in 0...(matrices.count + 1) {
            // Entrywise factors at the current index.
            let here = pending.filter { $0.0 == index }
            pending.removeAll { $0.0 == index }
            for (_, f) in here {
                let v = try entrywise(f, index)
                current = current.map { c in
                    if case .hadamard(let ms) = c { return .hadamard(ms + [v]) }
                    return .hadamard([c, v])
                } ?? v
            }
            guard let p = rows.firstIndex(where: { $0.0 == index || $0.1 == index }), let v = current else { break }
            let (a, b, m) = rows.remove(at: p)
            // Applying M_{ab} over b gives the entries at a (M v); over a, at b (M^T v).
            if b == index { current = .apply(m, v); index = a } else { current = .apply(m.transposed, v); index = b }
        }
        guard rows.isEmpty, pending.isEmpty, index == i, var result = current else {
            throw Failure(description: "the indices of the product do not form one chain ending at \(i)")
        }
        if !scalars.isEmpty { result = .scaled(.mul(scalars), result) }
        return result
    }

    /// A factor with one index as a vector: `x_i`, `\sigma'(t_i)`, `(\hat{y}_i - y_i)`.
    static func entrywise(_ f: Expr, _ i: Index) throws -> MatrixExpr {
        switch f {
        case .variable(let s, let idx) where idx == [i]: return .vector(s)
        case .apply(let fn, let args) where args.count == 1: return .map(fn, try entrywise(args[0], i))
        case .add, .sum: return try vector(f, i)
        case .power(let base, let p) where p.freeIndices.isEmpty:
            // (1 + e^{z_i})^{-2}: a power of each entry.
            return .power(try entrywise(base, i), p)
        case .multiply(let fs):
            let scalars = fs.filter { !$0.freeIndices.contains(i) }
            let parts = try fs.filter { $0.freeIndices.contains(i) }.map { try entrywise($0, i) }
            guard let first = parts.first else { throw Failure(f, "has no index \(i)") }
            let product = parts.count == 1 ? first : .hadamard(parts)
            return scalars.isEmpty ? product : .scaled(.mul(scalars), product)
        default:
            throw Failure(f, "is not an entry of a vector")
        }
    }
}
