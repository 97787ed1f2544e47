import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// A Python module that imports only numpy, with the loss and the derived gradient, so that anyone can
/// check a result without derive.
public struct NumPyFormat: OutputFormat {
    public init() {}
    public let name = "numpy"
    public let summary = "a Python module (numpy only) with loss() and gradient()"

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        try NumPyFormat.module(problem: d.problem, gradient: d.result)
    }

    /// The module for `gradient`, an expression equal to `∂ loss / ∂ wrt` of `problem` (its free indices: the
    /// variable's).
    ///
    /// ```swift
    /// try NumPyFormat.module(problem: p, gradient: try Derivation.derive(p).result)
    /// ```
    public static func module(problem: Problem, gradient: Expr) throws -> String {
        var writer = try NumPyWriter(problem: problem)
        return try writer.render(gradient: gradient)
    }

    /// A result that NumPy code cannot express (cases, an unevaluated derivative, a function without numpy form).
    public struct Unsupported: Error, CustomStringConvertible {
        public var description: String
    }
}
