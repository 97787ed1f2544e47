/// An exact rational number in lowest terms with a positive denominator.
///
/// Arithmetic is overflow-checked: every operation returns `nil` instead of trapping,
/// so callers can keep an unfolded form when a result does not fit in `Int`.
///
/// ```swift
/// let half = Rational(1, 2)!          // \frac{1}{2}
/// half.adding(Rational(1, 3)!)        // 5/6
/// ```
public struct Rational: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// Makes `n / d` in lowest terms; `nil` when `d == 0` or the result does not fit.
    public init?(_ n: Int, _ d: Int = 1) {
        guard d != 0, n != Int.min, d != Int.min else { return nil }
        let g = Rational.gcd(abs(n), abs(d))
        let sign = d < 0 ? -1 : 1
        numerator = sign * n / Swift.max(g, 1)
        denominator = sign * d / Swift.max(g, 1)
    }

    public init(integer: Int) {
        // Int.min has no negation; clamp it, which no parser path can produce.
        numerator = integer == Int.min ? Int.min + 1 : integer
        denominator = 1
    }

    public static let zero = Rational(integer: 0)
    public static let one = Rational(integer: 1)
    public static let minusOne = Rational(integer: -1)

    public var isInteger: Bool { denominator == 1 }
    public var isZero: Bool { numerator == 0 }
    public var isNegative: Bool { numerator < 0 }
    public var doubleValue: Double { Double(numerator) / Double(denominator) }
    public var magnitude: Rational { Rational(integer: abs(numerator)).divided(by: Rational(integer: denominator)) ?? self }

    public func adding(_ o: Rational) -> Rational? {
        let (a, o1) = numerator.multipliedReportingOverflow(by: o.denominator)
        let (b, o2) = o.numerator.multipliedReportingOverflow(by: denominator)
        let (d, o3) = denominator.multipliedReportingOverflow(by: o.denominator)
        guard !o1, !o2, !o3 else { return nil }
        let (n, o4) = a.addingReportingOverflow(b)
        guard !o4 else { return nil }
        return Rational(n, d)
    }

    public func multiplied(by o: Rational) -> Rational? {
        let (n, o1) = numerator.multipliedReportingOverflow(by: o.numerator)
        let (d, o2) = denominator.multipliedReportingOverflow(by: o.denominator)
        guard !o1, !o2 else { return nil }
        return Rational(n, d)
    }

    public func negated() -> Rational? { Rational(-numerator, denominator) }

    public func divided(by o: Rational) -> Rational? {
        guard o.numerator != 0 else { return nil }
        return multiplied(by: Rational(o.denominator, o.numerator) ?? .zero)
    }

    /// `self ** exponent` for an integer exponent; `nil` on overflow or `0 ** negative`.
    public func power(_ exponent: Int) -> Rational? {
        if exponent == 0 { return .one }
        guard exponent.magnitude <= 64 else { return nil }
        var result = Rational.one
        for _ in 0..<Int(exponent.magnitude) {
            guard let r = result.multiplied(by: self) else { return nil }
            result = r
        }
        return exponent < 0 ? Rational.one.divided(by: result) : result
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        // Compare in Double only when exact cross-multiplication overflows.
        let (l, o1) = a.numerator.multipliedReportingOverflow(by: b.denominator)
        let (r, o2) = b.numerator.multipliedReportingOverflow(by: a.denominator)
        if o1 || o2 { return a.doubleValue < b.doubleValue }
        return l < r
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
