import SymbolicCore

/// The logistic sigmoid, `\sigma(x) = \frac{1}{1 + e^{-x}}`.
public enum Sigmoid: ElementaryFunction {
    public static let name = "sigma"
    public static let spellings: [Spelling] = [.letterOrCall("\\sigma"), .word("sigmoid")]
    public static let latexName = "\\sigma"
    public static let unicodeName = "σ"
    /// The helper every NumPy module defines, stable for large arguments.
    public static func numpy(_ x: String) -> String { "_sigmoid(\(x))" }
    public static func numpyDerivative(_ x: String) -> String? { "(_sigmoid(\(x)) * (1.0 - _sigmoid(\(x))))" }
    /// Written so that `e^{-x}` never overflows: the branch follows the sign.
    public static func value<N: RealArithmetic>(_ x: N) -> N {
        x.primal >= 0 ? N(1) / (N(1) + (-x).exp()) : x.exp() / (N(1) + x.exp())
    }
    public static func derivative(_ u: Expr) -> Expr? { .mul([.apply(.sigmoid, [u]), .sub(.one, .apply(.sigmoid, [u]))]) }
    public static let rule = (name: "d-sigmoid", description: "sigmoid rule")
}

extension Function {
    public static let sigmoid = Sigmoid.function
}
