import SymbolicCore

/// The softplus, `\operatorname{softplus}(x) = \log(1 + e^{x})`, a smooth ReLU whose derivative is the sigmoid.
/// (`\log(1 + e^{x})` written out stays that expression: this is the function by name.)
public enum Softplus: ElementaryFunction {
    public static let name = "softplus"
    public static let spellings: [Spelling] = [.word("softplus")]
    public static func numpy(_ x: String) -> String { "np.logaddexp(0.0, \(x))" }
    public static func numpyDerivative(_ x: String) -> String? { "_sigmoid(\(x))" }
    /// `x + \log(1 + e^{-x})` for positive arguments, so that `e^{x}` never overflows.
    public static func value<N: RealArithmetic>(_ x: N) -> N {
        x.primal > 0 ? x + (N(1) + (-x).exp()).log() : (N(1) + x.exp()).log()
    }
    public static func derivative(_ u: Expr) -> Expr? { .apply(.sigmoid, [u]) }
}

extension Function {
    public static let softplus = Softplus.function
}
