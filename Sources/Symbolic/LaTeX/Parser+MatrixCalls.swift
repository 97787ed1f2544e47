import SymbolicCore
import SymbolicFunctions

// MARK: - Functions and operators of matrix notation: tr, diag, softmax, and functions entry by entry

extension Parser {
    /// What a name of matrix notation does to its argument.
    enum MatrixOperator {
        case trace, diag, softmax
        /// `\det X`, or with `log`, `\log\det X`.
        case determinant(log: Bool)
        case elementwise(Function)

        /// What it is called in messages.
        var name: String {
            switch self {
            case .trace: return "the trace"
            case .diag: return "diag"
            case .softmax: return "the softmax"
            case .determinant: return "the determinant"
            case .elementwise(let f): return FunctionTable.head(f, latex: false)
            }
        }

        static func named(_ word: String) -> MatrixOperator? {
            switch word {
            case "tr", "Tr", "trace", "Trace": return .trace
            case "diag", "Diag": return .diag
            case "softmax": return .softmax
            case "det": return .determinant(log: false)
            case "logdet": return .determinant(log: true)
            default: return FunctionTable.word(word).map { .elementwise($0.function) }
            }
        }
    }

    /// A call at the cursor (`\operatorname{tr}(X)`, `\log(1 + e^{-y w^T x})`, `\sigma(W x + b)`, `tr(X)`), or nil.
    mutating func matrixCall(_ r: inout MatrixReader) throws -> MatrixTerm? {
        let t = peek
        guard let (op, length, braced) = matrixOperatorAhead() else { return nil }
        for _ in 0..<length { _ = advance() }
        let argument: MatrixTerm
        if braced {
            argument = try matrixGroup(&r, "the argument of \(t.text)")
        } else if isOpenParen() {
            while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
            let isLeft = peek.is(.command, "\\left")
            if isLeft { _ = advance() }
            _ = advance()
            argument = try matrixNotationSum(&r)
            while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
            if isLeft { try expect("\\right", "\\right to close \\left(") }
            try expect(")", "')' to close the argument of \(t.text)")
        } else {
            argument = try matrixNotationFactor(&r)
        }
        let fail = error("\(op.name) of \(argument.kind)", at: t)
        switch op {
        case .trace: return try r.trace(argument, fail)
        case .diag: return try r.diag(argument, fail)
        case .softmax: return try r.softmax(argument, fail)
        case .determinant(let log):
            let det = try r.determinant(argument, error("the determinant of \(argument.kind): only that of a matrix named by a symbol (\\det X, \\det X^{-1}) is read", at: t))
            guard log else { return det }
            return MatrixTerm(entry: .apply(.log, [det.entry]), row: nil, column: nil)
        case .elementwise(let f):
            // A function of a vector or matrix applies to each entry.
            var out = argument
            out.entry = .apply(f, [argument.entry])
            out.guessedScalars = []
            out.guessedMatrix = nil
            return out
        }
    }

    /// The operator at the cursor, how many tokens its name takes, and whether its argument is a braced group.
    func matrixOperatorAhead() -> (MatrixOperator, Int, Bool)? {
        let t = peek
        if t.kind == .command {
            if ["\\tr", "\\Tr"].contains(t.text) { return (.trace, 1, false) }
            if t.text == "\\det" { return (.determinant(log: false), 1, false) }
            if ["\\log", "\\ln"].contains(t.text), peek(1).is(.command, "\\det") { return (.determinant(log: true), 2, false) }
            if ["\\operatorname", "\\mathrm", "\\text", "\\textrm", "\\mathop"].contains(t.text), peek(1).is(.symbol, "{") {
                var k = 2
                var word = ""
                if peek(2).kind == .command, ["\\mathrm", "\\operatorname"].contains(peek(2).text), peek(3).is(.symbol, "{") { k = 4 }
                while peek(k).kind == .letter, k < 16 { word += peek(k).text; k += 1 }
                guard peek(k).is(.symbol, "}"), let op = MatrixOperator.named(word) else { return nil }
                if k != 2 + word.count { k += 1 }  // the closing brace of an inner \mathrm{...}
                return (op, k + 1, false)
            }
            if let (entry, spelling) = FunctionTable.command(t.text) {
                switch spelling {
                case .braced: return (.elementwise(entry.function), 1, true)
                case .letterOrCall:
                    // \sigma'(z): the derivative, entry by entry.
                    if peek(1).is(.symbol, "'"), isOpenParen(after: 2) { return (.elementwise(.prime(entry.function)), 2, false) }
                    return isOpenParen(after: 1) && !peek(1).is(.symbol, "'") ? (.elementwise(entry.function), 1, false) : nil
                case .command, .word: return (.elementwise(entry.function), 1, false)
                }
            }
            return nil
        }
        if t.kind == .letter {
            if options.functions.contains(t.text), isOpenParen(after: 1) {
                // f(x), f'(x), f''(x): a function of the user's and its derivatives.
                var f = Function.named(t.text)
                var k = 1
                while peek(k).is(.symbol, "'"), k < 8 { f = .prime(f); k += 1 }
                return (.elementwise(f), k, false)
            }
            guard let (word, length) = touchingWord(), isOpenParen(after: length), let op = MatrixOperator.named(word) else { return nil }
            return (op, length, false)
        }
        return nil
    }
}
