import Symbolic

/// Seeded random expressions built through the smart constructors, for property tests.
///
/// Free indices are `k` only (or none); sums bind `m` or `n`; symbols are the seeds' (`y`, `\hat{y}`,
/// `\theta`, `x`, `W^{(1)}`), so the expressions look like what users write.
struct ExprGenerator {
    var rng: SeededRandom

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    mutating func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    /// An expression whose free indices are exactly `free` (empty or one index), so sums conform.
    mutating func expr(depth: Int, free: [String]) -> Expr {
        if depth <= 0 { return leaf(free) }
        switch pick(9) {
        case 0, 1: return .plus([expr(depth: depth - 1, free: free), expr(depth: depth - 1, free: free)])
        case 2, 3: return .mul([expr(depth: depth - 1, free: free), expr(depth: depth - 1, free: pick(3) == 0 ? free : [])])
        case 4: return .pow(expr(depth: depth - 1, free: free), .int([2, -1, 3][pick(3)]))
        case 5: return .apply([.exp, .sigmoid, .tanh][pick(3)], [expr(depth: depth - 1, free: free)])
        case 6: return .log(.plus([.int(2), .pow(expr(depth: depth - 1, free: free), 2)]))
        case 7:
            let m = ["m", "n"][pick(2)]
            return .indexSum(.named(m), IndexRange(), .mul([indexed(m), expr(depth: depth - 1, free: free)]))
        default:
            if let k = free.first { return .mul([.kronecker(.named(k), .named("m")), indexed("m")]).withSum("m") }
            return leaf(free)
        }
    }

    mutating func indexed(_ i: String) -> Expr {
        [Expr.symbol("y", i), .variable(Symbol("y", accent: .hat), [.named(i)]), .symbol("\\theta", i), .variable(Symbol("x", label: "1"), [.named(i)])][pick(4)]
    }

    mutating func leaf(_ free: [String]) -> Expr {
        if let k = free.first { return pick(3) == 0 ? .mul([.int(pick(3) + 2), indexed(k)]) : indexed(k) }
        switch pick(4) {
        case 0: return .int(pick(5) + 1)
        case 1: return .rational(1, pick(3) + 2)
        case 2: return .symbol("z")
        default: return .symbol("a")
        }
    }
}

extension Expr {
    /// Wraps in a sum over `i` (for generated deltas).
    func withSum(_ i: String) -> Expr { .indexSum(.named(i), IndexRange(), self) }
}
