/// How wide a piece of display math prints, in points at 11pt, estimated from its LaTeX: enough to tell a row that
/// fits the line from one that runs into the margin, without running TeX. A fraction is as wide as its wider part,
/// scripts are set smaller, the limits of a sum go under it, and `\text{}` is set in the text font.
///
/// ```swift
/// LaTeXWidth.of(#"\frac{e^{x_1}}{\sum_j e^{x_j}}"#)   // about 40
/// ```
enum LaTeXWidth {
    static let glyph = 6.2
    static let textGlyph = 5.4
    static let scriptScale = 0.7

    static func of(_ latex: String) -> Double {
        var s = Scanner(chars: Array(latex))
        return s.run(until: nil)
    }

    private struct Scanner {
        let chars: [Character]
        var i = 0
        var depth = 0
        /// Display style: a sum's limits go under it. Fractions and scripts are in text style, limits beside.
        var display = true

        /// A braced group's width, or the next token's where there is no brace.
        mutating func group() -> Double {
            skipSpaces()
            guard i < chars.count else { return 0 }
            if chars[i] == "{" {
                i += 1
                return run(until: "}")
            }
            return token()
        }

        /// A braced group's characters, for `\text{...}`.
        mutating func rawGroup() -> String {
            skipSpaces()
            guard i < chars.count, chars[i] == "{" else { return "" }
            var level = 0
            var out = ""
            while i < chars.count {
                let c = chars[i]
                i += 1
                if c == "{" { level += 1; if level == 1 { continue } }
                if c == "}" { level -= 1; if level == 0 { break } }
                out.append(c)
            }
            return out
        }

        mutating func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\n" { i += 1 } }

        mutating func run(until close: Character?) -> Double {
            depth += 1
            defer { depth -= 1 }
            var width = 0.0
            while i < chars.count {
                if let close, chars[i] == close { i += 1; break }
                // Nesting deeper than any real display is counted as one glyph: the estimate needs no more.
                guard depth < 200 else { i += 1; width += LaTeXWidth.glyph; continue }
                width += token()
            }
            return width
        }

        mutating func scripts() -> Double {
            var width = 0.0
            while i < chars.count, chars[i] == "_" || chars[i] == "^" {
                i += 1
                // A subscript and a superscript stand one over the other.
                let outer = display
                display = false
                width = max(width, group() * LaTeXWidth.scriptScale)
                display = outer
            }
            return width
        }

        mutating func token() -> Double {
            guard i < chars.count else { return 0 }
            let c = chars[i]
            i += 1
            switch c {
            case "\\": return command()
            case "{": return run(until: "}")
            case "_", "^": i -= 1; return scripts()
            case " ", "\n", "&", "}": return 0
            case "+", "-", "=", "<", ">": return 15
            case "(", ")", "[", "]", "|": return 4.5
            case ",", ".", ";", ":": return 3
            case "'": return 3
            default: return LaTeXWidth.glyph
            }
        }

        mutating func command() -> Double {
            var name = ""
            while i < chars.count, chars[i].isLetter { name.append(chars[i]); i += 1 }
            if name.isEmpty, i < chars.count {
                let c = chars[i]
                i += 1
                switch c {
                case ",": return 2
                case ";": return 3
                case "!": return -2
                case "{", "}": return 4.5
                default: return 3
                }
            }
            switch name {
            case "frac", "dfrac", "tfrac":
                let outer = display
                display = false
                let top = group(), bottom = group()
                display = outer
                return max(top, bottom) + 2
            case "left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr":
                skipSpaces()
                if i < chars.count { if chars[i] == "\\" { i += 1; while i < chars.count, chars[i].isLetter { i += 1 }; if i < chars.count, !chars[i].isLetter, chars[i] != " " { i += 1 } } else { i += 1 } }
                return 6
            case "text", "textrm", "textit", "mbox", "operatorname", "mathrm":
                let t = rawGroup()
                return Double(t.count) * (name == "mathrm" || name == "operatorname" ? LaTeXWidth.glyph : LaTeXWidth.textGlyph)
            case "hat", "widehat", "tilde", "widetilde", "bar", "overline", "mathbf", "boldsymbol", "bm", "mathcal", "mathit", "mathsf", "vec":
                return group()
            case "sum", "prod":
                skipSpaces()
                return display ? max(14, scripts()) : 10 + scripts()
            case "sqrt": return group() + 8
            case "log", "exp", "ln", "det", "tr", "max", "min", "sin", "cos", "tanh":
                return Double(name.count) * LaTeXWidth.glyph + 3
            case "cdot", "times", "circ", "odot", "otimes": return 12
            case "quad": return 11
            case "qquad": return 22
            case "dots", "cdots", "ldots", "vdots": return 15
            case "mathbb", "mathds", "boxed":
                return max(7, group())
            case "begin", "end":
                _ = rawGroup()
                return 0
            default: return 6
            }
        }
    }
}
