/// Commands that change how mathematics looks, not what it means: colours, cancellations, boxes, and words of
/// argument such as `\because`. The checker reads what they decorate.
///
/// ```swift
/// PresentationCommands.strip(#"\color{red}{\cancel{a} b} + \textcolor{blue}{c}"#)   // "{{a} b} + {c}"
/// ```
public enum PresentationCommands {
    /// Commands whose arguments before the last are options (a colour, a value) and whose last is the
    /// mathematics: `\color{red}{x}`, `\cancelto{0}{x}`, `\bbox[yellow]{x}`.
    static let wrappers: [String: Int] = [
        "\\color": 1, "\\textcolor": 1, "\\colorbox": 1, "\\fcolorbox": 2, "\\bbox": 0, "\\cancel": 0, "\\bcancel": 0,
        "\\xcancel": 0, "\\cancelto": 1, "\\displaystyle": -1, "\\textstyle": -1,
        // A long first row that should not widen the alignment's column (derive's own wide displays).
        "\\lefteqn": 0,
    ]
    /// Commands that carry nothing, with the number of braced arguments they take: `\require{cancel}`, `\because`.
    static let dropped: [String: Int] = ["\\require": 1, "\\textcircled": 1, "\\because": 0, "\\hence": 0, "\\phantom": 1, "\\hphantom": 1, "\\vphantom": 1]

    /// The expression without its presentation commands; a wrapper's mathematics stays in braces.
    public static func strip(_ s: String) -> String {
        var chars = Array(s)
        var i = 0
        // Each pass removes one command or moves on by one character: a budget of the length.
        while i < chars.count {
            guard chars[i] == "\\" else { i += 1; continue }
            var j = i + 1
            while j < chars.count, chars[j].isLetter { j += 1 }
            let name = String(chars[i..<j])
            if let count = dropped[name] {
                guard let end = skipGroups(chars, from: j, count: count) else { i = j; continue }
                chars.removeSubrange(i..<end)
                chars.insert(" ", at: i)
                continue
            }
            guard let options = wrappers[name] else { i = max(j, i + 1); continue }
            // \displaystyle and \textstyle take nothing: only the word goes.
            if options < 0 { chars.removeSubrange(i..<j); chars.insert(" ", at: i); continue }
            var k = j
            while k < chars.count, chars[k] == " " { k += 1 }
            if k < chars.count, chars[k] == "[", let close = chars[k...].firstIndex(of: "]") { k = close + 1 }
            guard let afterOptions = skipGroups(chars, from: k, count: options) else { i = j; continue }
            var g = afterOptions
            while g < chars.count, chars[g] == " " { g += 1 }
            if g < chars.count, chars[g] == "{" {
                // The wrapper and its options go; the braced mathematics stays.
                chars.removeSubrange(i..<g)
            } else if name == "\\color" {
                // The switch form, {\color{red} x}: colours the rest of its group.
                chars.removeSubrange(i..<afterOptions)
                chars.insert(" ", at: i)
            } else {
                i = j
            }
        }
        return String(chars)
    }

    /// The index after `count` braced groups from `start` (spaces between them allowed), or nil.
    static func skipGroups(_ chars: [Character], from start: Int, count: Int) -> Int? {
        var k = start
        for _ in 0..<max(0, count) {
            while k < chars.count, chars[k] == " " { k += 1 }
            guard k < chars.count, chars[k] == "{", let end = Normalization.matching(chars, k) else { return nil }
            k = end + 1
        }
        return k
    }
}

extension Extraction {
    /// `\overset{\text{def}}{=}`, `\stackrel{(a)}{=}`, `:=` and `\coloneqq` are equals signs with a remark: each becomes
    /// a plain `=` padded to its own length, so that the columns of what follows stay where they were.
    static func equalsSigns(_ s: String) -> String {
        guard s.contains("\\overset") || s.contains("\\stackrel") || s.contains(":=") || s.contains("\\coloneqq") else { return s }
        var chars = Array(s)
        var i = 0
        while i < chars.count {
            let rest = chars[i...]
            var end: Int?
            for word in ["\\overset", "\\stackrel"] where rest.starts(with: word) {
                if let k = PresentationCommands.skipGroups(chars, from: i + word.count, count: 1) {
                    var g = k
                    while g < chars.count, chars[g] == " " { g += 1 }
                    if g + 2 < chars.count, chars[g] == "{", chars[g + 1] == "=", chars[g + 2] == "}" { end = g + 3 }
                }
            }
            if rest.starts(with: ":=") { end = i + 2 }
            if rest.starts(with: "\\coloneqq") { end = i + 9 }
            if let e = end {
                chars.replaceSubrange(i..<e, with: Array(repeating: " ", count: e - i - 1) + ["="])
                i = e
            } else {
                i += 1
            }
        }
        return String(chars)
    }
}
