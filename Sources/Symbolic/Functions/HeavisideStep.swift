import SymbolicCore

/// The Heaviside step, `1` for a positive argument and `0` otherwise: the derivative of ReLU, printed as the
/// indicator `\mathbb{1}_{x > 0}` (the parser reads that form too).
public enum HeavisideStep: ElementaryFunction {
    public static let name = "step"
    public static let spellings: [Spelling] = [.word("step")]
    public static func latex(_ a: PrintedArgument) -> String { "\(a.indicatorCommand)_{\(a.text) > 0}" }
    public static func unicode(_ a: PrintedArgument) -> String { "𝟙[\(a.text) > 0]" }
    public static func numpy(_ x: String) -> String { "np.heaviside(\(x), 0.0)" }
    public static func value<N: RealArithmetic>(_ x: N) -> N { x.primal > 0 ? N(1) : N(0) }
    /// Zero but at 0, where it has none: derive does not differentiate it.
    public static func derivative(_ u: Expr) -> Expr? { nil }
}

extension Function {
    public static let step = HeavisideStep.function
}
