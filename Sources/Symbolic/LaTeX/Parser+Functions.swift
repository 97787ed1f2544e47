import SymbolicCore
import SymbolicFunctions

// MARK: - Elementary functions, read as the function table spells them

extension Parser {
    /// A function's command and its argument: `\log x`, `\log(x)`, `\sqrt{x}`, `\sigma(t)`, `\sigma'(t)`; a
    /// command that is also a letter (`\sigma`) is the letter where no argument in brackets follows.
    mutating func parseFunction(_ t: Token, _ entry: FunctionEntry, _ spelling: Spelling) throws -> Factor {
        _ = advance()
        let name = t.text
        switch spelling {
        case .braced:
            return .value(.apply(entry.function, [try parseGroupOrToken("the argument of \(name)")]))
        case .letterOrCall:
            var f = entry.function
            if peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
            if isOpenParen() { return .value(.apply(f, [try parseParenthesized("the argument of \(name)")])) }
            if case .prime = f { throw error("expected '(' after \(name)'", at: peek) }
            return .value(try parseScripts(Symbol(name), at: t))
        case .command, .word:
            // \tanh^2(x), \log^2 x: a power of the value, as in \sin^2 x. Not ^{-1}, which some write for the inverse.
            var power: Int?
            if peek.is(.symbol, "^") {
                let braced = peek(1).is(.symbol, "{")
                let k = braced ? 2 : 1
                guard peek(k).kind == .number, let n = Int(peek(k).text), n >= 2, n <= 64, !braced || peek(k + 1).is(.symbol, "}") else {
                    throw error("write powers of \(name) around the whole call, as (\(name) x)^2", at: peek)
                }
                for _ in 0..<(braced ? 4 : 2) { _ = advance() }
                power = n
            }
            let arg = isOpenParen() ? try parseParenthesized("the argument of \(name)") : try parseGroupOrToken("the argument of \(name)")
            let call = Expr.apply(entry.function, [arg])
            return .value(power.map { .pow(call, .number(Rational(integer: $0))) } ?? call)
        }
    }
}

// MARK: - Names of several letters before an argument: a function, or refused

extension Parser {
    /// The letters from the current token on that touch each other (`softmax` in `softmax(z)`), and how many
    /// tokens they take; `nil` where fewer than two letters touch.
    func touchingWord() -> (word: String, tokens: Int)? {
        var word = peek.text
        var k = 1
        while peek(k).kind == .letter, peek(k).start == peek(k - 1).end { word += peek(k).text; k += 1 }
        return k >= 2 ? (word, k) : nil
    }

    /// Whether `(` (after sizing commands, or as `\left(`) follows `k` tokens ahead, or a prime and then it.
    func isOpenParen(after k: Int) -> Bool {
        var k = k
        while peek(k).is(.symbol, "'") { k += 1 }
        while peek(k).kind == .command, Parser.sizing.contains(peek(k).text) { k += 1 }
        return peek(k).is(.symbol, "(") || (peek(k).is(.command, "\\left") && peek(k + 1).is(.symbol, "("))
    }

    /// `softmax(z)`, `log(x)`, `relu(x)`: a word written without a backslash before an argument in brackets is
    /// the table's function of that name, a function declared with `--function`, or, from three letters on, an
    /// error (read as letters it would be a product, `s o f t m a x (z)`, which no one means). Two letters
    /// (`xy(1 - y)`) stay a product. `nil` where the current token starts no such word.
    mutating func parseFunctionWord() throws -> Factor? {
        guard let (word, count) = touchingWord(), isOpenParen(after: count) else { return nil }
        let first = peek
        if let entry = FunctionTable.word(word) {
            for _ in 0..<count { _ = advance() }
            var f = entry.function
            while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
            return .value(.apply(f, [try parseParenthesized("the argument of \(word)")]))
        }
        if options.functions.contains(word) {
            for _ in 0..<count { _ = advance() }
            var f = Function.named(word)
            while peek.is(.symbol, "'") { _ = advance(); f = .prime(f) }
            return .value(.apply(f, try parseArguments("the argument of \(word)")))
        }
        guard count >= 3 else { return nil }
        throw ParseError(Parser.unknownFunction(word, written: word), at: first.start, length: peek(count - 1).end - first.start, in: source)
    }

    /// The refusal of a function name derive does not know, with what it does know and how to declare one.
    static func unknownFunction(_ name: String, written: String) -> String {
        let known = FunctionTable.entries.compactMap { e -> String? in
            for s in e.spellings { if case .word(let w) = s { return w } }
            return nil
        }
        return "unknown function '\(written)': derive knows \(known.joined(separator: ", ")) (as \\operatorname{name} or a command "
            + "such as \\log, \\exp, \\sigma, \\tanh); for a function of your own, declare it with --function \(name)"
    }
}
