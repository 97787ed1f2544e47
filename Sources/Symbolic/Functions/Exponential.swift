import SymbolicCore

/// The exponential, `e^{x}` or `\exp(x)`.
public enum Exponential: ElementaryFunction {
    public static let name = "exp"
    public static let spellings: [Spelling] = [.command("\\exp"), .word("exp")]
    public static let latexName = "\\exp"
    public static func latex(_ a: PrintedArgument) -> String { a.exponentialAsPower ? "e^{\(a.text)}" : "\\exp" + a.bracketed }
    public static func unicode(_ a: PrintedArgument) -> String {
        a.isSimple && a.expr.freeIndices.isEmpty ? "e^\(a.text)" : "e^(\(a.text))"
    }
    public static func numpy(_ x: String) -> String { "np.exp(\(x))" }
    public static func numpyDerivative(_ x: String) -> String? { "np.exp(\(x))" }
    public static func value<N: RealArithmetic>(_ x: N) -> N { x.exp() }
    public static func derivative(_ u: Expr) -> Expr? { .exp(u) }
}

extension Function {
    public static let exp = Exponential.function
}

extension Expr {
    /// `e^{e}`.
    public static func exp(_ e: Expr) -> Expr { .apply(.exp, [e]) }
}
