import Foundation
import SymbolicCore
import SymbolicLaTeX
import SymbolicRender

extension DocumentContext {
    /// Letters the document only ever writes applied to a plain argument, as in the quotient rule's reminder
    /// `\frac{\partial}{\partial x} \frac{g(x)}{h(x)} = ...`: function notation, not a letter times a bracket.
    /// A letter that appears once bare anywhere (prose included) is a letter; so is one applied to an expression,
    /// `a(b + c)`, which people write for a product. With a script, `h_2`, it is another object of that letter.
    ///
    /// A letter written both ways (`h` and `h(x)`) is ambiguous: its calls are not judged.
    ///
    ///     DocumentContext.functionsApplied(in: "$\\frac{g(x)}{h(x)}$ and $h(x)^2$").functions  // ["g", "h"]
    static func functionsApplied(in text: String) -> (functions: Set<String>, ambiguous: Set<String>) {
        let chars = Array(text.unicodeScalars)
        var applied: [Character: Int] = [:]
        var bare = Set<Character>()
        var i = 0
        while i < chars.count {
            defer { i += 1 }
            guard isLetter(chars[i]) else { continue }
            let before = i > 0 ? chars[i - 1] : " "
            let after = i + 1 < chars.count ? chars[i + 1] : " "
            // Inside a word or a command name, or a script (x_i, e^x): not a name on its own.
            if isLetter(before) || before == "\\" || before == "_" || before == "^" || isLetter(after) { continue }
            let c = Character(chars[i])
            if let end = plainArgument(chars, from: i + 1) {
                applied[c, default: 0] += 1
                i = end - 1
            } else if after != "_", after != "^" {
                // h_2 beside h(x) is another object of the same letter (a layer beside a function); a bare h is
                // not, and h(x) may then be h times x.
                bare.insert(c)
            }
        }
        // e and d have meanings of their own (Euler's number, the differential).
        let calls = applied.filter { $0.key != "e" && $0.key != "d" }
        return (functions: Set(calls.filter { $0.value >= 2 && !bare.contains($0.key) }.map { String($0.key) }),
                ambiguous: Set(calls.filter { bare.contains($0.key) }.map { String($0.key) }))
    }

    private static func isLetter(_ u: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(u) || ("A"..."Z").contains(u)
    }

    /// The end (one past `)`) of `(x)`, `(x_i)`, `(\mathbf{x})` or `(x, y)` starting at `start`, or nil.
    private static func plainArgument(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start < chars.count, chars[start] == "(" else { return nil }
        var j = start + 1
        var sawName = false
        // An argument is short; a budget keeps a stray bracket from scanning the whole document.
        while j < chars.count, j < start + 40 {
            let u = chars[j]
            if u == ")" { return sawName ? j + 1 : nil }
            if u == "\\" {
                // Only a decorated or Greek name: \frac or \sum in the bracket make it an expression.
                var k = j + 1
                while k < chars.count, isLetter(chars[k]) { k += 1 }
                let command = "\\" + String(String.UnicodeScalarView(chars[j + 1 ..< k]))
                guard ["\\mathbf", "\\boldsymbol", "\\bm", "\\hat", "\\widehat", "\\vec"].contains(command) || Parser.greek[command] != nil else { return nil }
                sawName = true
                j = k
                continue
            }
            if isLetter(u) { sawName = true } else if !("0"..."9").contains(u), !" ,_{}".unicodeScalars.contains(u) { return nil }
            j += 1
        }
        return nil
    }
}

extension DocumentContext {
    /// `t = xW^{(1)} + b^{(1)}`, `h = \sigma(t)`, `\hat{y} = \text{softmax}(v)` where the document writes `t_d`, `h_c`,
    /// `\hat{y}_a` elsewhere: a vector defined in matrix notation, taken entry by entry. Vectors are rows or columns,
    /// whichever makes the products conform; where both do and mean different things, it is no definition.
    func matrixDefinition(_ checker: Checker, _ chain: Chain, fixed: Set<Symbol>) -> Definition? {
        guard chain.items.count >= 2,
              case .expr(.variable(let s, let idx)) = checker.read(chain.items[0], Checker.Scope(einstein: false, indexed: []), protected: [], lift: []),
              idx.isEmpty, !fixed.contains(s.component), scope.ranks[s.component] == 1 else { return nil }
        let text = Normalization.normalize(chain.items[1].latex)
        let at = Index.named("#entry")
        let readings = [MatrixConvention.row, .column].compactMap { c -> Expr? in
            guard let m = try? Parser.parseMatrix(text, ranks: scope.ranks, convention: c), m.rank == 1 else { return nil }
            return m.entry(at: [at])
        }
        guard let body = readings.first, readings.allSatisfy({ $0.isAlphaEquivalent(to: body) }),
              !body.symbols.contains(where: { $0.component == s.component }) else { return nil }
        return Definition(symbol: s.component, indices: [at], body: body)
    }
}

extension DocumentContext {
    /// The document's parts as ranges of lines (1-based), each from a heading to the line before the next.
    static func parts(of text: String) -> [ClosedRange<Int>] {
        let count = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let starts = ([1] + headingLines(in: text).filter { $0 > 1 }).sorted()
        return starts.enumerated().map { n, start in start...max(start, n + 1 < starts.count ? starts[n + 1] - 1 : count) }
    }

    /// The text of lines 1 through `last`.
    static func lines(of text: String, through last: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).prefix(last).joined(separator: "\n")
    }

    /// Lines that open a section or a part of an exercise: Markdown headings, LaTeX sectioning, and labels on a
    /// line of their own or before a title ("2(b)", "2.c", "Q2", "3 Question 3", "Problem 4").
    static func headingLines(in text: String) -> [Int] {
        var out: [Int] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("#") || line.hasPrefix("\\section") || line.hasPrefix("\\subsection") || line.hasPrefix("\\subsubsection")
                || line.hasPrefix("\\paragraph") || isPartLabel(line) {
                out.append(n + 1)
            }
        }
        return out
    }

    /// "2(b)", "2.c", "Q2", "3 Question 3", "Problem 4", "Part (a)": a short line that starts with a part's label.
    private static func isPartLabel(_ line: Substring) -> Bool {
        guard line.count <= 40, !line.contains("$") else { return false }
        let words = line.split(separator: " ")
        guard let first = words.first else { return false }
        let lower = first.lowercased()
        if ["q", "question", "problem", "exercise", "part"].contains(where: { lower.hasPrefix($0) }),
           lower.count <= 9, words.count <= 4, line.contains(where: \.isNumber) || line.contains("(") {
            return lower.hasPrefix("q") ? lower.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) || lower.hasPrefix("question") : true
        }
        // A number, then letters or numbers in brackets or after dots: 2(b), 2.c, 1.2, 3 Question 3.
        guard let d = first.first, d.isNumber else { return false }
        let label = first.allSatisfy { $0.isNumber || $0 == "." || $0 == "(" || $0 == ")" || $0.isLetter }
        return label && first.count <= 6 && words.count <= 4 && (words.count == 1 || words[1].first?.isUppercase == true)
    }
}

extension DocumentContext {
    /// `\hat{y} = \text{softmax}(v) = \psi(v)`: a function named at the end of a definition is that definition under
    /// another name, not a function to draw at random; where the document writes it (`\psi(v_a)` for an entry), the
    /// step is not judged.
    /// Named so after the softmax of a vector (`\text{softmax}(v) = \psi(v)`), the name is the softmax: `\psi(v_a)` is its entry a.
    /// Returns whether the chain only names the softmax so (then it is a definition, not a derivation).
    @discardableResult
    mutating func nameFunctions(_ checker: Checker, _ chain: Chain) -> Bool {
        var aliasOnly = chain.items.count > 2
        let softmax = chain.items.count > 1 ? DocumentContext.softmaxOfVector(chain.items[1].latex) : nil
        for item in chain.items.dropFirst(2) {
            guard case .expr(.apply(.named(let f), let args)) = checker.read(item, scope, protected: [], lift: []),
                  context.definition(of: Symbol(f)) == nil, scope.functionValues[f] == nil else { aliasOnly = false; continue }
            if let v = softmax, args.count == 1, case .variable(let a, []) = args[0], Printer(.latex).print(.variable(a, [])) == v {
                scope.softmaxAliases.insert(f)
            } else {
                aliasOnly = false
                context.definedFunctions.insert(f)
            }
        }
        return aliasOnly && softmax != nil
    }

    /// The vector in `\text{softmax}(v)` (or `\operatorname`, `\mathrm`, a bare `softmax`), when that is the whole expression.
    static func softmaxOfVector(_ latex: String) -> String? {
        let pattern = #"^\s*(?:\\(?:text|mathrm|operatorname)\{softmax\}|softmax)\s*\(\s*([A-Za-z])\s*\)\s*$"#
        guard let r = latex.range(of: pattern, options: .regularExpression) else { return nil }
        let inside = latex[r]
        guard let open = inside.firstIndex(of: "("), let close = inside.lastIndex(of: ")") else { return nil }
        return inside[inside.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
    }
}

extension DocumentContext {
    /// The symbols a chain differentiates directly (`\frac{\partial \hat{y}_i}{\partial \theta_k}`,
    /// `\frac{\partial}{\partial \theta_k} \hat{y}_i`); the judge asks whether a definition holds where it judges.
    mutating func noteImplicitDependence(_ checker: Checker, _ chains: [Chain]) {
        let plain = Checker.Scope(einstein: false, indexed: [])
        for chain in chains {
            for item in chain.items {
                guard let e = checker.read(item, plain, protected: [], lift: []).expr else { continue }
                _ = e.contains { n in
                    if case .derivative(.variable(let s, _), .variable(let x, _)) = n, s.component != x.component {
                        context.implicitlyDependent.insert(s.component) }
                    return false
                }
            }
        }
    }
}

extension DocumentContext {
    /// Symbols the prose says are probabilities: `$\sum_i p_i = 1$` written out, or "$p_i$ ... sum to one" in one
    /// sentence. Drawn as positive entries that sum to one, so that `\log p_i` has a value and `\sum_i p_i = 1` holds.
    static func probabilitySymbols(in text: String) -> [Symbol] {
        guard text.range(of: #"sums? to (one|1)|= *1"#, options: .regularExpression) != nil else { return [] }
        let symbol = #"(?:\\(?:mathbf|boldsymbol|bm)\{\s*)?([a-z])\s*\}?"#
        let patterns = [#"\\sum_\{?\s*([a-z])[^$]*?\s+"# + symbol + #"_\{?\1\}?\s*=\s*1\s*\$"#,
                        #"\$\s*"# + symbol + #"(?:_\{?[a-z]\}?)?\s*\$[^.$]{0,40}?\bsums?\s+to\s+(?:one|1)\b"#]
        var out: [Symbol] = []
        let ns = text as NSString
        for (n, p) in patterns.enumerated() {
            guard let regex = try? NSRegularExpression(pattern: p) else { continue }
            for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let s = Symbol(ns.substring(with: m.range(at: n == 0 ? 2 : 1)))
                if !out.contains(s) { out.append(s) }
            }
        }
        return out
    }
}
