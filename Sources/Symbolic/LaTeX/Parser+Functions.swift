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
            if peek.is(.symbol, "^") { throw error("write powers of \(name) around the whole call, as (\(name) x)^2", at: peek) }
            let arg = isOpenParen() ? try parseParenthesized("the argument of \(name)") : try parseGroupOrToken("the argument of \(name)")
            return .value(.apply(entry.function, [arg]))
        }
    }
}
