import SymbolicCore
import SymbolicFunctions

/// A position in source text: 1-based line and column, and the character offset.
public struct SourceLocation: Sendable, Equatable, Codable {
    public var offset: Int
    public var line: Int
    public var column: Int
}

/// An error in input text, with the range it concerns.
///
/// `formatted()` gives the message, the source line and a caret under the offending text:
/// ```
/// error: unknown command \foo at line 1, column 10
///   \frac{a}{\foo}
///            ^~~~
/// ```
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    public var length: Int
    /// The whole source, kept so the error can show its line.
    public var source: String

    public init(_ message: String, at offset: Int, length: Int = 1, in source: String) {
        self.message = message
        self.length = max(1, length)
        self.source = source
        self.location = ParseError.locate(offset, in: source)
    }

    static func locate(_ offset: Int, in source: String) -> SourceLocation {
        var line = 1, column = 1, n = 0
        for ch in source {
            if n == offset { break }
            if ch == "\n" { line += 1; column = 1 } else { column += 1 }
            n += 1
        }
        return SourceLocation(offset: offset, line: line, column: column)
    }

    public var description: String { "\(message) at line \(location.line), column \(location.column)" }

    /// The message, the source line (cut around the error when long) and a caret line.
    public func formatted(label: String = "error") -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let text = location.line - 1 < lines.count ? String(lines[location.line - 1]) : ""
        var chars = Array(text)
        var col = location.column - 1
        // Keep long lines readable: show at most 60 characters either side.
        var prefix = ""
        if col > 60 {
            let cut = col - 60
            chars = Array(chars.dropFirst(cut))
            col -= cut
            prefix = "..."
        }
        var suffix = ""
        if chars.count > col + 60 { chars = Array(chars.prefix(col + 60)); suffix = "..." }
        let shown = prefix + String(chars).map { $0 == "\t" ? " " : $0 } + suffix
        let caretCol = prefix.count + col
        let underline = "^" + String(repeating: "~", count: max(0, min(length, max(1, chars.count - col)) - 1))
        return "\(label): \(description)\n  \(shown)\n  \(String(repeating: " ", count: caretCol))\(underline)"
    }
}
