import SymbolicCore

/// Every elementary function derive knows, one line each: the parser, the printers, the numeric judge
/// and the differentiation rules all look functions up here.
///
/// ```swift
/// FunctionTable.entry(for: .sigmoid)?.latex(argument)    // "\sigma(t)"
/// FunctionTable.command("\\tanh")?.function              // .tanh
/// ```
public enum FunctionTable {
    /// In the order the differentiation rules try them.
    public static let entries: [FunctionEntry] = [
        FunctionEntry(Exponential.self),
        FunctionEntry(Logarithm.self),
        FunctionEntry(Sigmoid.self),
        FunctionEntry(HyperbolicTangent.self),
        FunctionEntry(Rectifier.self),
        FunctionEntry(HeavisideStep.self),
        FunctionEntry(SquareRoot.self),
        FunctionEntry(Softplus.self),
    ]

    private static let byName: [String: FunctionEntry] = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The entry of an elementary function; `nil` for a function the user named and for a derivative (`\sigma'`).
    public static func entry(for f: Function) -> FunctionEntry? {
        guard case .elementary(let name) = f else { return nil }
        return byName[name]
    }

    /// The function a command spells (`\log`, `\ln`, `\sqrt`, `\sigma`), with how it takes its argument.
    public static func command(_ latex: String) -> (entry: FunctionEntry, spelling: Spelling)? {
        for e in entries {
            for s in e.spellings {
                switch s {
                case .command(let c) where c == latex, .braced(let c) where c == latex, .letterOrCall(let c) where c == latex:
                    return (e, s)
                default: continue
                }
            }
        }
        return nil
    }

    /// The function a name in `\operatorname{}` spells: `relu`, `softplus`.
    public static func word(_ text: String) -> FunctionEntry? {
        entries.first { $0.spellings.contains(.word(text)) }
    }

    /// The name printed before an argument in brackets, for any function: `\sigma`, `\sigma'`, a user's `f`.
    public static func head(_ f: Function, latex: Bool) -> String {
        switch f {
        case .elementary(let name): return byName[name].map { latex ? $0.latexName : $0.unicodeName } ?? name
        // A user's function of several letters stands upright, as \operatorname reads it back.
        case .named(let n): return latex && n.count > 1 ? "\\operatorname{\(n)}" : n
        case .prime(let g): return head(g, latex: latex) + "'"
        }
    }

    /// Whether the arguments of `f` must be positive (`\log`, `\sqrt`).
    public static func needsPositiveArgument(_ f: Function) -> Bool { entry(for: f)?.positiveArgument ?? false }

    /// The value of `f` (an elementary function, or its first or second derivative `\sigma'`, `\sigma''`) at a
    /// dual number, or why it has none.
    ///
    /// ```swift
    /// let slope = try FunctionTable.numeric(.prime(.sigmoid)).get()
    /// slope(Dual(0)).v    // 0.25
    /// ```
    public static func numeric(_ f: Function) -> Result<DualFunction, FunctionError> {
        var order = 0
        var base = f
        while case .prime(let g) = base { order += 1; base = g }
        guard let e = entry(for: base) else { return .failure(FunctionError("the function \(f) has no definition to evaluate")) }
        guard order <= 2 else { return .failure(FunctionError("the derivative of order \(order) of \(base) is not evaluated")) }
        return .success(DualFunction(entry: e, order: order))
    }

    /// NumPy code for `f` applied to `argument`, or `nil` where NumPy cannot write it.
    public static func numpy(_ f: Function, _ argument: String) -> String? {
        switch f {
        case .elementary: return entry(for: f)?.numpy(argument)
        case .prime(let g): return entry(for: g).flatMap { $0.numpyDerivative(argument) }
        case .named: return nil
        }
    }
}

/// Why a function has no numeric value: a function the user named, or a derivative of too high an order.
public struct FunctionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An elementary function or one of its first two derivatives, as the numeric judge calls it: the entry and
/// the order rather than a closure, since a closure kept in a generic container is called through thunks.
public struct DualFunction: Sendable {
    let entry: FunctionEntry
    let order: Int

    public func callAsFunction(_ x: Dual) -> Dual {
        switch order {
        case 0: return entry.dual(x)
        case 1: return entry.slope(x)
        default: return entry.curvature(x)
        }
    }

    /// The same in the judge's numbers, which carry rounding-error bounds.
    public func callAsFunction(_ x: JudgeNumber) -> JudgeNumber {
        switch order {
        case 0: return entry.judged(x)
        case 1: return entry.judgedSlope(x)
        default: return entry.judgedCurvature(x)
        }
    }
}

/// One elementary function as the rest of derive uses it: its declarations, and its value in dual numbers
/// for the numeric judge (and that of its first and second derivatives, from the same arithmetic). A class:
/// the printer and the rules look an entry up at every function they meet, and a reference costs less to hand
/// out than fifteen fields.
public final class FunctionEntry: Sendable {
    public let name: String
    public let function: Function
    public let spellings: [Spelling]
    public let latexName: String
    public let unicodeName: String
    public let positiveArgument: Bool
    public let rule: (name: String, description: String)
    private let printLaTeX: @Sendable (PrintedArgument) -> String
    private let printUnicode: @Sendable (PrintedArgument) -> String
    private let code: @Sendable (String) -> String
    private let derivativeCode: @Sendable (String) -> String?
    private let outer: @Sendable (Expr) -> Expr?
    /// The value at a dual number: its derivative part follows by the arithmetic.
    public let dual: @Sendable (Dual) -> Dual
    /// `f'(x)` at a dual number, from `f` in dual numbers over dual numbers.
    public let slope: @Sendable (Dual) -> Dual
    /// `f''(x)`, one level deeper.
    public let curvature: @Sendable (Dual) -> Dual
    /// The three in the judge's numbers, with their rounding-error bounds.
    public let judged: @Sendable (JudgeNumber) -> JudgeNumber
    public let judgedSlope: @Sendable (JudgeNumber) -> JudgeNumber
    public let judgedCurvature: @Sendable (JudgeNumber) -> JudgeNumber

    init<F: ElementaryFunction>(_ f: F.Type) {
        name = F.name
        function = F.function
        spellings = F.spellings
        latexName = F.latexName
        unicodeName = F.unicodeName
        positiveArgument = F.positiveArgument
        rule = F.rule
        printLaTeX = { F.latex($0) }
        printUnicode = { F.unicode($0) }
        code = { F.numpy($0) }
        derivativeCode = { F.numpyDerivative($0) }
        outer = { F.derivative($0) }
        dual = { F.value($0) }
        // x + ε₁ in the outer arithmetic: the ε₁ part of f is f'(x), itself a dual number in the seed's ε.
        slope = { x in F.value(DualNumber<Dual>(x, Dual(1))).d }
        curvature = { x in F.value(DualNumber<DualNumber<Dual>>(DualNumber<Dual>(x, Dual(1)), DualNumber<Dual>(1))).d.d }
        judged = { F.value($0) }
        judgedSlope = { x in F.value(DualNumber<JudgeNumber>(x, JudgeNumber(1))).d }
        judgedCurvature = { x in F.value(DualNumber<DualNumber<JudgeNumber>>(DualNumber<JudgeNumber>(x, JudgeNumber(1)), DualNumber<JudgeNumber>(1))).d.d }
    }

    public func latex(_ a: PrintedArgument) -> String { printLaTeX(a) }
    public func unicode(_ a: PrintedArgument) -> String { printUnicode(a) }
    public func numpy(_ argument: String) -> String { code(argument) }
    public func numpyDerivative(_ argument: String) -> String? { derivativeCode(argument) }
    /// `f'(u)`, the outer factor of the chain rule, where derive differentiates this function.
    public func derivative(_ u: Expr) -> Expr? { outer(u) }
}
