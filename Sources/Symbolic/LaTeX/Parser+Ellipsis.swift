import SymbolicCore
import SymbolicFunctions

// MARK: - Ellipses: t_1 + t_2 + \dots + t_n read as the sum they stand for

extension Parser {
    /// Consumes `\dots`, `\cdots`, `\ldots` or `...` standing as a term.
    mutating func ellipsisAhead() -> Token? {
        if peek.kind == .command, ["\\dots", "\\cdots", "\\ldots", "\\dotsb"].contains(peek.text) { return advance() }
        if peek.is(.symbol, "."), peek(1).is(.symbol, "."), peek(2).is(.symbol, ".") {
            let t = advance(); _ = advance(); _ = advance()
            return t
        }
        return nil
    }

    /// `t_1 + t_2 + \dots + t_n` is `\sum_{i=1}^{n} t_i` when the written terms agree but for one index
    /// (1, 2, then a name); a trailing `+ \dots` is the sum over the whole range. Anything else is refused.
    func resolveEllipses(_ terms: [Expr], _ ellipses: [(at: Int, token: Token)]) throws -> Expr {
        let unclear = { (t: Token) in self.error("an ellipsis whose pattern is not clear: write the sum, or its first two terms and the last", at: t) }
        guard let first = ellipses.first, first.at >= 2 else { throw unclear(ellipses[0].token) }
        let trailing = ellipses.count == 2 && ellipses[1].at == terms.count
        guard ellipses.count == 1 || trailing, first.at < terms.count || ellipses.count == 1 else { throw unclear(ellipses[ellipses.count - 1].token) }
        let before = Array(terms[..<(first.at - 2)])
        let a = terms[first.at - 2], b = terms[first.at - 1]
        if ellipses.count == 1, first.at == terms.count {
            // t_1 + t_2 + \dots: the first two terms show the pattern, which runs over the whole range.
            let marker = Index.named("#ellipsis")
            guard let generic = Parser.pattern(a, b, marker) else { throw unclear(first.token) }
            let taken = generic.allIndexNames
            let i = Expr.freshIndexName(like: ["i", "j", "m", "n", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
            return .plus(before + [.indexSum(.named(i), IndexRange(), generic.replacingIndex(marker, with: .named(i)))])
        }
        guard first.at < terms.count else { throw unclear(first.token) }
        let last = terms[first.at]
        let after = Array(terms[(first.at + 1)...])
        let marker = Index.named("#ellipsis")
        guard let generic = Parser.pattern(a, b, marker) else { throw unclear(first.token) }
        // The last written term names the upper limit: the index that stands where 1 and 2 stood.
        var upper: Index?
        for i in last.freeIndices where last.replacingIndex(i, with: marker).isAlphaEquivalent(to: generic) { upper = i; break }
        guard let n = upper, let name = n.name else { throw unclear(first.token) }
        let taken = generic.allIndexNames.union(last.allIndexNames)
        let i = Expr.freshIndexName(like: ["i", "j", "m", "n", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
        let body = generic.replacingIndex(marker, with: .named(i))
        let sum = Expr.indexSum(.named(i), trailing ? IndexRange() : IndexRange(lower: 1, upper: name), body)
        return .plus(before + [sum] + after)
    }

    /// The symbol that stands for the n-th dots of a line read as terms not written: `\dots^{(n)}`.
    public static func hiddenTerms(_ n: Int) -> Symbol { Symbol("\\dots", label: String(n)) }

    /// `\dots + t + \dots` where the terms show no pattern (one term of a sum, the others left out): each dots a term
    /// not written, numbered in the line. Nil where the written terms do show a pattern, or where the dots do not
    /// stand on both sides of what is written.
    mutating func hiddenTerms(_ terms: [Expr], _ ellipses: [(at: Int, token: Token)]) -> Expr? {
        guard ellipses.count == 2, ellipses[0].at == 0, ellipses[1].at == terms.count, !terms.isEmpty,
              (try? resolveEllipses(terms, ellipses)) == nil else { return nil }
        hiddenCount += 2
        return .plus([.variable(Parser.hiddenTerms(hiddenCount - 1), [])] + terms + [.variable(Parser.hiddenTerms(hiddenCount), [])])
    }

    /// The term of which `a` and `b` are the entries 1 and 2, with `marker` where the running index stands:
    /// every 1 of `a` (`e^{x_1} + e^{x_2}`), or only the places where `b` has 2 and the terms otherwise agree
    /// (`\frac{\partial}{\partial x_1} e^{x_1} + \frac{\partial}{\partial x_1} e^{x_2}`, where the 1 of x_1 stays).
    static func pattern(_ a: Expr, _ b: Expr, _ marker: Index) -> Expr? {
        if let g = digitPattern(a, b, marker) { return g }
        // Scanned notes put l or I for the 1 (\exp(\theta_l) + \exp(\theta_2) + \dots): read so only where 2 follows.
        for letter in ["l", "I"] {
            let one = a.replacingIndex(.named(letter), with: .value(1))
            if one != a, let g = digitPattern(one, b, marker) { return g }
        }
        return nil
    }

    static func digitPattern(_ a: Expr, _ b: Expr, _ marker: Index) -> Expr? {
        let whole = a.replacingIndex(.value(1), with: marker)
        if whole != a, b.replacingIndex(.value(2), with: marker).isAlphaEquivalent(to: whole) { return whole }
        var marked = false
        func same(_ x: Expr, _ y: Expr, _ depth: Int) -> Expr? {
            guard depth < 200 else { return nil }
            func index(_ i: Index, _ j: Index) -> Index? {
                if i == j { return i }
                if i == .value(1), j == .value(2) { marked = true; return marker }
                return nil
            }
            switch (x, y) {
            case (.variable(let s, let i), .variable(let t, let j)):
                guard s == t, i.count == j.count else { return nil }
                var out: [Index] = []
                for (p, q) in zip(i, j) { guard let r = index(p, q) else { return nil }; out.append(r) }
                return .variable(s, out)
            case (.delta(let p, let q), .delta(let r, let t)):
                guard let u = index(p, r), let v = index(q, t) else { return nil }
                return .kronecker(u, v)
            default:
                let xs = x.children, ys = y.children
                guard xs.count == ys.count, !xs.isEmpty || x == y else { return nil }
                if xs.isEmpty { return x }
                // The same node above different children: b's children under a's node give b.
                guard x.withChildren(ys) == y else { return nil }
                var out: [Expr] = []
                for (c, d) in zip(xs, ys) { guard let r = same(c, d, depth + 1) else { return nil }; out.append(r) }
                return x.withChildren(out)
            }
        }
        guard let generic = same(a, b, 0), marked else { return nil }
        return generic
    }
}
