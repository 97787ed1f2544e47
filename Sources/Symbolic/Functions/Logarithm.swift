import SymbolicCore

/// The natural logarithm, `\log x`, also written `\ln x`.
public enum Logarithm: ElementaryFunction {
    public static let name = "log"
    public static let spellings: [Spelling] = [.command("\\log"), .command("\\ln"), .word("log")]
    public static let latexName = "\\log"
    public static func latex(_ a: PrintedArgument) -> String { a.isSimple && !a.logParentheses ? "\\log " + a.text : "\\log" + a.bracketed }
    public static func unicode(_ a: PrintedArgument) -> String { a.isSimple && !a.logParentheses ? "log " + a.text : "log" + a.bracketed }
    public static func numpy(_ x: String) -> String { "np.log(\(x))" }
    public static func numpyDerivative(_ x: String) -> String? { "(1.0 / (\(x)))" }
    public static func value<N: RealArithmetic>(_ x: N) -> N { x.log() }
    public static let positiveArgument = true
    public static func derivative(_ u: Expr) -> Expr? { .pow(u, .minusOne) }
}

extension Function {
    public static let log = Logarithm.function
}

extension Expr {
    /// `\log e`.
    public static func log(_ e: Expr) -> Expr { .apply(.log, [e]) }
}
