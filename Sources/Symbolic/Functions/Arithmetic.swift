import Foundation

/// The numbers elementary functions are written in: doubles, and dual numbers over them.
///
/// A function written once in this arithmetic (`1 / (1 + exp(-x))`) gives its value on doubles and,
/// on dual numbers, its derivatives, exactly and without any formula for them: the numeric judge so
/// never shares a derivative formula with the differentiation rule it judges. Only `exp`, `log` and
/// `sqrt` are primitive; their derivatives are the dual numbers' own.
///
/// ```swift
/// func swish<N: RealArithmetic>(_ x: N) -> N { x / (N(1) + (-x).exp()) }
/// swish(Dual(0, 1)).d   // 0.5
/// ```
public protocol RealArithmetic: Sendable {
    init(_ constant: Double)
    /// The value without its derivative parts: what a branch (`x > 0`) looks at.
    var primal: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    func exp() -> Self
    func log() -> Self
    func sqrt() -> Self
}

extension Double: RealArithmetic {
    @inlinable public var primal: Double { self }
    @inlinable public func exp() -> Double { Foundation.exp(self) }
    @inlinable public func log() -> Double { Foundation.log(self) }
    @inlinable public func sqrt() -> Double { Foundation.sqrt(self) }
}

/// A forward-mode dual number `v + d ε` with `ε² = 0` over any `RealArithmetic`: evaluating with `d = 1`
/// seeded on one input gives the exact derivative with respect to it. Over dual numbers (`DualNumber<Dual>`)
/// it carries second derivatives, which is how `\sigma'(t)` is evaluated from the sigmoid alone.
///
/// ```swift
/// let x = Dual(2, 1)
/// (x * x).d   // 4, the derivative of x^2 at 2
/// ```
public struct DualNumber<Base: RealArithmetic>: RealArithmetic {
    public var v: Base
    public var d: Base

    @inlinable public init(_ v: Base, _ d: Base) {
        self.v = v
        self.d = d
    }

    /// A constant: no derivative part.
    @inlinable public init(_ constant: Double) {
        v = Base(constant)
        d = Base(0)
    }

    @inlinable public var primal: Double { v.primal }

    @inlinable public static func + (a: Self, b: Self) -> Self { Self(a.v + b.v, a.d + b.d) }
    @inlinable public static func - (a: Self, b: Self) -> Self { Self(a.v - b.v, a.d - b.d) }
    @inlinable public static func * (a: Self, b: Self) -> Self { Self(a.v * b.v, a.d * b.v + a.v * b.d) }
    @inlinable public static func / (a: Self, b: Self) -> Self { Self(a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)) }
    @inlinable public static prefix func - (a: Self) -> Self { Self(-a.v, -a.d) }

    @inlinable public func exp() -> Self { let e = v.exp(); return Self(e, e * d) }
    @inlinable public func log() -> Self { Self(v.log(), d / v) }
    @inlinable public func sqrt() -> Self { let s = v.sqrt(); return Self(s, d / (Base(2) * s)) }
}

/// The dual numbers of the numeric judge: a value and its derivative by the seeded input.
public typealias Dual = DualNumber<Double>

extension DualNumber where Base == Double {
    /// `self ** p` for a constant `p`.
    @inlinable public func pow(_ p: Double) -> Dual {
        if p == 1 { return self }
        let value = Foundation.pow(v, p)
        return Dual(value, p * Foundation.pow(v, p - 1) * d)
    }

    /// `self ** e` for a dual exponent, through `exp(e log self)`.
    @inlinable public func pow(_ e: Dual) -> Dual {
        if e.d == 0 { return pow(e.v) }
        return (e * log()).exp()
    }

    @inlinable public var isFinite: Bool { v.isFinite && d.isFinite }
}

/// A double with a first-order bound on its rounding error: the error of `v` is at most about `u * m`, where
/// `u = 2^-53` is the unit roundoff and `m` (at least `|v|`) is the scale of the terms it was computed from.
///
/// A sum that cancels keeps the scale of its terms, so the judge can tell a difference that rounding alone
/// could make (two large terms that cancel to 1e-11 instead of 0) from a real one. Each operation adds its
/// own rounding and carries its operands' errors by their derivatives:
///
/// ```swift
/// let big = Rounded(1e6), x = Rounded(0.1)
/// let r = (big + x) - big       // 0.09999999997671694
/// r.m                          // 2000000.1: an error up to about 2e6 * 1.1e-16 is rounding
/// ```
public struct Rounded: RealArithmetic, Equatable {
    public var v: Double
    /// The scale of the rounding error: `|error| <~ u * m`.
    public var m: Double

    @inlinable public init(_ v: Double, scale m: Double) {
        self.v = v
        self.m = m
    }

    /// An exact input or constant: its only error is its own rounding.
    @inlinable public init(_ constant: Double) {
        v = constant
        m = Swift.abs(constant)
    }

    @inlinable public var primal: Double { v }
    @inlinable public static func + (a: Self, b: Self) -> Self { Self(a.v + b.v, scale: a.m + b.m) }
    @inlinable public static func - (a: Self, b: Self) -> Self { Self(a.v - b.v, scale: a.m + b.m) }
    @inlinable public static func * (a: Self, b: Self) -> Self {
        Self(a.v * b.v, scale: a.m * Swift.abs(b.v) + Swift.abs(a.v) * b.m)
    }
    @inlinable public static func / (a: Self, b: Self) -> Self {
        let q = a.v / b.v
        return Self(q, scale: (a.m + Swift.abs(q) * b.m) / Swift.abs(b.v))
    }
    @inlinable public static prefix func - (a: Self) -> Self { Self(-a.v, scale: a.m) }
    @inlinable public func exp() -> Self { let e = Foundation.exp(v); return Self(e, scale: e * (1 + m)) }
    @inlinable public func log() -> Self { let l = Foundation.log(v); return Self(l, scale: Swift.abs(l) + m / Swift.abs(v)) }
    @inlinable public func sqrt() -> Self { let s = Foundation.sqrt(v); return Self(s, scale: s + m / (2 * s)) }

    /// `self ** e`: its rounding, the base's error by `e x^(e-1)`, the exponent's by `x^e log x`.
    @inlinable public func pow(_ e: Self) -> Self {
        let r = Foundation.pow(v, e.v)
        var scale = Swift.abs(r) + Swift.abs(e.v * Foundation.pow(v, e.v - 1)) * m
        if e.m > Swift.abs(e.v), v > 0 { scale += Swift.abs(r * Foundation.log(v)) * e.m }
        return Self(r, scale: scale)
    }

    /// The unit roundoff of doubles, `2^-53`.
    public static let unitRoundoff = 0x1p-53
}

/// The numbers the numeric judge evaluates in: dual numbers whose value and derivative parts each carry a
/// bound on their rounding error, so that a comparison can tell cancellation noise from a wrong step.
public typealias JudgeNumber = DualNumber<Rounded>

extension DualNumber where Base == Rounded {
    @inlinable public init(_ v: Double, _ d: Double) { self.init(Rounded(v), Rounded(d)) }

    /// `self ** p` for a constant exponent.
    @inlinable public func pow(_ p: Rounded) -> Self {
        if p.v == 1 { return self }
        return Self(v.pow(p), p * v.pow(Rounded(p.v - 1, scale: p.m)) * d)
    }

    /// `self ** e` for a dual exponent, through `exp(e log self)`.
    @inlinable public func pow(_ e: Self) -> Self {
        if e.d.v == 0 { return pow(e.v) }
        return (e * log()).exp()
    }

    @inlinable public var isFinite: Bool { v.v.isFinite && d.v.isFinite }
}
