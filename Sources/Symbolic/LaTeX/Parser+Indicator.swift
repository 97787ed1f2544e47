import SymbolicCore
import SymbolicFunctions

// MARK: - Indicators: \mathbb{1}_{i=j}, 1\{i=j\}, \mathbb{1}_{t > 0}

extension Parser {
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
