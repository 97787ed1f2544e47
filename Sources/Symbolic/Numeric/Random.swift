import Foundation
import SymbolicCore
import SymbolicFunctions

/// A seeded SplitMix64 generator: the same seed gives the same samples on every machine.
///
/// ```swift
/// var rng = SeededRandom(seed: 42)
/// rng.uniform(-1, 1)
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on `[a, b)`.
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(next() >> 11) / Double(1 << 53)
    }

    /// Standard normal, by Box-Muller.
    public mutating func normal() -> Double {
        let u = Swift.max(uniform(0, 1), 1e-300), v = uniform(0, 1)
        return Foundation.sqrt(-2 * Foundation.log(u)) * Foundation.cos(2 * Double.pi * v)
    }
}
