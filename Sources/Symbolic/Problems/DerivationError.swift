import SymbolicCore

/// An error in setting up or running a derivation.
public struct DerivationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Where the rewriting ran out of its budget: which limit it reached.
    public var stopReason: StopReason?
    public init(_ message: String, stopReason: StopReason? = nil) {
        self.message = message
        self.stopReason = stopReason
    }
    public var description: String { message }
}
