import SymbolicCore

/// The rectifier, `\operatorname{relu}(x) = \max(x, 0)`.
public enum Rectifier: ElementaryFunction {
    public static let name = "relu"
    public static let spellings: [Spelling] = [.word("relu"), .word("ReLU")]
    public static func numpy(_ x: String) -> String { "np.maximum(\(x), 0.0)" }
    public static func numpyDerivative(_ x: String) -> String? { "np.heaviside(\(x), 0.0)" }
    public static func value<N: RealArithmetic>(_ x: N) -> N { x.primal > 0 ? x : N(0) }
    /// The step: the indicator `\mathbb{1}_{x > 0}`.
    public static func derivative(_ u: Expr) -> Expr? { .apply(.step, [u]) }
    public static let rule = (name: "d-relu", description: "ReLU rule")
}

extension Function {
    public static let relu = Rectifier.function
}
