/// Whether vectors in matrix notation are rows (`\mathbf{v} W^{T}`, as the Einstein-notation homework writes
/// them) or columns (`W \mathbf{v}`).
public enum MatrixConvention: String, Sendable {
    case row, column
}

/// A vector or matrix written without indices: what `(\hat{y}_b - y_b) W_{db} \sigma'(t_d) W_{kd}` becomes
/// as `(\hat{\mathbf{y}} - \mathbf{y}) W^{(2)T} \circ \sigma'(\mathbf{t}) W^{(1)T}`.
///
/// Every case has one meaning in indices (`entry(at:)`), so a conversion can be checked numerically
/// against the index form it came from.
///
/// ```swift
/// let m = MatrixForm.convert(e, free: [.named("k")])   // nil where no matrix form exists
/// m?.entry(at: [.named("k")])                          // back to indices, for the numeric check
/// ```
public indirect enum MatrixExpr: Sendable, Equatable {
    /// The vector `x` of the entries `x_i`.
    case vector(Symbol)
    /// A function applied entry by entry: `\sigma'(\mathbf{t})`.
    case map(Function, MatrixExpr)
    /// A scalar times a vector or matrix.
    case scaled(Expr, MatrixExpr)
    /// A sum of vectors with rational coefficients: `\hat{\mathbf{y}} - \mathbf{y}`.
    case combination([Rational], [MatrixExpr])
    /// The entrywise (Hadamard) product `\circ`.
    case hadamard([MatrixExpr])
    /// A matrix applied to a vector: the entries `\sum_j M_{ij} v_j`.
    case apply(MatrixExpr, MatrixExpr)
    /// The outer product `u \otimes v`: the entries `u_i v_j`.
    case outer(MatrixExpr, MatrixExpr)
    /// The matrix `M` of the entries `M_{ij}`.
    case matrix(Symbol)
    /// `M^T`: the entries `M_{ji}`.
    case transpose(MatrixExpr)
    /// The matrix product `A B`: the entries `\sum_m A_{im} B_{mj}`.
    case product(MatrixExpr, MatrixExpr)
    /// The softmax of a vector: the entries `e^{v_a} / \sum_m e^{v_m}`.
    case softmax(MatrixExpr)
    /// The identity matrix `I`: the entries `\delta_{ij}`.
    case identity
    /// The vector of ones `\mathbf{1}`.
    case ones
    /// The diagonal matrix of a vector: the entries `v_i \delta_{ij}`.
    case diag(MatrixExpr)
    /// A power taken entry by entry (the Hadamard power `v^{\circ p}`): the entries `v_i^p`.
    case power(MatrixExpr, Expr)

    /// How many indices the entries have: 1 for a vector, 2 for a matrix.
    public var rank: Int {
        switch self {
        case .outer, .matrix, .transpose, .product, .identity, .diag: return 2
        case .scaled(_, let m), .map(_, let m), .power(let m, _): return m.rank
        case .combination(_, let ms), .hadamard(let ms): return ms.first?.rank ?? 1
        default: return 1
        }
    }

    /// The transpose, simplified: `(M^T)^T = M`.
    public var transposed: MatrixExpr {
        if case .transpose(let m) = self { return m }
        if case .identity = self { return self }
        if case .diag = self { return self }
        return .transpose(self)
    }

    /// The entry at `indices` in index notation, with sums over fresh indices where matrices are applied.
    public func entry(at indices: [Index]) -> Expr {
        var counter = 0
        func fresh(avoiding taken: Set<String>) -> Index {
            var n: String
            repeat { counter += 1; n = "#m\(counter)" } while taken.contains(n)
            return .named(n)
        }
        func walk(_ m: MatrixExpr, _ at: [Index]) -> Expr {
            switch m {
            case .vector(let s): return .variable(s, Array(at.prefix(1)))
            case .matrix(let s): return .variable(s, Array(at.prefix(2)))
            case .identity:
                guard at.count == 2 else { return .zero }
                return .kronecker(at[0], at[1])
            case .ones: return .one
            case .power(let m, let p): return .pow(walk(m, at), p)
            case .diag(let v):
                guard at.count == 2 else { return .zero }
                return .mul([walk(v, [at[0]]), .kronecker(at[0], at[1])])
            case .transpose(let m): return walk(m, at.count == 2 ? [at[1], at[0]] : at)
            case .map(let f, let inner): return .apply(f, [walk(inner, at)])
            case .scaled(let c, let inner): return .mul([c, walk(inner, at)])
            case .combination(let cs, let ms): return .plus(zip(cs, ms).map { .mul([.number($0), walk($1, at)]) })
            case .hadamard(let ms): return .mul(ms.map { walk($0, at) })
            case .apply(let matrix, let v):
                guard let i = at.first else { return .zero }
                let j = fresh(avoiding: Set(at.compactMap(\.name)))
                return .indexSum(j, IndexRange(), .mul([walk(matrix, [i, j]), walk(v, [j])]))
            case .product(let a, let b):
                guard at.count == 2 else { return .zero }
                let m = fresh(avoiding: Set(at.compactMap(\.name)))
                return .indexSum(m, IndexRange(), .mul([walk(a, [at[0], m]), walk(b, [m, at[1]])]))
            case .outer(let u, let v):
                guard at.count == 2 else { return .zero }
                return .mul([walk(u, [at[0]]), walk(v, [at[1]])])
            case .softmax(let v):
                guard let a = at.first else { return .zero }
                let m = fresh(avoiding: Set(at.compactMap(\.name)))
                let exp = Function.elementary("exp")
                return .mul([.apply(exp, [walk(v, [a])]), .pow(.indexSum(m, IndexRange(), .apply(exp, [walk(v, [m])])), .minusOne)])
            }
        }
        return walk(self, indices)
    }
}
