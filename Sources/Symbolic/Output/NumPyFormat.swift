import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicRender

/// A Python module that imports only numpy, with the loss and the derived gradient, so that anyone can
/// check a result without derive.
public struct NumPyFormat: OutputFormat {
    public init() {}
    public let name = "numpy"
    public let summary = "a Python module (numpy only) with loss() and gradient()"

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        try NumPyPrinter.module(problem: d.problem, gradient: d.result)
    }
}
