import SymbolicCore
import SymbolicFunctions

/// An explicit tolerance for comparing two doubles: `|a - b| <= absolute + relative * max(|a|, |b|)`.
///
/// Approximate equality is not transitive, so it is never used for `Equatable`. A NaN or an
/// infinity on either side never compares equal.
///
/// ```swift
/// Tolerance.default.accepts(1.0, 1.0 + 1e-12)   // true
/// Tolerance.default.accepts(.nan, .nan)         // false
/// ```
public struct Tolerance: Sendable, Equatable {
    public var relative: Double
    public var absolute: Double
    public init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    /// Relative 1e-9 on doubles, with an absolute floor of 1e-12 for values near zero.
    public static let `default` = Tolerance(relative: 1e-9, absolute: 1e-12)

    public func accepts(_ a: Double, _ b: Double) -> Bool {
        guard a.isFinite, b.isFinite else { return false }
        return Swift.abs(a - b) <= absolute + relative * Swift.max(Swift.abs(a), Swift.abs(b))
    }

    /// The error as a relative figure, `|a - b| / max(|a|, |b|, absolute / relative)`: below that floor
    /// the absolute tolerance decides, so rounding noise on values near zero does not read as a large error.
    public func relativeError(_ a: Double, _ b: Double) -> Double {
        let floor = relative > 0 ? absolute / relative : 0
        let scale = Swift.max(Swift.abs(a), Swift.abs(b), floor)
        return scale == 0 ? 0 : Swift.abs(a - b) / scale
    }
}
