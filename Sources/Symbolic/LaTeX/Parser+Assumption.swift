import Foundation
import SymbolicCore
import SymbolicFunctions

// MARK: - Assumptions: y one-hot, y probability, \sum_i y_i = 1, x > 0

extension Parser {
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

    static func symbolOf(_ text: String, source: String) throws -> Symbol {
        let e = try parse(text)
        if case .variable(let s, _) = e { return s.component }
        throw ParseError("expected a symbol such as y", at: 0, length: text.count, in: source)
    }
}
