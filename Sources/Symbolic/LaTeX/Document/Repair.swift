import Foundation
import SymbolicCore
import SymbolicFunctions

/// Repair of LaTeX that went through a JSON or Python string: `\b`, `\f`, `\t`, `\r` were read as
/// escapes (backspace, form feed, tab, carriage return) and `\\` as one backslash. The Einstein-notation homework shows it:
/// `egin{aligned}`, `rac{`, ` heta`, a line break before `ight`, and `\ &=` for `\\ &=`.
///
/// ```swift
/// let r = Repair.repair("$$egin{aligned} rac{a}{b} \\ &= c \\end{aligned}$$")
/// r.repaired   // true
/// r.text       // "$$\\begin{aligned} \\frac{a}{b} \\\\ &= c \\end{aligned}$$"
/// ```
public enum Repair {
    public struct Result: Sendable {
        public var text: String
        public var repaired: Bool
        /// What was put back, e.g. `\frac (12 times)`.
        public var notes: [String]
    }

    /// (damaged form as a regular expression, replacement, name for the report)
    static let patterns: [(String, String, String)] = [
        (#"(?<![A-Za-z\\])egin\{"#, #"\\begin{"#, #"\begin"#),
        (#"(?<![A-Za-z\\])rac\{"#, #"\\frac{"#, #"\frac"#),
        // After a one-letter subscript (h_irac{...}): h_i \frac{...}.
        (#"(?<=_[A-Za-z0-9])rac\{"#, #"\\frac{"#, #"\frac"#),
        (#"(?<![A-Za-z\\])rac(?=\d)"#, #"\\frac"#, #"\frac"#),
        (#"(?<![A-Za-z\\])orall\b"#, #"\\forall"#, #"\forall"#),
        (#"\n(ight)(?=[\]\)\|.\\])"#, "\n" + #"\\right"#, #"\right"#),
        (#"\n(ho)\b"#, "\n" + #"\\rho"#, #"\rho"#),
        (#"[ \t](heta)"#, #" \\theta"#, #"\theta"#),
        (#"(?<![A-Za-z\\])[ \t]?ext\{"#, #"\\text{"#, #"\text"#),
        (#"[ \t](imes)\b"#, #" \\times"#, #"\times"#),
        (#"[ \t](anh)\b"#, #" \\tanh"#, #"\tanh"#),
        (#"[ \t](ilde)\{"#, #" \\tilde{"#, #"\tilde"#),
        (#"(?<!\\b)igg([lr]?)(?=[\[\]\(\)\|])"#, #"\\bigg$1"#, #"\bigg"#),
        (#"(?<!\\b)(?<!\\bi)ig([lr]?)(?=[\[\]\(\)\|])"#, #"\\big$1"#, #"\big"#),
        (#"(?<![A-Za-z\\])oldsymbol\{"#, #"\\boldsymbol{"#, #"\boldsymbol"#),
        // A lone backslash before white space and '&' or a line end was a line break.
        (#"(?<!\\)\\(?=\s)"#, #"\\\\\\\\"#, #"\\ (line break)"#),
    ]

    /// Words whose presence without their backslash shows the damage.
    static let signs = [#"(?<![A-Za-z\\])egin\{"#, #"(?<![A-Za-z\\])rac\{"#, #"\n(ight)[\]\)\|.]"#, #"[ \t]heta_"#]

    /// Whether the text shows the damage (one sign is enough: they do not occur in sound LaTeX).
    public static func isDamaged(_ text: String) -> Bool {
        signs.contains { text.range(of: $0, options: .regularExpression) != nil }
    }

    /// Repairs damaged text; sound text comes back unchanged with `repaired == false`.
    public static func repair(_ text: String) -> Result {
        guard isDamaged(text) else { return Result(text: text, repaired: false, notes: []) }
        var out = text
        var notes: [String] = []
        for (pattern, template, name) in patterns {
            guard let re = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { continue }
            let range = NSRange(out.startIndex..., in: out)
            let n = re.numberOfMatches(in: out, range: range)
            guard n > 0 else { continue }
            out = re.stringByReplacingMatches(in: out, range: range, withTemplate: template)
            notes.append("\(name) (\(n)×)")
        }
        return Result(text: out, repaired: true, notes: notes)
    }
}
