import Foundation
import SymbolicCore

/// A forward-mode dual number `v + d ε` with `ε² = 0`: evaluating with `d = 1` seeded on one
/// input gives the exact derivative with respect to it, independently of any symbolic rule.
///
/// ```swift
/// let x = Dual(2, 1)
/// (x * x).d   // 4, the derivative of x^2 at 2
/// ```
public struct Dual: Sendable, Equatable {
    public var v: Double
    public var d: Double
    public init(_ v: Double, _ d: Double = 0) {
        self.v = v
        self.d = d
    }

    public static func + (a: Dual, b: Dual) -> Dual { Dual(a.v + b.v, a.d + b.d) }
    public static func - (a: Dual, b: Dual) -> Dual { Dual(a.v - b.v, a.d - b.d) }
    public static func * (a: Dual, b: Dual) -> Dual { Dual(a.v * b.v, a.d * b.v + a.v * b.d) }
    public static func / (a: Dual, b: Dual) -> Dual { Dual(a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)) }
    public static prefix func - (a: Dual) -> Dual { Dual(-a.v, -a.d) }

    public func exp() -> Dual { let e = Foundation.exp(v); return Dual(e, e * d) }
    public func log() -> Dual { Dual(Foundation.log(v), d / v) }
    public func sqrt() -> Dual { let s = Foundation.sqrt(v); return Dual(s, d / (2 * s)) }
    public func tanh() -> Dual { let t = Foundation.tanh(v); return Dual(t, (1 - t * t) * d) }
    public func sigmoid() -> Dual {
        // Written to avoid overflow of exp for large |v|.
        let s = v >= 0 ? 1 / (1 + Foundation.exp(-v)) : Foundation.exp(v) / (1 + Foundation.exp(v))
        return Dual(s, s * (1 - s) * d)
    }

    /// `self ** p` for a constant `p`.
    public func pow(_ p: Double) -> Dual {
        if p == 1 { return self }
        let value = Foundation.pow(v, p)
        return Dual(value, p * Foundation.pow(v, p - 1) * d)
    }

    /// `self ** e` for a dual exponent, through `exp(e log self)`.
    public func pow(_ e: Dual) -> Dual {
        if e.d == 0 { return pow(e.v) }
        return (e * log()).exp()
    }

    public var isFinite: Bool { v.isFinite && d.isFinite }
}
