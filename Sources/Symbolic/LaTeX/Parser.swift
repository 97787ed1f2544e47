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
    /// `-(\dots + y_j (1 - \hat{y}_j) + \dots)`, one term of a sum shown between dots: the dots read as terms not written
    /// (`Parser.hiddenTerms`), the same in every line that shows them so, instead of refused. For the checker, which
    /// compares such lines only with lines that show the same dots.
    public var hiddenTerms: Bool
    public init(functions: Set<String> = [], maximumDepth: Int = 400, checksIndices: Bool = true, hiddenTerms: Bool = false) {
        self.functions = functions
        self.maximumDepth = maximumDepth
        self.checksIndices = checksIndices
        self.hiddenTerms = hiddenTerms
    }
}

/// A recursive-descent parser for LaTeX math as course notes and homework write it.
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
    /// How many dots this parse has read as terms not written.
    var hiddenCount = 0
    let source: String
    let options: ParseOptions
    /// Where a reading tried ahead has failed, shared by the copies a probe makes: each place is tried once, so
    /// nested attempts (`\frac{d` inside `\frac{d`) cost linear time, not exponential.
    let failedProbes = FailedProbes()

    /// Token positions at which a probe found nothing (see `parseLeibniz`).
    final class FailedProbes {
        var leibniz = Set<Int>()
    }

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
}
