import SymbolicCore

/// An elementary function (exp, log, the sigmoid, tanh, ...): everything derive knows of it, declared in
/// one file of its own. The parser reads it by its `spellings`, the printers print it by `latex` and
/// `unicode`, the NumPy output by `numpy`, the numeric judge evaluates `value` (in dual numbers, so its
/// derivatives come with it), and the rule `rule` differentiates it by `derivative`. `FunctionTable` lists
/// them all.
///
/// ```swift
/// enum Softsign: ElementaryFunction {
///     static let name = "softsign"
///     static let spellings: [Spelling] = [.word("softsign")]
///     static func value<N: RealArithmetic>(_ x: N) -> N { x / (N(1) + (x.primal < 0 ? -x : x)) }
///     // ... printing, NumPy, derivative
/// }
/// ```
public protocol ElementaryFunction: SendableMetatype {
    /// Its name in expressions, `Function.elementary(name)`: also what expression dumps show.
    static var name: String { get }
    /// How LaTeX writes it, in the order the parser tries them.
    static var spellings: [Spelling] { get }
    /// The name printed before an argument in brackets: `\sigma` of `\sigma'(t)` and of `\sigma(\mathbf{t})`.
    static var latexName: String { get }
    static var unicodeName: String { get }
    /// The function applied to an argument, in LaTeX and in Unicode text.
    static func latex(_ argument: PrintedArgument) -> String
    static func unicode(_ argument: PrintedArgument) -> String
    /// Python code for the function, and for its derivative where NumPy can write it, of the code `argument`.
    static func numpy(_ argument: String) -> String
    static func numpyDerivative(_ argument: String) -> String?
    /// Its value, written in an arithmetic whose dual numbers carry the derivatives (`RealArithmetic`).
    static func value<N: RealArithmetic>(_ x: N) -> N
    /// Whether it is defined for positive arguments only (`\log`, `\sqrt`): the judge then samples the
    /// inputs it is applied to from positive values.
    static var positiveArgument: Bool { get }
    /// `f'(u)`: the factor the chain rule puts before `\partial u`, or `nil` where derive has no rule for it.
    static func derivative(_ u: Expr) -> Expr?
    /// The name and description of that rule: `d-log`, "log rule".
    static var rule: (name: String, description: String) { get }
}

extension ElementaryFunction {
    /// The function in expressions.
    public static var function: Function { .elementary(name) }
    public static var latexName: String { "\\operatorname{\(name)}" }
    public static var unicodeName: String { name }
    public static func latex(_ argument: PrintedArgument) -> String { latexName + argument.bracketed }
    public static func unicode(_ argument: PrintedArgument) -> String { unicodeName + argument.bracketed }
    public static func numpyDerivative(_ argument: String) -> String? { nil }
    public static var positiveArgument: Bool { false }
    public static var rule: (name: String, description: String) { ("d-\(name)", "\(name) rule") }
}

/// A way LaTeX writes a function.
public enum Spelling: Sendable, Equatable {
    /// A command before its argument, which stands in brackets, in a group or as one token: `\log x`,
    /// `\log(x)`, `\tanh{x}`.
    case command(String)
    /// A command whose argument is a group or one token: `\sqrt{x}`.
    case braced(String)
    /// A command that is also a letter: a call where `(` or a prime follows (`\sigma(t)`, `\sigma'(t)`), the
    /// letter otherwise (`\sigma^2`).
    case letterOrCall(String)
    /// A name in `\operatorname{}`, `\mathrm{}` or `\text{}` before an argument in brackets: `\operatorname{relu}(x)`.
    case word(String)
}

/// What a function's printed form may use: its argument as the printer prints it, and the notation's
/// choices that concern functions.
public struct PrintedArgument: Sendable {
    /// The argument.
    public var expr: Expr
    /// The argument printed.
    public var text: String
    /// The brackets the argument takes: `(` and `)`, or `\left(` and `\right)` around a tall one.
    public var brackets: (open: String, close: String)
    /// The argument in brackets that grow with it: `(x)`, `\left(\sum_i x_i\right)`; made only when a
    /// function's form asks for it, since the printer builds an argument for every function it prints.
    public var bracketed: String { brackets.open + text + brackets.close }
    /// A symbol or a whole number, which needs no brackets after `\log`.
    public var isSimple: Bool
    /// The exponential as a power, `e^{x}`, rather than `\exp(x)`.
    public var exponentialAsPower: Bool
    /// Brackets after `\log` even around a single symbol.
    public var logParentheses: Bool
    /// The command printed for an indicator: `\mathbb{1}` (the templates define their own).
    public var indicatorCommand: String

    public init(expr: Expr, text: String, brackets: (open: String, close: String) = ("(", ")"), isSimple: Bool, exponentialAsPower: Bool = true,
                logParentheses: Bool = false, indicatorCommand: String = "\\mathbb{1}") {
        self.expr = expr
        self.text = text
        self.brackets = brackets
        self.isSimple = isSimple
        self.exponentialAsPower = exponentialAsPower
        self.logParentheses = logParentheses
        self.indicatorCommand = indicatorCommand
    }
}
