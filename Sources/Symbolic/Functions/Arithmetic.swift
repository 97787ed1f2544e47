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
