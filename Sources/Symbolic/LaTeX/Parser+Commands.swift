import SymbolicCore
import SymbolicFunctions

// MARK: - Commands: one table says what each LaTeX command means

extension Parser {
    /// What a command reads: the parser stands on the command's token, which the reader consumes.
    typealias CommandReader = @Sendable (inout Parser, Token) throws -> Factor

    /// Every command the parser knows, but the functions (which `FunctionTable` spells), Greek letters,
    /// spacing (`ignored`) and sizes (`sizing`). A new notation is one entry here.
    static let commands: [String: CommandReader] = {
        var table: [String: CommandReader] = [
            "\\left": { p, _ in
                let square = p.peek(1).is(.symbol, "[")
                let e = try p.parseLeftRight()
                return .value(square ? try p.bracketEntry(e) : e)
            },
            "\\sum": { p, t in _ = p.advance(); return .value(try p.parseSum(t)) },
            "\\delta": { p, t in _ = p.advance(); return .value(try p.parseDelta(t)) },
            // \indicator is the macro derive's templates define for the indicator.
            "\\indicator": { p, t in _ = p.advance(); return .value(try p.parseIndicatorCondition(t)) },
            "\\nabla": { p, t in _ = p.advance(); return .value(try p.parseNabla(t)) },
            "\\begin": { p, t in _ = p.advance(); return .value(try p.parseCases(t)) },
            "\\partial": { p, t in throw p.error("\\partial must stand in a fraction, as in \\frac{\\partial f}{\\partial x}", at: t) },
            "\\right": { p, t in throw p.error("\\right without a matching \\left", at: t) },
            "\\\\": { p, t in throw p.error("\(t.text) cannot stand inside an expression", at: t) },
            "\\end": { p, t in throw p.error("\(t.text) cannot stand inside an expression", at: t) },
        ]
        for name in ["\\frac", "\\dfrac", "\\tfrac"] { table[name] = { p, t in _ = p.advance(); return try p.parseFraction(t) } }
        for name in ["\\mathbb", "\\mathds", "\\mathbbm"] { table[name] = { p, t in _ = p.advance(); return .value(try p.parseIndicator(t)) } }
        table["\\ind"] = table["\\indicator"]
        let accents: [String: Symbol.Accent] = ["\\hat": .hat, "\\widehat": .hat, "\\tilde": .tilde, "\\widetilde": .tilde,
                                                "\\bar": .bar, "\\overline": .bar]
        for (name, accent) in accents {
            table[name] = { p, t in _ = p.advance(); return .value(try p.parseDecorated(t) { $0.accent = accent }) }
        }
        for name in ["\\mathbf", "\\bm", "\\boldsymbol", "\\vec"] {
            table[name] = { p, t in
                _ = p.advance()
                // \mathbf{1}_{i=j}: the indicator as web math writes it (KaTeX has no double-struck 1).
                if name != "\\vec", p.peek.is(.symbol, "{"), p.peek(1).is(.number, "1"), p.peek(2).is(.symbol, "}"),
                   p.peek(3).is(.symbol, "_") || p.peek(3).is(.command, "\\{") {
                    return .value(try p.parseIndicator(t))
                }
                return .value(try p.parseDecorated(t) { $0.bold = true })
            }
        }
        for name in ["\\mathit", "\\mathrm", "\\text", "\\operatorname", "\\mathcal", "\\textrm", "\\mathsf"] {
            table[name] = { p, t in _ = p.advance(); return .value(try p.parseNamed(t)) }
        }
        return table
    }()

    /// A command where a factor begins: a size (`\big`) before it, a function, a command of the table, or a
    /// Greek letter.
    mutating func parseCommand(_ t: Token) throws -> Factor {
        let name = t.text
        if Parser.sizing.contains(name) { _ = advance(); return try parsePrimary() }
        if let (entry, spelling) = FunctionTable.command(name) { return try parseFunction(t, entry, spelling) }
        if let read = Parser.commands[name] { return try read(&self, t) }
        guard let g = Parser.greek[name] else { throw error("unknown command \(name)", at: t) }
        _ = advance()
        // A Greek letter named as a function (\psi(v) for the softmax, in the Einstein-notation homework) applies to its argument.
        if options.functions.contains(g), isOpenParen(after: 0) {
            var f = Function.named(g)
            while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
            return .value(.apply(f, [try parseParenthesized("the argument of \(name)")]))
        }
        return .value(try parseScripts(Symbol(g), at: t))
    }

    /// `\delta_{ij}` is the Kronecker delta; `\delta` with one index or none is a symbol.
    mutating func parseDelta(_ t: Token) throws -> Expr {
        if peek.is(.symbol, "_") {
            let save = pos
            let underscore = advance()
            let idx = try parseIndexList(after: underscore)
            if idx.count == 2 { return .kronecker(idx[0], idx[1]) }
            pos = save
        }
        return try parseScripts(Symbol("\\delta"), at: t)
    }

    /// `\nabla_{v} f`: the vector of `\partial f / \partial v_i`.
    mutating func parseNabla(_ t: Token) throws -> Expr {
        guard peek.is(.symbol, "_") else { throw error("\\nabla needs the variable as a subscript, as in \\nabla_{\\hat{y}}", at: peek) }
        let u = advance()
        let v = try parseScriptExpression(after: u)
        guard case .variable(let s, let idx) = v, idx.isEmpty else { throw error("\\nabla needs a variable without indices", at: u) }
        guard startsFactor(peek) else { throw error("\\nabla needs something to act on", at: peek) }
        let f = try parseTerm()
        let i = Expr.freshIndexName(like: "i", avoiding: f.allIndexNames)
        return .array([.named(i)], .partial(f, wrt: .variable(s.component, [.named(i)])))
    }

    /// The Greek letters, read as symbols: `\theta`, `\ell`.
    package static let greek: [String: String] = {
        var m: [String: String] = [:]
        for g in ["alpha", "beta", "gamma", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
                  "mu", "nu", "xi", "pi", "rho", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta",
                  "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell"] {
            m["\\" + g] = "\\" + g
        }
        return m
    }()
}
