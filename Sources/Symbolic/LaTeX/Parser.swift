import Foundation
import SymbolicCore
import SymbolicFunctions

/// Options of the LaTeX parser.
public struct ParseOptions: Sendable {
    /// Single-letter names read as functions when followed by `(`: with `f`, `f(x)` is `f` applied to `x`.
    public var functions: Set<String>
    /// How deeply groups may nest before the input is refused.
    public var maximumDepth: Int
    /// Refuse sums whose terms carry incompatible free indices while parsing (off when implicit
    /// summation is made explicit afterwards, as in Einstein notation).
    public var checksIndices: Bool
    public init(functions: Set<String> = [], maximumDepth: Int = 400, checksIndices: Bool = true) {
        self.functions = functions
        self.maximumDepth = maximumDepth
        self.checksIndices = checksIndices
    }
}

/// A recursive-descent parser for LaTeX math in the notation of the seeds.
///
/// ```swift
/// let e = try Parser.parse(#"-\sum_{i=1}^{K} y_i \log \hat{y}_i"#)
/// let d = try Parser.parseDefinition(#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#)
/// ```
/// Errors carry the position of the offending text (`ParseError.formatted()` draws a caret).
public struct Parser {
    var tokens: [Token]
    var pos = 0
    var depth = 0
    let source: String
    let options: ParseOptions

    init(source: String, tokens: [Token], options: ParseOptions) {
        self.source = source
        self.options = options
        // Spacing and size commands carry no meaning.
        self.tokens = tokens.filter { !($0.kind == .command && Parser.ignored.contains($0.text)) }
    }

    static let ignored: Set<String> = ["\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\limits",
                                        "\\nolimits", "\\textstyle", "\\scriptstyle", "\\middle"]
    static let sizing: Set<String> = ["\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr",
                                       "\\biggl", "\\biggr", "\\Biggl", "\\Biggr"]

    // MARK: - Entry points

    /// Parses a whole expression.
    public static func parse(_ source: String, options: ParseOptions = ParseOptions()) throws -> Expr {
        var p = Parser(source: source, tokens: try Lexer(source).tokens(), options: options)
        if p.peek.kind == .end { throw p.error("empty input: expected an expression", at: p.peek) }
        let e = try p.parseAdditive()
        try p.expectEnd()
        return e
    }

    /// Parses `lhs = rhs` where the left side is a symbol with distinct index names: `\hat{y}_i = ...`.
    public static func parseDefinition(_ source: String, options: ParseOptions = ParseOptions()) throws -> Definition {
        let all = try Lexer(source).tokens()
        var p = Parser(source: source, tokens: all, options: options)
        guard let eq = p.topLevelEquals() else {
            throw ParseError("a definition needs '=' between the symbol and its value", at: 0, length: source.count, in: source)
        }
        let lhsTokens = Array(p.tokens[..<eq]) + [Token(kind: .end, text: "", start: p.tokens[eq].start, end: p.tokens[eq].start)]
        let rhsTokens = Array(p.tokens[(eq + 1)...])
        var left = Parser(source: source, tokens: lhsTokens, options: options)
        if left.peek.kind == .end { throw left.error("nothing to define before '='", at: p.tokens[eq]) }
        let lhs = try left.parseAdditive()
        try left.expectEnd()
        guard case .variable(let s, let idx) = lhs else {
            throw ParseError("the left side of a definition must be a symbol such as \\hat{y}_i", at: lhsTokens[0].start,
                             length: p.tokens[eq].start - lhsTokens[0].start, in: source)
        }
        var names = Set<String>()
        for i in idx {
            guard let n = i.name, names.insert(n).inserted else {
                throw ParseError("the indices on the left of a definition must be distinct names", at: lhsTokens[0].start,
                                 length: p.tokens[eq].start - lhsTokens[0].start, in: source)
            }
        }
        var right = Parser(source: source, tokens: rhsTokens, options: options)
        if right.peek.kind == .end { throw right.error("nothing after '=': expected the value of the definition", at: right.peek) }
        let rhs = try right.parseAdditive()
        try right.expectEnd()
        p.pos = 0
        return Definition(symbol: s, indices: idx, body: rhs)
    }

    /// Parses a variable to differentiate by: `\theta_k`, `W^{(1)}_{fg}`, `x`.
    public static func parseVariable(_ source: String) throws -> Expr {
        let e = try parse(source)
        guard case .variable = e else {
            throw ParseError("expected a variable such as \\theta_k", at: 0, length: source.count, in: source)
        }
        return e
    }

    /// Parses an assumption: `y one-hot`, `y probability`, `\sum_i y_i = 1`, `x > 0`.
    public static func parseAssumption(_ source: String) throws -> Assumption {
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        for (word, make) in [("one-hot", Assumption.oneHot), ("onehot", Assumption.oneHot), ("probability", Assumption.probability),
                             ("simplex", Assumption.probability)] as [(String, (Symbol) -> Assumption)] {
            if trimmed.lowercased().hasSuffix(word) {
                var head = String(trimmed.dropLast(word.count)).trimmingCharacters(in: .whitespaces)
                if head.hasSuffix(" is") { head = String(head.dropLast(3)) }
                if head.isEmpty { throw ParseError("name the symbol that is \(word), as in 'y \(word)'", at: 0, length: source.count, in: source) }
                return make(try symbolOf(head, source: source))
            }
        }
        if let r = trimmed.range(of: ">") {
            let head = String(trimmed[..<r.lowerBound]), tail = trimmed[r.upperBound...].trimmingCharacters(in: .whitespaces)
            guard tail == "0" else { throw ParseError("only '> 0' is understood as a bound", at: source.count - 1, in: source) }
            return .positive(try symbolOf(head, source: source))
        }
        if trimmed.contains("=") {
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[1] == "1" {
                let lhs = try parse(parts[0])
                if case .sum(let i, _, .variable(let s, let idx)) = lhs, idx == [i] { return .probability(s) }
            }
        }
        throw ParseError("unknown assumption: write 'y one-hot', 'y probability', '\\sum_i y_i = 1' or 'x > 0'", at: 0, length: source.count, in: source)
    }

    private static func symbolOf(_ text: String, source: String) throws -> Symbol {
        let e = try parse(text)
        if case .variable(let s, _) = e { return s.component }
        throw ParseError("expected a symbol such as y", at: 0, length: text.count, in: source)
    }

    // MARK: - Token access

    var peek: Token { tokens[min(pos, tokens.count - 1)] }
    func peek(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }
    mutating func advance() -> Token { let t = peek; if pos < tokens.count - 1 { pos += 1 }; return t }

    func error(_ message: String, at t: Token) -> ParseError {
        ParseError(message, at: t.start, length: max(1, t.end - t.start), in: source)
    }

    mutating func expect(_ text: String, _ what: String) throws {
        while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
        guard peek.text == text, peek.kind != .end else {
            throw error(peek.kind == .end ? "unexpected end of input: expected \(what)" : "expected \(what) but found '\(peek.text)'", at: peek)
        }
        _ = advance()
    }

    mutating func expectEnd() throws {
        guard peek.kind == .end else {
            let t = peek
            if t.text == "}" { throw error("unbalanced braces: '}' without a matching '{'", at: t) }
            if t.text == ")" { throw error("unbalanced parentheses: ')' without a matching '('", at: t) }
            throw error("unexpected '\(t.text)'", at: t)
        }
    }

    func topLevelEquals() -> Int? {
        var level = 0
        for (n, t) in tokens.enumerated() {
            if t.kind == .symbol, "{([".contains(t.text) { level += 1 }
            if t.kind == .symbol, "})]".contains(t.text) { level -= 1 }
            if level == 0, t.is(.symbol, "=") { return n }
        }
        return nil
    }

    mutating func enter() throws {
        depth += 1
        if depth > options.maximumDepth { throw error("expression nested too deeply", at: peek) }
    }
    mutating func leave() { depth -= 1 }

    // MARK: - Grammar

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
        if !ellipses.isEmpty { return try resolveEllipses(terms, ellipses) }
        return .plus(terms)
    }

    /// Consumes `\dots`, `\cdots`, `\ldots` or `...` standing as a term.
    mutating func ellipsisAhead() -> Token? {
        if peek.kind == .command, ["\\dots", "\\cdots", "\\ldots", "\\dotsb"].contains(peek.text) { return advance() }
        if peek.is(.symbol, "."), peek(1).is(.symbol, "."), peek(2).is(.symbol, ".") {
            let t = advance(); _ = advance(); _ = advance()
            return t
        }
        return nil
    }

    /// `t_1 + t_2 + \dots + t_n` is `\sum_{i=1}^{n} t_i` when the written terms agree but for one index
    /// (1, 2, then a name); a trailing `+ \dots` is the sum over the whole range. Anything else is refused.
    func resolveEllipses(_ terms: [Expr], _ ellipses: [(at: Int, token: Token)]) throws -> Expr {
        let unclear = { (t: Token) in self.error("an ellipsis whose pattern is not clear: write the sum, or its first two terms and the last", at: t) }
        guard let first = ellipses.first, first.at >= 2 else { throw unclear(ellipses[0].token) }
        let trailing = ellipses.count == 2 && ellipses[1].at == terms.count
        guard ellipses.count == 1 || trailing, first.at < terms.count || ellipses.count == 1 else { throw unclear(ellipses[ellipses.count - 1].token) }
        let before = Array(terms[..<(first.at - 2)])
        let a = terms[first.at - 2], b = terms[first.at - 1]
        if ellipses.count == 1, first.at == terms.count {
            // t_1 + t_2 + \dots: the first two terms show the pattern, which runs over the whole range.
            let marker = Index.named("#ellipsis")
            guard let generic = Parser.pattern(a, b, marker) else { throw unclear(first.token) }
            let taken = generic.allIndexNames
            let i = Expr.freshIndexName(like: ["i", "j", "m", "n", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
            return .plus(before + [.indexSum(.named(i), IndexRange(), generic.replacingIndex(marker, with: .named(i)))])
        }
        guard first.at < terms.count else { throw unclear(first.token) }
        let last = terms[first.at]
        let after = Array(terms[(first.at + 1)...])
        let marker = Index.named("#ellipsis")
        guard let generic = Parser.pattern(a, b, marker) else { throw unclear(first.token) }
        // The last written term names the upper limit: the index that stands where 1 and 2 stood.
        var upper: Index?
        for i in last.freeIndices where last.replacingIndex(i, with: marker).isAlphaEquivalent(to: generic) { upper = i; break }
        guard let n = upper, let name = n.name else { throw unclear(first.token) }
        let taken = generic.allIndexNames.union(last.allIndexNames)
        let i = Expr.freshIndexName(like: ["i", "j", "m", "n", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
        let body = generic.replacingIndex(marker, with: .named(i))
        let sum = Expr.indexSum(.named(i), trailing ? IndexRange() : IndexRange(lower: 1, upper: name), body)
        return .plus(before + [sum] + after)
    }

    /// The term of which `a` and `b` are the entries 1 and 2, with `marker` where the running index stands:
    /// every 1 of `a` (`e^{x_1} + e^{x_2}`), or only the places where `b` has 2 and the terms otherwise agree
    /// (`\frac{\partial}{\partial x_1} e^{x_1} + \frac{\partial}{\partial x_1} e^{x_2}`, where the 1 of x_1 stays).
    static func pattern(_ a: Expr, _ b: Expr, _ marker: Index) -> Expr? {
        let whole = a.replacingIndex(.value(1), with: marker)
        if whole != a, b.replacingIndex(.value(2), with: marker).isAlphaEquivalent(to: whole) { return whole }
        var marked = false
        func same(_ x: Expr, _ y: Expr, _ depth: Int) -> Expr? {
            guard depth < 200 else { return nil }
            func index(_ i: Index, _ j: Index) -> Index? {
                if i == j { return i }
                if i == .value(1), j == .value(2) { marked = true; return marker }
                return nil
            }
            switch (x, y) {
            case (.variable(let s, let i), .variable(let t, let j)):
                guard s == t, i.count == j.count else { return nil }
                var out: [Index] = []
                for (p, q) in zip(i, j) { guard let r = index(p, q) else { return nil }; out.append(r) }
                return .variable(s, out)
            case (.delta(let p, let q), .delta(let r, let t)):
                guard let u = index(p, r), let v = index(q, t) else { return nil }
                return .kronecker(u, v)
            default:
                let xs = x.children, ys = y.children
                guard xs.count == ys.count, !xs.isEmpty || x == y else { return nil }
                if xs.isEmpty { return x }
                // The same node above different children: b's children under a's node give b.
                guard x.withChildren(ys) == y else { return nil }
                var out: [Expr] = []
                for (c, d) in zip(xs, ys) { guard let r = same(c, d, depth + 1) else { return nil }; out.append(r) }
                return x.withChildren(out)
            }
        }
        guard let generic = same(a, b, 0), marked else { return nil }
        return generic
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
                guard startsFactor(peek) else { throw error("the derivative operator needs something to act on", at: start) }
                let operand = try parseTerm()
                factors.append(.partial(operand, wrt: wrt))
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
        let f = try parsePrimary()
        guard case .value(var e) = f else { return f }
        while peek.is(.symbol, "^") {
            let caret = advance()
            if case .variable = e { throw error("a second superscript needs braces", at: caret) }
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

    // MARK: - Primaries

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
            _ = advance()
            if t.text == "e", peek.is(.symbol, "^") {
                let caret = advance()
                return .value(.exp(try parseScriptExpression(after: caret)))
            }
            if options.functions.contains(t.text), peek.is(.symbol, "(") || peek.is(.command, "\\left") || peek.is(.symbol, "'") {
                var f = Function.named(t.text)
                while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
                return .value(.apply(f, [try parseParenthesized("the argument of \(t.text)")]))
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

    func isOpenParen() -> Bool {
        var k = 0
        while peek(k).kind == .command, Parser.sizing.contains(peek(k).text) { k += 1 }
        return peek(k).is(.symbol, "(") || (peek(k).is(.command, "\\left") && peek(k + 1).is(.symbol, "("))
    }

    /// `[E]_{k}`: the vector (or matrix) whose entry is `E`; with `E` a whole vector (`[\hat{y} - y]_b`, 001), its entry.
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

    mutating func parseCommand(_ t: Token) throws -> Factor {
        let name = t.text
        if Parser.sizing.contains(name) { _ = advance(); return try parsePrimary() }
        switch name {
        case "\\left":
            let square = peek(1).is(.symbol, "[")
            let e = try parseLeftRight()
            return .value(square ? try bracketEntry(e) : e)
        case "\\frac", "\\dfrac", "\\tfrac":
            _ = advance()
            return try parseFraction(t)
        case "\\sum":
            _ = advance()
            return .value(try parseSum(t))
        case "\\log", "\\ln", "\\exp", "\\tanh", "\\sqrt":
            _ = advance()
            let f: Function = ["\\log": .log, "\\ln": .log, "\\exp": .exp, "\\tanh": .tanh, "\\sqrt": .sqrt][name] ?? .log
            if name == "\\sqrt" { return .value(.apply(.sqrt, [try parseGroupOrToken("the argument of \\sqrt")])) }
            if peek.is(.symbol, "^") { throw error("write powers of \(name) around the whole call, as (\(name) x)^2", at: peek) }
            let arg = isOpenParen() ? try parseParenthesized("the argument of \(name)") : try parseGroupOrToken("the argument of \(name)")
            return .value(.apply(f, [arg]))
        case "\\sigma":
            _ = advance()
            var f = Function.sigmoid
            if peek.is(.symbol, "'") { _ = advance(); f = .prime(.sigmoid) }
            if isOpenParen() { return .value(.apply(f, [try parseParenthesized("the argument of \\sigma")])) }
            if case .prime = f { throw error("expected '(' after \\sigma'", at: peek) }
            return .value(try parseScripts(Symbol("\\sigma"), at: t))
        case "\\delta":
            _ = advance()
            if peek.is(.symbol, "_") {
                let save = pos
                let underscore = advance()
                let idx = try parseIndexList(after: underscore)
                if idx.count == 2 { return .value(.kronecker(idx[0], idx[1])) }
                pos = save
            }
            return .value(try parseScripts(Symbol("\\delta"), at: t))
        case "\\mathbb", "\\mathds", "\\mathbbm":
            _ = advance()
            return .value(try parseIndicator(t))
        case "\\indicator", "\\ind":
            // The macro derive's templates define for the indicator.
            _ = advance()
            return .value(try parseIndicatorCondition(t))
        case "\\hat", "\\widehat", "\\tilde", "\\widetilde", "\\bar", "\\overline":
            _ = advance()
            let accent: Symbol.Accent = name.contains("hat") ? .hat : (name.contains("tilde") ? .tilde : .bar)
            return .value(try parseDecorated(t) { $0.accent = accent })
        case "\\mathbf", "\\bm", "\\boldsymbol", "\\vec":
            _ = advance()
            return .value(try parseDecorated(t) { $0.bold = true })
        case "\\mathit", "\\mathrm", "\\text", "\\operatorname", "\\mathcal", "\\textrm", "\\mathsf":
            _ = advance()
            return .value(try parseNamed(t))
        case "\\nabla":
            // \nabla_{v} f: the vector of \partial f / \partial v_i.
            _ = advance()
            guard peek.is(.symbol, "_") else { throw error("\\nabla needs the variable as a subscript, as in \\nabla_{\\hat{y}}", at: peek) }
            let u = advance()
            let v = try parseScriptExpression(after: u)
            guard case .variable(let s, let idx) = v, idx.isEmpty else { throw error("\\nabla needs a variable without indices", at: u) }
            guard startsFactor(peek) else { throw error("\\nabla needs something to act on", at: peek) }
            let f = try parseTerm()
            let i = Expr.freshIndexName(like: "i", avoiding: f.allIndexNames)
            return .value(.array([.named(i)], .partial(f, wrt: .variable(s.component, [.named(i)]))))
        case "\\partial":
            throw error("\\partial must stand in a fraction, as in \\frac{\\partial f}{\\partial x}", at: t)
        case "\\right":
            throw error("\\right without a matching \\left", at: t)
        case "\\begin":
            _ = advance()
            return .value(try parseCases(t))
        case "\\\\", "\\end":
            throw error("\(name) cannot stand inside an expression", at: t)
        default:
            if let g = Parser.greek[name] {
                _ = advance()
                // A Greek letter named as a function (001's \psi(v) for the softmax) applies to its argument.
                if options.functions.contains(g), isOpenParen() {
                    var f = Function.named(g)
                    while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
                    return .value(.apply(f, [try parseParenthesized("the argument of \(name)")]))
                }
                return .value(try parseScripts(Symbol(g), at: t))
            }
            throw error("unknown command \(name)", at: t)
        }
    }

    static let greek: [String: String] = {
        var m: [String: String] = [:]
        for g in ["alpha", "beta", "gamma", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
                  "mu", "nu", "xi", "pi", "rho", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta",
                  "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell"] {
            m["\\" + g] = "\\" + g
        }
        return m
    }()

    /// `\frac{a}{b}`, `\frac{\partial}{\partial x}` (an operator), `\frac{\partial f}{\partial x}`.
    mutating func parseFraction(_ t: Token) throws -> Factor {
        guard peek.is(.symbol, "{") else {
            // \frac12 : two single tokens.
            let a = try parseGroupOrToken("the numerator of \\frac")
            let b = try parseGroupOrToken("the denominator of \\frac")
            return .value(.div(a, b))
        }
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

    /// `\sum_{i=1}^{K} body`, `\sum_i body`: the body is the rest of the term.
    mutating func parseSum(_ t: Token) throws -> Expr {
        var index: Index?
        var range = IndexRange()
        var excluded: Index?
        var sawScript = true
        while sawScript {
            sawScript = false
            if peek.is(.symbol, "_") {
                let u = advance()
                sawScript = true
                if peek.is(.symbol, "{") {
                    _ = advance()
                    let i = try parseIndexToken()
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
        let body = try parseTerm()
        if let j = excluded { return .indexSum(i, range, .mul([.sub(.one, .kronecker(i, j)), body])) }
        return .indexSum(i, range, body)
    }

    mutating func parseIndexToken() throws -> Index {
        let t = peek
        switch t.kind {
        case .letter:
            _ = advance()
            var name = t.text
            while peek.is(.symbol, "'") { _ = advance(); name += "'" }
            return .named(name)
        case .number:
            _ = advance()
            guard let v = Int(t.text), t.text.count < 6 else { throw error("index value too large", at: t) }
            return .value(v)
        case .command:
            if let g = Parser.greek[t.text] {
                _ = advance()
                var name = g
                while peek.is(.symbol, "'") { _ = advance(); name += "'" }
                return .named(name)
            }
            throw error("expected an index but found \(t.text)", at: t)
        default:
            throw error(t.kind == .end ? "unexpected end of input: expected an index" : "expected an index but found '\(t.text)'", at: t)
        }
    }

    /// After `_`: one index token, or a braced list `{kd}`, `{k,d}`, `{12}`.
    mutating func parseIndexList(after u: Token) throws -> [Index] {
        if peek.is(.symbol, "{") {
            _ = advance()
            var out: [Index] = []
            while !peek.is(.symbol, "}") {
                if peek.kind == .end { throw error("unexpected end of input: '{' of the subscript is never closed", at: u) }
                if peek.is(.symbol, ",") { _ = advance(); continue }
                out.append(try parseIndexToken())
            }
            _ = advance()
            if out.isEmpty { throw error("empty subscript", at: u) }
            return out
        }
        if peek.kind == .number {
            let n = peek
            if n.text.count > 1 { _ = advance(); splitNumber(n, keep: 1); return [.value(Int(String(n.text.prefix(1))) ?? 0)] }
        }
        if peek.kind == .end { throw error("unexpected end of input: '_' needs a subscript", at: u) }
        if !(peek.kind == .letter || peek.kind == .number || Parser.greek[peek.text] != nil) {
            throw error("'_' needs a subscript but found '\(peek.text)'", at: peek)
        }
        return [try parseIndexToken()]
    }

    /// Subscripts (indices) and superscripts (a label `^{(1)}` or a power) after a symbol.
    mutating func parseScripts(_ symbol: Symbol, at t: Token) throws -> Expr {
        var s = symbol
        var indices: [Index] = []
        var power: Expr?
        var sawIndex = false
        while true {
            if peek.is(.symbol, "_") {
                let u = advance()
                if sawIndex { throw error("a second subscript; put all indices in one group, as _{kd}", at: u) }
                sawIndex = true
                // a_{L,i}: a capital and a comma first label a layer (003), the indices follow.
                let layer = peek.is(.symbol, "{") && peek(1).kind == .letter && peek(1).text.count == 1
                    && peek(1).text.first?.isUppercase == true && peek(2).is(.symbol, ",") && s.label == nil ? peek(1).text : nil
                indices = try parseIndexList(after: u)
                if let layer, indices.count >= 2 {
                    indices.removeFirst()
                    s.label = layer
                    s.labelBelow = true
                }
                // C^{-1}_{de}: the superscript before the indices names the inverse matrix, not a power of an entry.
                if power == .minusOne, s.label == nil, !indices.isEmpty {
                    s.label = "-1"
                    power = nil
                }
            } else if peek.is(.symbol, "^") {
                if peek(1).is(.symbol, "{"), peek(2).is(.symbol, "("), let label = labelAhead() {
                    _ = advance(); _ = advance(); _ = advance()
                    for _ in 0..<label.count { _ = advance() }
                    _ = advance(); _ = advance()
                    s.label = label.map(\.text).joined()
                } else if power == nil {
                    let c = advance()
                    if peek.is(.letter, "T") { throw error("transposes are not supported yet; write the sum over indices", at: peek) }
                    power = try parseScriptExpression(after: c)
                } else {
                    throw error("a second superscript needs braces", at: peek)
                }
            } else {
                break
            }
        }
        let v = Expr.variable(s, indices)
        return power.map { .pow(v, $0) } ?? v
    }

    /// The tokens of a label `^{(1)}` when they follow: `(`, label tokens, `)`, `}`.
    func labelAhead() -> [Token]? {
        var k = 3
        var out: [Token] = []
        while peek(k).kind == .letter || peek(k).kind == .number {
            out.append(peek(k))
            k += 1
        }
        guard !out.isEmpty, peek(k).is(.symbol, ")"), peek(k + 1).is(.symbol, "}") else { return nil }
        return out
    }

    /// `\hat{y}_i`, `\widehat{y_{i}}`, `\mathbf{\hat{y}}`, `\hat y`.
    mutating func parseDecorated(_ t: Token, _ change: (inout Symbol) -> Void) throws -> Expr {
        let inner: Expr
        if peek.is(.symbol, "{") {
            _ = advance()
            inner = try parseAdditive()
            try expect("}", "'}' to close \(t.text)")
        } else if peek.kind == .letter {
            let l = advance()
            inner = .variable(Symbol(l.text), [])
        } else if let g = Parser.greek[peek.text] {
            _ = advance()
            inner = .variable(Symbol(g), [])
        } else {
            throw error("\(t.text) needs a symbol to decorate", at: peek)
        }
        guard case .variable(var s, let idx) = inner else { throw error("\(t.text) must decorate a single symbol", at: t) }
        change(&s)
        let outer = try parseScripts(s, at: t)
        if case .variable(let s2, let idx2) = outer {
            if !idx.isEmpty, !idx2.isEmpty { throw error("indices both inside and outside \(t.text)", at: t) }
            return .variable(idx.isEmpty ? s2 : s2.component, idx.isEmpty ? idx2 : idx)
        }
        if case .power(.variable(let s2, let idx2), let p) = outer { return .pow(.variable(s2, idx.isEmpty ? idx2 : idx), p) }
        return outer
    }

    /// `\mathit{CE}`, `\mathcal{L}`, `\operatorname{relu}(x)`, `\text{softmax}`.
    mutating func parseNamed(_ t: Token) throws -> Expr {
        guard peek.is(.symbol, "{") else { throw error("\(t.text) needs a braced name", at: peek) }
        let open = advance()
        var text = ""
        while !peek.is(.symbol, "}") {
            if peek.kind == .end { throw error("unexpected end of input: '{' after \(t.text) is never closed", at: open) }
            text += advance().text
        }
        _ = advance()
        let functions: [String: Function] = ["relu": .relu, "ReLU": .relu, "step": .step, "exp": .exp, "log": .log, "tanh": .tanh, "sigmoid": .sigmoid, "sqrt": .sqrt]
        if let f = functions[text], isOpenParen() {
            return .apply(f, [try parseParenthesized("the argument of \(text)")])
        }
        if text.isEmpty { throw error("empty name", at: t) }
        let name = t.text == "\\text" || t.text == "\\textrm" ? "\\mathrm{\(text)}" : "\(t.text){\(text)}"
        return try parseScripts(Symbol(name), at: t)
    }

    /// The name of an environment after `\begin` or `\end`: `{cases}`.
    mutating func environmentName() throws -> (String, Token) {
        let open = peek
        guard open.is(.symbol, "{") else { throw error("expected '{' and an environment name", at: open) }
        _ = advance()
        var name = ""
        while peek.kind == .letter || peek.is(.symbol, "*") { name += advance().text }
        try expect("}", "'}' to close the environment name")
        return (name, open)
    }

    /// `\begin{cases} v & i = k \\ w & \text{otherwise} \end{cases}`. Conditions compare two indices
    /// (`=`, `\neq`); a last row whose condition is the opposite of an earlier one reads as `otherwise`.
    mutating func parseCases(_ begin: Token) throws -> Expr {
        let (env, at) = try environmentName()
        if ["bmatrix", "pmatrix", "Bmatrix", "vmatrix"].contains(env) { return try parseColumn(begin, env) }
        guard env == "cases" else { throw error("only the cases environment can stand inside an expression", at: at) }
        var rows: [(Expr, IndexCondition?)] = []
        while true {
            if peek.kind == .end { throw error("unexpected end of input: \\begin{cases} is never closed", at: begin) }
            let value = try parseAdditive()
            if peek.is(.symbol, ",") { _ = advance() }  // "\hat{y}_k - 1, & i = k"
            try expect("&", "'&' between a value and its condition")
            rows.append((value, try parseCondition()))
            if peek.is(.command, "\\\\") { _ = advance(); if peek.is(.command, "\\end") { break }; continue }
            break
        }
        guard peek.is(.command, "\\end") else { throw error("expected \\\\ or \\end{cases}", at: peek) }
        _ = advance()
        let (close, closeAt) = try environmentName()
        guard close == "cases" else { throw error("\\begin{cases} is closed by \\end{\(close)}", at: closeAt) }
        guard let last = rows.last else { throw error("empty cases", at: begin) }
        var pieces: [Expr.Piece] = []
        for (v, c) in rows.dropLast() {
            guard let c else { throw error("only the last row of cases may say otherwise", at: begin) }
            pieces.append(Expr.Piece(v, if: c))
        }
        if let c = last.1 {
            let opposite = pieces.contains { $0.condition.isEqual != c.isEqual && Set([$0.condition.lhs, $0.condition.rhs]) == Set([c.lhs, c.rhs]) }
            guard opposite else { throw error("a cases expression needs an 'otherwise' row", at: begin) }
        }
        return .cases(pieces, otherwise: last.0)
    }

    /// A vector or a matrix whose entries follow a pattern. A column `r_1 \\ r_2 \\ \vdots \\ r_k` (or with
    /// a trailing `\vdots`) is the vector with generic row `r_i`. A matrix with rows and columns `1, 2, \dots, k`
    /// is the array with generic entry from its `(1, 2)` entry, or `cases` with the diagonal when the
    /// diagonal differs (the Jacobian of the softmax). An unclear pattern is refused.
    mutating func parseColumn(_ begin: Token, _ env: String) throws -> Expr {
        // Cells by row; nil for \dots, \vdots, \ddots.
        var rows: [[Expr?]] = [[]]
        var sawAmpersand = false
        let placeholders = ["\\dots", "\\cdots", "\\ldots", "\\vdots", "\\ddots"]
        while true {
            if peek.kind == .end { throw error("unexpected end of input: \\begin{\(env)} is never closed", at: begin) }
            if peek.is(.command, "\\end") { break }
            if peek.kind == .command, placeholders.contains(peek.text) {
                _ = advance()
                rows[rows.count - 1].append(nil)
            } else {
                rows[rows.count - 1].append(try parseAdditive())
            }
            if peek.is(.symbol, "&") { _ = advance(); sawAmpersand = true; continue }
            if peek.is(.command, "\\\\") { _ = advance(); rows.append([]); continue }
            guard peek.is(.command, "\\end") else { throw error("expected &, \\\\ or \\end{\(env)}", at: peek) }
        }
        _ = advance()
        let (close, closeAt) = try environmentName()
        guard close == env else { throw error("\\begin{\(env)} is closed by \\end{\(close)}", at: closeAt) }
        if rows.last?.isEmpty == true { rows.removeLast() }
        let unclear = error("a vector or matrix whose entries do not show their pattern (write the first ones, dots, and the last)", at: begin)
        return try sawAmpersand ? matrixPattern(rows, unclear) : columnPattern(rows.map { $0.first ?? nil }, unclear)
    }

    /// The generic row of a column whose rows are `r_1, r_2, ..., \vdots, r_k`.
    func columnPattern(_ rows: [Expr?], _ unclear: ParseError) throws -> Expr {
        let written = rows.compactMap { $0 }
        guard written.count >= 2, rows.contains(where: { $0 == nil }), let first = written.first, let last = written.last else { throw unclear }
        let marker = Index.named("#row")
        let generic = first.replacingIndex(.value(1), with: marker)
        guard generic != first else { throw unclear }
        for (n, r) in written.dropLast().enumerated() where !r.replacingIndex(.value(n + 1), with: marker).isAlphaEquivalent(to: generic) { throw unclear }
        // The last row is the generic one at some index (k): the pattern holds to the end.
        guard last.freeIndices.contains(where: { last.replacingIndex($0, with: marker).isAlphaEquivalent(to: generic) }) else { throw unclear }
        let taken = generic.allIndexNames.union(last.allIndexNames)
        let i = Expr.freshIndexName(like: ["i", "j", "m", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
        return .array([.named(i)], generic.replacingIndex(marker, with: .named(i)))
    }

    /// The generic entry of a matrix whose rows and columns run `1, 2, \dots, k`.
    func matrixPattern(_ rows: [[Expr?]], _ unclear: ParseError) throws -> Expr {
        // Positions of the written rows and columns: 1, 2, ... before the dots, the last index after them.
        func positions(_ flags: [Bool]) -> [Int?] {
            // flags: true for a written line, false for a line of dots; nil position for dots, -1 for "the last".
            var out: [Int?] = []
            var n = 0
            var afterDots = false
            for f in flags {
                if !f { afterDots = true; out.append(nil); continue }
                if afterDots { out.append(-1) } else { n += 1; out.append(n) }
            }
            return out
        }
        let width = rows.map(\.count).max() ?? 0
        guard rows.count >= 3, width >= 3, rows.allSatisfy({ $0.count == width }) else { throw unclear }
        let rowPos = positions(rows.map { $0.contains { $0 != nil } && !$0.allSatisfy { $0 == nil } && $0.filter { $0 == nil }.count < width - 1 })
        let colPos = positions((0..<width).map { c in rows.contains { $0[c] != nil } && rows.filter { $0[c] == nil }.count < rows.count - 1 })
        guard rowPos.contains(1), rowPos.contains(2), colPos.contains(1), colPos.contains(2) else { throw unclear }
        guard let r1 = rowPos.firstIndex(of: 1), let r2 = rowPos.firstIndex(of: 2), let c1 = colPos.firstIndex(of: 1), let c2 = colPos.firstIndex(of: 2),
              let diagonal = rows[r1][c1], let offDiagonal = rows[r1][c2] else { throw unclear }
        let mi = Index.named("#row"), mj = Index.named("#column")
        let d = diagonal.replacingIndex(.value(1), with: mi)
        let o = offDiagonal.replacingIndex(.value(1), with: mi).replacingIndex(.value(2), with: mj)
        guard d != diagonal, o != offDiagonal else { throw unclear }
        _ = r2
        // The last position is one named index, the same for rows and columns.
        var last: Index?
        func matches(_ e: Expr, _ r: Index, _ c: Index) -> Bool {
            let expected = r == c ? d.replacingIndex(mi, with: r) : o.replacingIndex(mi, with: r).replacingIndex(mj, with: c)
            return e.isAlphaEquivalent(to: expected)
        }
        for (ri, row) in rows.enumerated() {
            for (ci, cell) in row.enumerated() {
                guard let cell, let rp = rowPos[ri], let cp = colPos[ci] else { continue }
                if rp == -1 || cp == -1, last == nil {
                    // Find the name that stands for the last position.
                    let candidates = cell.freeIndices.filter { $0.isNamed }
                    last = candidates.first { k in matches(cell, rp == -1 ? k : .value(rp), cp == -1 ? k : .value(cp)) }
                    guard last != nil else { throw unclear }
                }
                let r: Index = rp == -1 ? (last ?? .value(0)) : .value(rp)
                let c: Index = cp == -1 ? (last ?? .value(0)) : .value(cp)
                guard matches(cell, r, c) else { throw unclear }
            }
        }
        let taken = d.allIndexNames.union(o.allIndexNames).union(last?.name.map { [$0] } ?? [])
        let i = Expr.freshIndexName(like: ["i", "a", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
        let j = Expr.freshIndexName(like: ["j", "b", "c"].first { !taken.contains($0) && $0 != i } ?? "c", avoiding: taken.union([i]))
        let generic = o.replacingIndex(mi, with: .named(i)).replacingIndex(mj, with: .named(j))
        let diagonalGeneric = d.replacingIndex(mi, with: .named(i))
        if generic.substituting([j: .named(i)]).isAlphaEquivalent(to: diagonalGeneric) { return .array([.named(i), .named(j)], generic) }
        return .array([.named(i), .named(j)], .cases([Expr.Piece(diagonalGeneric, if: IndexCondition(.named(i), .named(j)))], otherwise: generic))
    }

    /// `i = k`, `i \neq k`, `\text{if } i = k`, `\forall i \neq j`; `nil` for `\text{otherwise}`.
    mutating func parseCondition() throws -> IndexCondition? {
        while peek.is(.command, "\\forall") || peek.is(.symbol, ",") { _ = advance() }
        if peek.is(.command, "\\text") || peek.is(.command, "\\mathrm") {
            let save = pos
            _ = advance()
            if peek.is(.symbol, "{") {
                _ = advance()
                var word = ""
                while peek.kind == .letter { word += advance().text }
                if peek.is(.symbol, "}") {
                    _ = advance()
                    if word == "otherwise" || word == "else" { return nil }
                    if word == "if" { return try parseCondition() }
                }
            }
            pos = save
        }
        let a = try parseIndexToken()
        let rel = peek
        let equal: Bool
        if rel.is(.symbol, "=") { equal = true } else if rel.is(.command, "\\neq") || rel.is(.command, "\\ne") { equal = false } else {
            throw error("expected '=' or \\neq in the condition", at: rel)
        }
        _ = advance()
        let b = try parseIndexToken()
        return IndexCondition(a, b, isEqual: equal)
    }

    /// `\mathbb{1}_{i=j}`, `\mathbb{1}_{\{i=j\}}`, `\mathbb{1}_{(i=j)}`, `\mathbb{1}\{i=j\}`.
    mutating func parseIndicator(_ t: Token) throws -> Expr {
        guard peek.is(.symbol, "{"), peek(1).is(.number, "1"), peek(2).is(.symbol, "}") else {
            throw error("only \\mathbb{1} (the indicator) is understood", at: t)
        }
        _ = advance(); _ = advance(); _ = advance()
        return try parseIndicatorCondition(t)
    }

    /// Where a `>` stands before the condition closes, if it does.
    func comparisonAhead() -> Int? {
        var k = pos
        var depth = 0
        while k < tokens.count {
            let t = tokens[k]
            if t.kind == .end { return nil }
            if t.kind == .symbol, "{([".contains(t.text) { depth += 1 }
            if t.kind == .symbol, "})]".contains(t.text) { if depth == 0 { return nil }; depth -= 1 }
            if depth == 0, t.is(.symbol, ">") { return k }
            k += 1
        }
        return nil
    }

    /// An expression that ends where token `end` stands.
    mutating func parseAdditiveUntil(_ end: Int) throws -> Expr {
        let saved = tokens
        var cut = Array(tokens[..<end])
        cut.append(Token(kind: .end, text: "", start: tokens[end].start, end: tokens[end].start))
        tokens = cut
        defer {
            tokens = saved
        }
        let e = try parseAdditive()
        guard peek.kind == .end else { throw error("unexpected '\(peek.text)' in the condition", at: peek) }
        return e
    }

    /// The condition of an indicator: `_{i=j}`, `_{\{i=j\}}`, `_{(i=j)}`, `\{i=j\}`.
    mutating func parseIndicatorCondition(_ t: Token) throws -> Expr {
        var closers: [String] = []
        if peek.is(.symbol, "_") { _ = advance(); if peek.is(.symbol, "{") { _ = advance(); closers.append("}") } else { throw error("expected '{' after \\mathbb{1}_", at: peek) } }
        if peek.is(.command, "\\{") { _ = advance(); closers.append("\\}") } else if peek.is(.symbol, "(") { _ = advance(); closers.append(")") }
        guard !closers.isEmpty else { throw error("expected a condition such as _{i=j} after \\mathbb{1}", at: peek) }
        // \mathbb{1}_{t > 0}: the step function of an expression (ReLU's derivative).
        if let gt = comparisonAhead() {
            let save = pos
            let arg = try parseAdditiveUntil(gt)
            if peek.is(.symbol, ">"), peek(1).is(.number, "0") {
                _ = advance(); _ = advance()
                for c in closers.reversed() { try expect(c, "'\(c)' to close the condition") }
                return .apply(.step, [arg])
            }
            pos = save
        }
        let a = try parseIndexToken()
        guard peek.is(.symbol, "=") else { throw error("expected '=' in the condition of the indicator", at: peek) }
        _ = advance()
        let b = try parseIndexToken()
        for c in closers.reversed() { try expect(c, "'\(c)' to close the condition") }
        return .kronecker(a, b)
    }
}

