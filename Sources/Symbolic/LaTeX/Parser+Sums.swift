import SymbolicCore
import SymbolicFunctions

// MARK: - Sums and fractions: \sum_{i=1}^{K}, \sum_{i \neq j}, \frac{a}{b}, \frac{\partial f}{\partial x}

extension Parser {
    /// `\frac{a}{b}`, `\frac{\partial}{\partial x}` (an operator), `\frac{\partial f}{\partial x}`.
    /// An argument as TeX reads one without braces: a group, or one character (one digit, one letter) or a Greek
    /// letter, with no scripts of its own (`\frac1x^2` squares the fraction).
    mutating func parseTeXArgument(_ what: String) throws -> Expr {
        if peek.is(.symbol, "{") { return try parseGroupOrToken(what) }
        switch peek.kind {
        case .number:
            let n = advance()
            if n.text.count > 1 { splitNumber(n, keep: 1) }
            return .int(Int(String(n.text.prefix(1))) ?? 0)
        case .letter:
            return .variable(Symbol(advance().text), [])
        case .command where Parser.greek[peek.text] != nil:
            return .variable(Symbol(Parser.greek[advance().text] ?? ""), [])
        default:
            throw error(peek.kind == .end ? "unexpected end of input: expected \(what)" : "write \(what) in braces", at: peek)
        }
    }

    mutating func parseFraction(_ t: Token) throws -> Factor {
        guard peek.is(.symbol, "{") else {
            // \frac12, \frac1n: each argument one character, as TeX takes it (\frac12 is a half, not 12).
            let a = try parseTeXArgument("the numerator of \\frac")
            let b = try parseTeXArgument("the denominator of \\frac")
            return .value(.div(a, b))
        }
        if let leibniz = try parseLeibniz() { return leibniz }
        if peek(1).is(.command, "\\partial") {
            _ = advance()  // {
            _ = advance()  // \partial
            if peek.is(.symbol, "^") { throw error("higher derivatives are not supported yet", at: peek) }
            var of: Expr?
            if !peek.is(.symbol, "}") { of = try parseAdditive() }
            try expect("}", "'}' to close the numerator")
            guard peek.is(.symbol, "{") else { throw error("expected '{' to open the denominator of the derivative", at: peek) }
            _ = advance()
            guard peek.is(.command, "\\partial") else { throw error("the denominator of a derivative must start with \\partial", at: peek) }
            _ = advance()
            let wrtStart = peek
            let wrt = try parseAdditive()
            guard case .variable = wrt else { throw error("a derivative must be taken with respect to a variable", at: wrtStart) }
            try expect("}", "'}' to close the denominator")
            if let of { return .value(.partial(of, wrt: wrt)) }
            return .operator(wrt)
        }
        let a = try parseGroupOrToken("the numerator of \\frac")
        let b = try parseGroupOrToken("the denominator of \\frac")
        return .value(.div(a, b))
    }

    /// `d` or `\mathrm{d}` (or `\text{d}`, `\operatorname{d}`) `k` tokens ahead as the d of a Leibniz derivative,
    /// not a variable `d_1` or `d^2`: the number of tokens it takes.
    func leibnizD(at k: Int) -> Int? {
        if peek(k).is(.letter, "d") { return peek(k + 1).is(.symbol, "_") || peek(k + 1).is(.symbol, "^") || peek(k + 1).is(.symbol, "'") ? nil : 1 }
        if peek(k).kind == .command, ["\\mathrm", "\\text", "\\operatorname", "\\textrm"].contains(peek(k).text),
           peek(k + 1).is(.symbol, "{"), peek(k + 2).is(.letter, "d"), peek(k + 3).is(.symbol, "}") { return 4 }
        return nil
    }

    /// `\frac{d}{dx}`, `\frac{ds}{dx}`, `\frac{d s}{d x}`, `\frac{\mathrm{d} y}{\mathrm{d} x}`: a derivative written with
    /// d, the same to the judge as with \partial (read as a quotient it would be s / x, which no one means).
    /// `nil`, with nothing consumed, where the fraction is not one; `\frac{d^2 y}{dx^2}` is refused.
    mutating func parseLeibniz() throws -> Factor? {
        if peek(1).is(.letter, "d"), peek(2).is(.symbol, "^") {
            // The denominator's first token: past the numerator's closing brace.
            var k = 1, level = 1
            while level > 0, peek(k).kind != .end { if peek(k).is(.symbol, "{") { level += 1 } else if peek(k).is(.symbol, "}") { level -= 1 }; k += 1 }
            if peek(k).is(.symbol, "{"), peek(k + 1).is(.letter, "d") { throw error("higher derivatives are not supported yet", at: peek(2)) }
            return nil
        }
        guard let n = leibnizD(at: 1), !failedProbes.leibniz.contains(pos) else { return nil }
        var probe = self
        for _ in 0...n { _ = probe.advance() }
        func failed() -> Factor? {
            failedProbes.leibniz.insert(pos)
            return nil
        }
        do {
            var of: Expr?
            if !probe.peek.is(.symbol, "}") { of = try probe.parseAdditive() }
            guard probe.peek.is(.symbol, "}") else { return failed() }
            _ = probe.advance()
            guard probe.peek.is(.symbol, "{"), let m = probe.leibnizD(at: 1) else { return failed() }
            for _ in 0...m { _ = probe.advance() }
            let wrt = try probe.parseAdditive()
            guard case .variable = wrt, probe.peek.is(.symbol, "}") else { return failed() }
            _ = probe.advance()
            self = probe
            if let of { return .value(.partial(of, wrt: wrt)) }
            return .operator(wrt)
        } catch {
            return failed()
        }
    }

    /// `\sum_{i=1}^{K} body`, `\sum_i body`: the body is the rest of the term.
    mutating func parseSum(_ t: Token) throws -> Expr {
        let (indices, range, excluded) = try parseSumScripts(t)
        return try nestedSum(indices, range, excluded: excluded, try parseTerm(), at: t)
    }

    /// The scripts of `\sum`: its indices (`_{i,j}`), their range (`=1`, `^{K}`, `\in [1, K]`) and an index left out
    /// (`\neq j`, `\setminus j`); the cursor left at the body, which must follow.
    mutating func parseSumScripts(_ t: Token) throws -> ([Index], IndexRange, Index?) {
        var index: Index?
        var range = IndexRange()
        var excluded: Index?
        var others: [Index] = []
        var sawScript = true
        while sawScript {
            sawScript = false
            if peek.is(.symbol, "_") {
                let u = advance()
                sawScript = true
                if peek.is(.symbol, "{") {
                    _ = advance()
                    let i = try parseIndexToken()
                    // \sum_{i,j}: a sum over each, the first outermost.
                    while peek.is(.symbol, ",") {
                        _ = advance()
                        others.append(try parseIndexToken())
                    }
                    if peek.is(.command, "\\neq") || peek.is(.command, "\\ne") {
                        // \sum_{i \neq j}: every index but one.
                        _ = advance()
                        excluded = try parseIndexToken()
                    }
                    if peek.is(.command, "\\in") {
                        // \sum_{k \in [1, K] \setminus j}: a range, less one index.
                        _ = advance()
                        var level = 0
                        while !(level == 0 && (peek.is(.symbol, "}") || peek.is(.command, "\\setminus"))) {
                            if peek.kind == .end { throw error("unexpected end of input in the range of the sum", at: u) }
                            let t = advance()
                            if t.kind == .symbol, "[({".contains(t.text) { level += 1 }
                            if t.kind == .symbol, "])}".contains(t.text) { level -= 1 }
                            if t.kind == .letter, t.text.first?.isUppercase == true, level > 0 { range.upper = t.text }
                        }
                        if peek.is(.command, "\\setminus") {
                            _ = advance()
                            let braced = peek.is(.command, "\\{")
                            if braced { _ = advance() }
                            excluded = try parseIndexToken()
                            if braced { try expect("\\}", "'\\}' to close the excluded index") }
                        }
                    }
                    if peek.is(.symbol, "=") {
                        _ = advance()
                        let lowTok = peek
                        guard lowTok.kind == .number, let low = Int(lowTok.text), lowTok.text.count < 6 else { throw error("expected the first value of the index", at: lowTok) }
                        _ = advance()
                        range.lower = low
                    }
                    try expect("}", "'}' to close the summation index")
                    index = i
                } else {
                    guard peek.kind == .letter || peek.kind == .command else { throw error("expected a summation index after '_'", at: peek.kind == .end ? u : peek) }
                    index = try parseIndexToken()
                }
            } else if peek.is(.symbol, "^") {
                let c = advance()
                sawScript = true
                let upper = try parseScriptExpression(after: c)
                switch upper {
                case .variable(let s, let idx) where idx.isEmpty: range.upper = s.name
                case .number(let r) where r.isInteger: range.upper = "\(r.numerator)"
                default: throw error("the upper limit of a sum must be a size such as K", at: c)
                }
            }
        }
        guard let i = index else { throw error("a sum needs an index, as in \\sum_{i}", at: t) }
        guard startsFactor(peek) else {
            throw error(peek.kind == .end ? "unexpected end of input: the sum has no body" : "the sum has no body", at: peek.kind == .end ? t : peek)
        }
        return ([i] + others, range, excluded)
    }

    /// `\sum_{i,j=1}^{K} body`: every index over the same range, the first outermost; an exclusion (`\sum_{k \neq j}`)
    /// only with one index, where it is not ambiguous.
    func nestedSum(_ indices: [Index], _ range: IndexRange, excluded: Index?, _ body: Expr, at t: Token) throws -> Expr {
        var out = body
        if let j = excluded {
            guard indices.count == 1, let i = indices.first else { throw error("a sum over several indices with one left out: write one sum for each", at: t) }
            out = .mul([.sub(.one, .kronecker(i, j)), body])
        }
        for i in indices.reversed() { out = .indexSum(i, range, out) }
        return out
    }
}
