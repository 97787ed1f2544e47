import SymbolicCore

/// The hyperbolic tangent, `\tanh x`.
public enum HyperbolicTangent: ElementaryFunction {
    public static let name = "tanh"
    public static let spellings: [Spelling] = [.command("\\tanh"), .word("tanh")]
    public static let latexName = "\\tanh"
    public static func numpy(_ x: String) -> String { "np.tanh(\(x))" }
    public static func numpyDerivative(_ x: String) -> String? { "(1.0 - np.tanh(\(x)) ** 2)" }
    /// `(1 - e^{-2x}) / (1 + e^{-2x})`, mirrored for negative arguments, so that nothing overflows.
    public static func value<N: RealArithmetic>(_ x: N) -> N {
        let t = (N(-2) * (x.primal >= 0 ? x : -x)).exp()
        let magnitude = (N(1) - t) / (N(1) + t)
        return x.primal >= 0 ? magnitude : -magnitude
    }
    public static func derivative(_ u: Expr) -> Expr? { .sub(.one, .pow(.apply(.tanh, [u]), .int(2))) }
}

extension Function {
    public static let tanh = HyperbolicTangent.function
}
