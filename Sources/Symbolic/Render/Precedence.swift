import SymbolicCore

// MARK: - The one precedence table: a child weaker than its context gets brackets

/// Binding strength of a printed form; a child weaker than its context gets brackets.
enum Precedence: Int, Comparable {
    case sum = 1        // a + b
    case product = 2    // a b, \frac{a}{b}
    case unary = 3      // -a
    case power = 4      // a^{b}
    case atom = 5       // x_i, (a), \frac{...}{...} standing alone

    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

    static func of(_ e: Expr) -> Precedence {
        switch e {
        case .add: return .sum
        case .multiply(let fs):
            if let c = fs.first?.numberValue, c.isNegative { return .unary }
            return .product
        case .number(let r): return r.isNegative ? .unary : (r.isInteger ? .atom : .product)
        case .power(_, let x): return x.numberValue?.isNegative == true ? .product : .power
        case .sum, .derivative: return .product
        default: return .atom
        }
    }
}
