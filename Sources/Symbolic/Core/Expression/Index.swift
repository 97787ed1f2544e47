/// An index of an indexed symbol: a name (`i`, `k`, `\ell`, `i'`) or a concrete position (`1`, `2`).
///
/// ```swift
/// Index.named("k")   // the k in \theta_k
/// Index.value(2)     // the 2 in y_2
/// ```
public enum Index: Hashable, Sendable, Comparable, CustomStringConvertible {
    case named(String)
    case value(Int)

    public var name: String? { if case .named(let n) = self { return n } else { return nil } }
    public var isNamed: Bool { name != nil }

    public static func < (a: Index, b: Index) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): return x < y
        case (.value, .named): return true
        case (.named, .value): return false
        case (.named(let x), .named(let y)): return x < y
        }
    }

    public var description: String {
        switch self {
        case .named(let n): return n
        case .value(let v): return "\(v)"
        }
    }
}

/// The range of a summation index: `lower ... upper`, where `upper` names a size (`K`)
/// or is left for shape inference to decide (`\sum_i`).
///
/// ```swift
/// IndexRange(upper: "K")   // \sum_{i=1}^{K}
/// IndexRange()             // \sum_i
/// ```
public struct IndexRange: Hashable, Sendable {
    public var lower: Int
    public var upper: String?
    public init(lower: Int = 1, upper: String? = nil) {
        self.lower = lower
        self.upper = upper
    }
}

/// An equality or inequality between two indices, as in `\mathbb{1}_{i=k}` or a `cases` row `i \neq k`.
public struct IndexCondition: Hashable, Sendable {
    public var lhs: Index
    public var rhs: Index
    public var isEqual: Bool
    public init(_ lhs: Index, _ rhs: Index, isEqual: Bool = true) {
        self.lhs = lhs
        self.rhs = rhs
        self.isEqual = isEqual
    }
}
