import SymbolicCore
import SymbolicFunctions

// MARK: - Symbols with their indices, labels and decorations

extension Parser {
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
                // a_{L,i}: a capital and a comma first label a layer (the backpropagation slides), the indices follow.
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
                    s = s.inverse
                    power = nil
                }
            } else if peek.is(.symbol, "^") {
                if peek(1).is(.symbol, "{"), peek(2).is(.symbol, "(") || peek(2).is(.symbol, "["), let label = labelAhead() {
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

    /// The tokens of a label `^{(1)}` when they follow: `(` (or `[`, as in `^{[l]}`), the label, its closing
    /// bracket, `}`. A label is names and numbers joined by `+` or `-`: `(t)`, `(t-1)`, `(l+1)`, `[2]`; a power
    /// is anything else (`^{(a b)}`, `^{(x)^2}`).
    func labelAhead() -> [Token]? {
        let close = peek(2).is(.symbol, "[") ? "]" : ")"
        var k = 3
        var out: [Token] = []
        while true {
            // A name (letters that touch) or a number.
            guard peek(k).kind == .letter || peek(k).kind == .number else { return nil }
            out.append(peek(k))
            k += 1
            while peek(k).kind == .letter, peek(k).start == peek(k - 1).end, peek(k - 1).kind == .letter { out.append(peek(k)); k += 1 }
            guard peek(k).is(.symbol, "+") || peek(k).is(.symbol, "-") else { break }
            out.append(peek(k))
            k += 1
        }
        guard peek(k).is(.symbol, close), peek(k + 1).is(.symbol, "}") else { return nil }
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
        if let entry = FunctionTable.word(text), isOpenParen() {
            return .apply(entry.function, [try parseParenthesized("the argument of \(text)")])
        }
        if text.isEmpty { throw error("empty name", at: t) }
        // A name of several letters in upright type before an argument is a function: the user's, or refused
        // (as a name times a bracket it would mean what no one writes).
        if text.count >= 2, isOpenParen(after: 0), ["\\operatorname", "\\mathrm", "\\text", "\\textrm"].contains(t.text) {
            if options.functions.contains(text) {
                var f = Function.named(text)
                while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
                return .apply(f, [try parseParenthesized("the argument of \(text)")])
            }
            throw ParseError(Parser.unknownFunction(text, written: "\(t.text){\(text)}"), at: t.start, length: max(1, open.end - t.start + text.count + 1),
                             in: source)
        }
        let name = t.text == "\\text" || t.text == "\\textrm" ? "\\mathrm{\(text)}" : "\(t.text){\(text)}"
        return try parseScripts(Symbol(name), at: t)
    }
}
