import Foundation
import SymbolicCore
import SymbolicFunctions

/// A token of LaTeX math with its source range (character offsets).
struct Token: Equatable {
    enum Kind: Equatable {
        /// `\frac`, `\theta`, `\,`, `\\`
        case command
        /// One letter: `y`, `W`
        case letter
        /// Digits with an optional decimal part: `2`, `0.5`
        case number
        /// Any other single character: `{ } ( ) _ ^ + - = , ' |`
        case symbol
        case end
    }
    var kind: Kind
    var text: String
    var start: Int
    var end: Int

    func `is`(_ k: Kind, _ t: String) -> Bool { kind == k && text == t }
}

/// Splits LaTeX math into tokens, skipping white space and comments.
struct Lexer {
    let chars: [Character]
    let source: String

    init(_ source: String) {
        self.source = source
        self.chars = Array(source)
    }

    func tokens() throws -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "%" {  // comment to end of line
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "\\" {
                var j = i + 1
                if j < chars.count, chars[j].isLetter, chars[j].isASCII {
                    while j < chars.count, chars[j].isLetter, chars[j].isASCII { j += 1 }
                } else if j < chars.count {
                    j += 1
                } else {
                    throw ParseError("a backslash must start a command", at: i, in: source)
                }
                out.append(Token(kind: .command, text: String(chars[i..<j]), start: i, end: j))
                i = j
                continue
            }
            if c.isASCII, c.isNumber {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if j + 1 < chars.count, chars[j] == ".", chars[j + 1].isASCII, chars[j + 1].isNumber {
                    j += 1
                    while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                }
                out.append(Token(kind: .number, text: String(chars[i..<j]), start: i, end: j))
                i = j
                continue
            }
            if let mapped = Lexer.unicodeCommands[c] {
                out.append(Token(kind: mapped.hasPrefix("\\") ? .command : .symbol, text: mapped, start: i, end: i + 1))
            } else if c.isLetter {
                out.append(Token(kind: .letter, text: String(c), start: i, end: i + 1))
            } else if c.isASCII, !c.isWhitespace, c.asciiValue.map({ $0 >= 32 && $0 < 127 }) == true {
                out.append(Token(kind: .symbol, text: String(c), start: i, end: i + 1))
            } else {
                throw ParseError("unexpected character '\(c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined())'", at: i, in: source)
            }
            i += 1
        }
        out.append(Token(kind: .end, text: "", start: chars.count, end: chars.count))
        return out
    }

    /// Unicode characters read as the command they stand for.
    static let unicodeCommands: [Character: String] = [
        "θ": "\\theta", "σ": "\\sigma", "δ": "\\delta", "Σ": "\\sum", "∑": "\\sum", "∂": "\\partial", "λ": "\\lambda",
        "μ": "\\mu", "α": "\\alpha", "β": "\\beta", "η": "\\eta", "π": "\\pi", "ℓ": "\\ell", "·": "\\cdot", "×": "\\times",
        "−": "-", "–": "-", "‒": "-", "‐": "-", "ψ": "\\psi", "φ": "\\phi", "ε": "\\epsilon", "γ": "\\gamma", "τ": "\\tau", "ω": "\\omega",
    ]
}

