import SymbolicCore

/// The square root, `\sqrt{x}`.
public enum SquareRoot: ElementaryFunction {
    public static let name = "sqrt"
    public static let spellings: [Spelling] = [.braced("\\sqrt"), .word("sqrt")]
    public static let latexName = "\\sqrt"
    public static func latex(_ a: PrintedArgument) -> String { "\\sqrt{\(a.text)}" }
    public static func unicode(_ a: PrintedArgument) -> String { "√" + a.bracketed }
    public static func numpy(_ x: String) -> String { "np.sqrt(\(x))" }
    public static func numpyDerivative(_ x: String) -> String? { "(0.5 / np.sqrt(\(x)))" }
    public static func value<N: RealArithmetic>(_ x: N) -> N { x.sqrt() }
    public static let positiveArgument = true
    public static func derivative(_ u: Expr) -> Expr? { .mul([.rational(1, 2), .pow(.apply(.sqrt, [u]), .minusOne)]) }
    public static let rule = (name: "d-sqrt", description: "square-root rule")
}

extension Function {
    public static let sqrt = SquareRoot.function
}
