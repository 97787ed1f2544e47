import SymbolicCore
import SymbolicFunctions

// MARK: - Grammar: sums of terms, products of factors, primaries

extension Parser {
    /// additive := ['+'|'-'] term (('+'|'-') term)*
    mutating func parseAdditive() throws -> Expr {
        try enter()
        defer { leave() }
        var terms: [Expr] = []
        var negative = false
        var firstFree: (Set<Index>, Token)?
        // Positions in `terms` where an ellipsis stood ("y_1 + y_2 + \dots + y_k").
        var ellipses: [(at: Int, token: Token)] = []
        if peek.is(.symbol, "-") { negative = true; _ = advance() } else if peek.is(.symbol, "+") { _ = advance() }
        while true {
            if let dots = ellipsisAhead() {
                if negative { throw error("an ellipsis must be added, not subtracted", at: dots) }
                ellipses.append((terms.count, dots))
                if peek.is(.symbol, "+") { negative = false; _ = advance(); continue }
                if peek.is(.symbol, "-") { negative = true; _ = advance(); continue }
                break
            }
            let start = peek
            let t = try parseTerm()
            // The terms of a sum must carry compatible free indices: x_i + y_j is refused here, where it stands.
            // A term whose indices are among another's broadcasts (\log p_k - \sum_i p_i \log p_i, \delta_{ij} - c_j).
            let free = Set(t.freeIndices)
            if options.checksIndices, let (f, ft) = firstFree, !(free.isSubset(of: f) || f.isSubset(of: free)) {
                func show(_ s: Set<Index>) -> String { "{" + s.map(\.description).sorted().joined(separator: ", ") + "}" }
                let end = tokens[max(0, pos - 1)].end
                throw ParseError("this term has free indices \(show(free)) but the term at column \(ParseError.locate(ft.start, in: source).column) has \(show(f))",
                                 at: start.start, length: end - start.start, in: source)
            }
            if !free.isEmpty, firstFree.map({ $0.0.isSubset(of: free) }) ?? true { firstFree = (free, start) }
            terms.append(negative ? .neg(t) : t)
            if peek.is(.symbol, "+") { negative = false; _ = advance() } else if peek.is(.symbol, "-") { negative = true; _ = advance() } else { break }
        }
        if !ellipses.isEmpty {
            if options.hiddenTerms, let hidden = hiddenTerms(terms, ellipses) { return hidden }
            return try resolveEllipses(terms, ellipses)
        }
        return .plus(terms)
    }

    func startsFactor(_ t: Token) -> Bool {
        switch t.kind {
        case .letter, .number: return true
        case .symbol: return ["(", "[", "{"].contains(t.text)
        case .command:
            return !["\\right", "\\end", "\\\\", "\\cdot", "\\neq", "\\ne", "\\times", "\\}", "\\rbrace", "\\rangle"].contains(t.text)
                && !(Parser.sizing.contains(t.text) && [")", "]", "\\}", "|"].contains(peek(1).text))
        case .end: return false
        }
    }

    /// term := factor ((\cdot | \times | * | / | juxtaposition) factor)*; a `\frac{\partial}{\partial x}`
    /// operator applies to the rest of the term.
    mutating func parseTerm() throws -> Expr {
        try enter()
        defer { leave() }
        var factors: [Expr] = []
        while true {
            var divide = false
            if peek.is(.command, "\\cdot") || peek.is(.command, "\\times") || peek.is(.symbol, "*") {
                let op = advance()
                if factors.isEmpty { throw error("'\(op.text)' needs something on its left", at: op) }
                guard startsFactor(peek) else { throw error("'\(op.text)' needs something on its right", at: peek) }
            } else if peek.is(.symbol, "/") {
                let op = advance()
                if factors.isEmpty { throw error("'/' needs something on its left", at: op) }
                guard startsFactor(peek) else { throw error("'/' needs something on its right", at: peek) }
                divide = true
            } else if !startsFactor(peek) {
                break
            }
            let start = peek
            switch try parseFactor() {
            case .value(let f): factors.append(divide ? .pow(f, .minusOne) : f)
            case .operator(let wrt):
                // The operator before a minus, \frac{\partial}{\partial a} - \log y, acts on the negated term:
                // an operator with nothing to act on means nothing.
                var negated = false
                if peek.is(.symbol, "-"), startsFactor(peek(1)) { _ = advance(); negated = true }
                guard startsFactor(peek) else { throw error("the derivative operator needs something to act on", at: start) }
                let operand = try parseTerm()
                factors.append(.partial(negated ? .neg(operand) : operand, wrt: wrt))
            }
        }
        if factors.isEmpty {
            let t = peek
            if t.kind == .end { throw error("unexpected end of input: expected an expression", at: t) }
            throw error("expected an expression but found '\(t.text)'", at: t)
        }
        return .mul(factors)
    }

    enum Factor {
        case value(Expr)
        /// `\frac{\partial}{\partial x}` waiting for its operand.
        case `operator`(Expr)
    }

    /// A primary with its postfix superscript (a power).
    mutating func parseFactor() throws -> Factor {
        try enter()
        defer { leave() }
        // A bare symbol has already taken its own scripts, so a caret after it is a second one; a bracketed
        // symbol, (x)^2 or {x_i}^2, takes its power here.
        let bracketed = peek.is(.symbol, "(") || peek.is(.symbol, "{") || peek.is(.symbol, "[") || peek.is(.command, "\\left")
        let f = try parsePrimary()
        guard case .value(var e) = f else { return f }
        while peek.is(.symbol, "^") {
            let caret = advance()
            if case .variable = e, !bracketed { throw error("a second superscript needs braces", at: caret) }
            e = .pow(e, try parseScriptExpression(after: caret))
        }
        return .value(e)
    }

    /// The argument of `^` or `_` as an expression: one token, or a braced group.
    mutating func parseScriptExpression(after t: Token) throws -> Expr {
        if peek.is(.symbol, "{") {
            _ = advance()
            if peek.is(.symbol, "}") { throw error("empty group after '\(t.text)'", at: peek) }
            let e = try parseAdditive()
            try expect("}", "'}' to close the group")
            return e
        }
        switch peek.kind {
        case .number:
            let n = advance()
            // TeX takes a single character after ^ without braces.
            let first = String(n.text.prefix(1))
            if n.text.count > 1 { splitNumber(n, keep: 1) }
            return .int(Int(first) ?? 0)
        case .letter: return .variable(Symbol(advance().text), [])
        case .command:
            if let g = Parser.greek[peek.text] { _ = advance(); return .variable(Symbol(g), []) }
            throw error("expected a braced group after '\(t.text)'", at: peek)
        case .symbol where peek.text == "-":
            throw error("a negative exponent needs braces: write ^{-1}", at: peek)
        default:
            throw error(peek.kind == .end ? "unexpected end of input after '\(t.text)'" : "expected something after '\(t.text)'", at: peek)
        }
    }

    /// Puts back the digits after the first `keep` of a number token, as TeX reads `x^23` as `x^2 3`.
    mutating func splitNumber(_ n: Token, keep: Int) {
        let rest = String(n.text.dropFirst(keep))
        tokens.insert(Token(kind: .number, text: rest, start: n.start + keep, end: n.end), at: pos)
    }

    mutating func parseGroupOrToken(_ what: String) throws -> Expr {
        if peek.is(.symbol, "{") {
            _ = advance()
            if peek.is(.symbol, "}") { throw error("empty group: expected \(what)", at: peek) }
            let e = try parseAdditive()
            try expect("}", "'}' to close \(what)")
            return e
        }
        guard startsFactor(peek) else {
            throw error(peek.kind == .end ? "unexpected end of input: expected \(what)" : "expected \(what) but found '\(peek.text)'", at: peek)
        }
        guard case .value(let e) = try parseFactor() else { throw error("a derivative operator cannot stand here", at: peek) }
        return e
    }

    mutating func parsePrimary() throws -> Factor {
        try enter()
        defer { leave() }
        let t = peek
        switch t.kind {
        case .end:
            throw error("unexpected end of input: expected an expression", at: t)
        case .number:
            _ = advance()
            return .value(try number(t))
        case .letter:
            if let call = try parseFunctionWord() { return call }
            _ = advance()
            if t.text == "e", peek.is(.symbol, "^") {
                let caret = advance()
                return .value(.exp(try parseScriptExpression(after: caret)))
            }
            if options.functions.contains(t.text), peek.is(.symbol, "(") || peek.is(.command, "\\left") || peek.is(.symbol, "'") {
                var f = Function.named(t.text)
                while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
                return .value(.apply(f, try parseArguments("the argument of \(t.text)")))
            }
            return .value(try parseScripts(Symbol(t.text), at: t))
        case .symbol:
            switch t.text {
            case "(":
                _ = advance()
                let e = try parseAdditive()
                try expect(")", "')' to close '('")
                return .value(e)
            case "[":
                _ = advance()
                let e = try parseAdditive()
                if peek.is(.symbol, ",") { return .value(try bracketList(e, open: t)) }
                try expect("]", "']' to close '['")
                return .value(try bracketEntry(e))
            case "{":
                _ = advance()
                if peek.is(.symbol, "}") { throw error("empty group", at: t) }
                let e = try parseAdditive()
                try expect("}", "'}' to close '{'")
                return .value(e)
            case "}": throw error("unbalanced braces: '}' without a matching '{'", at: t)
            case ")": throw error("unbalanced parentheses: ')' without a matching '('", at: t)
            default: throw error("unexpected '\(t.text)'", at: t)
            }
        case .command:
            return try parseCommand(t)
        }
    }

    func number(_ t: Token) throws -> Expr {
        let parts = t.text.split(separator: ".", omittingEmptySubsequences: false)
        guard t.text.count <= 18, let whole = Int(parts[0]) else { throw error("number too long", at: t) }
        if parts.count == 2 {
            let frac = String(parts[1])
            guard let f = Int(frac) else { throw error("bad number", at: t) }
            var scale = 1
            for _ in frac { scale *= 10 }
            guard let r = Rational(whole * scale + f, scale) else { throw error("number too long", at: t) }
            return .number(r)
        }
        return .int(whole)
    }

    /// `( expr )`, `\left( expr \right)`, `\big( expr \big)`.
    mutating func parseParenthesized(_ what: String) throws -> Expr {
        while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
        if peek.is(.command, "\\left") {
            return try parseLeftRight()
        }
        guard peek.is(.symbol, "(") else { throw error("expected '(' before \(what)", at: peek) }
        _ = advance()
        let e = try parseAdditive()
        try expect(")", "')' to close \(what)")
        return e
    }

    /// The arguments of a call of a user's or document's function: `(u)`, `\left(u\right)`, or `(u, v)` (the loss
    /// named with its arguments, `CE(\mathbf{y}, \hat{\mathbf{y}})`).
    mutating func parseArguments(_ what: String) throws -> [Expr] {
        while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
        if peek.is(.command, "\\left") { return [try parseLeftRight()] }
        guard peek.is(.symbol, "(") else { throw error("expected '(' before \(what)", at: peek) }
        _ = advance()
        var args = [try parseAdditive()]
        while peek.is(.symbol, ","), args.count < 16 {
            _ = advance()
            args.append(try parseAdditive())
        }
        try expect(")", "')' to close \(what)")
        return args
    }

    func isOpenParen() -> Bool {
        var k = 0
        while peek(k).kind == .command, Parser.sizing.contains(peek(k).text) { k += 1 }
        return peek(k).is(.symbol, "(") || (peek(k).is(.command, "\\left") && peek(k + 1).is(.symbol, "("))
    }

    /// `[E]_{k}`: the vector (or matrix) whose entry is `E`; with `E` a whole vector (`[\hat{y} - y]_b`, the Einstein-notation homework), its entry.
    mutating func bracketEntry(_ e: Expr) throws -> Expr {
        guard peek.is(.symbol, "_") else { return e }
        let u = advance()
        let idx = try parseIndexList(after: u)
        guard idx.allSatisfy(\.isNamed), Set(idx).count == idx.count else { throw error("the entry of a bracket needs index names", at: u) }
        return .array(idx, e)
    }

    mutating func parseLeftRight() throws -> Expr {
        let left = advance()
        let open = advance()
        let closing: [String: String] = ["(": ")", "[": "]", "\\{": "\\}", "|": "|", ".": ".", "\\lbrace": "\\rbrace", "\\langle": "\\rangle"]
        guard let close = closing[open.text] else { throw error("unknown delimiter after \\left", at: open) }
        let e = try parseAdditive()
        guard peek.is(.command, "\\right") else {
            throw error(peek.kind == .end ? "unexpected end of input: \\left\(open.text) is never closed by \\right" : "expected \\right\(close) but found '\(peek.text)'", at: peek.kind == .end ? left : peek)
        }
        _ = advance()
        let c = advance()
        guard c.text == close || c.text == "." else { throw error("\\left\(open.text) is closed by \\right\(c.text)", at: c) }
        return e
    }
}
