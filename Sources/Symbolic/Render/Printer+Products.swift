import SymbolicCore
import SymbolicFunctions

// MARK: - Products: fractions, factors side by side, products read along their indices

extension Printer {
    func product(_ fs: [Expr]) -> String {
        if notation.chainOrder, let chained = chainProduct(fs) { return chained }
        var coefficient = Rational.one
        var factors = fs
        if let c = fs.first?.numberValue { coefficient = c; factors.removeFirst() }
        // Vectors stand last, after their scalar factors: -\frac{1}{\hat{y}_\ell} \mathbf{e}_\ell.
        let vectors = factors.filter(isVector)
        factors.removeAll(where: isVector)
        let sign = coefficient.isNegative ? "-" : ""
        let c = coefficient.magnitude
        // Derivatives stand after the fraction: \frac{y_i}{\hat{y}_i} \frac{\partial \hat{y}_i}{\partial \theta_k}.
        let trailing = factors.filter { if case .derivative = $0 { return true }; return false }
        let (num, den) = Expr.splitFraction(factors.filter { if case .derivative = $0 { return false }; return true })
        // A fraction of sums (as the quotient rule makes) is printed apart from a fraction of symbols.
        let compoundDen = den.filter(isCompound)
        let compoundNum = compoundDen.isEmpty ? [] : num.filter(isCompound)
        var groups: [([Expr], [Expr])] = []
        var simpleNum = num.filter { !compoundNum.contains($0) }
        let simpleDen = den.filter { !compoundDen.contains($0) }
        // A bracket over a simple denominator stands after the fraction: \frac{y_i}{\hat{y}_i} (\hat{y}_i - a).
        var brackets: [Expr] = []
        if compoundDen.isEmpty, !simpleDen.isEmpty, !notation.reciprocals {
            brackets = simpleNum.filter { if case .add = $0 { return true }; return false }
            simpleNum.removeAll { if case .add = $0 { return true }; return false }
        }
        var first = (simpleNum, simpleDen)
        if c.numerator != 1 { first.0.insert(.int(c.numerator), at: 0) }
        if c.denominator != 1 { first.1.insert(.int(c.denominator), at: 0) }
        if !compoundNum.isEmpty, !first.0.isEmpty || !first.1.isEmpty { groups.append(first); groups.append((compoundNum, compoundDen)) } else {
            groups.append((first.0 + compoundNum, first.1 + compoundDen))
        }
        // \frac{1}{x} as a factor of its own only where something follows it (a bracket, a derivative, a vector).
        let followed = !trailing.isEmpty || !vectors.isEmpty || first.0.contains { isCompound($0) || swallows($0) }
        if notation.reciprocals, groups.count == 1, !first.1.isEmpty, compoundDen.isEmpty, followed || !vectors.isEmpty,
           first.0.contains(where: { if case .delta = $0 { return false }; return true }) || !vectors.isEmpty {
            // y_i \frac{1}{\hat{y}_i} ...: each simple denominator as a factor of its own.
            var parts: [String] = []
            let simple = first.0.filter { !isCompound($0) && !swallows($0) }, compound = first.0.filter { isCompound($0) || swallows($0) }
            if !simple.isEmpty { parts.append(juxtapose(simple, followed: true)) }
            for d in first.1 { parts.append(latex ? "\\frac{1}{\(render(d))}" : "1/\(wrap(d, below: .power))") }
            if !compound.isEmpty { parts.append(juxtapose(compound, followed: !trailing.isEmpty || !vectors.isEmpty)) }
            if !trailing.isEmpty { parts.append(juxtapose(trailing, followed: !vectors.isEmpty)) }
            if !vectors.isEmpty { parts.append(juxtapose(vectors)) }
            return sign + parts.joined(separator: " ")
        }
        var parts: [String] = []
        for (n, (top, bottom)) in groups.enumerated() {
            if bottom.isEmpty {
                if !top.isEmpty { parts.append(juxtapose(top, followed: n < groups.count - 1 || !trailing.isEmpty)) }
                continue
            }
            parts.append(fraction(top, bottom))
        }
        if !brackets.isEmpty { parts.append(juxtapose(brackets, followed: !trailing.isEmpty || !vectors.isEmpty)) }
        if !trailing.isEmpty { parts.append(juxtapose(trailing, followed: !vectors.isEmpty)) }
        if !vectors.isEmpty { parts.append(juxtapose(vectors)) }
        if parts.isEmpty { parts.append("1") }
        return sign + parts.joined(separator: " ")
    }

    /// A product read along its indices: factors grouped by the indices they carry, the groups in the order
    /// of their index names (the chain's dummies run a, b, c, ...), each group printed as a product of its own.
    /// `nil` when there is only one group.
    func chainProduct(_ fs: [Expr]) -> String? {
        var coefficient = Rational.one
        var factors = fs
        if let c = fs.first?.numberValue { coefficient = c; factors.removeFirst() }
        func key(_ f: Expr) -> String { f.freeIndices.compactMap(\.name).sorted().joined(separator: ",") }
        var groups: [(String, [Expr])] = []
        for f in factors {
            let k = key(f)
            if let p = groups.firstIndex(where: { $0.0 == k }) { groups[p].1.append(f) } else { groups.append((k, [f])) }
        }
        guard groups.count > 1 else { return nil }
        groups.sort { $0.0 < $1.0 }
        var inner = notation
        inner.chainOrder = false
        let p = Printer(inner)
        let parts = groups.enumerated().map { n, g -> String in
            let last = n == groups.count - 1
            // A bracket, or an operator that would swallow what follows, gets its own brackets.
            if g.1.count == 1, let only = g.1.first, case .add = only { return p.parenthesize(p.render(only), big: p.isTall(only)) }
            let s = p.product(g.1)
            if !last, g.1.contains(where: p.swallows) { return p.parenthesize(s, big: true) }
            return s
        }
        let sign = coefficient.isNegative ? "-" : ""
        let c = coefficient.magnitude
        let lead = c == .one ? "" : p.rational(c) + " "
        return sign + lead + parts.joined(separator: " ")
    }

    /// A whole vector or matrix: an array, or a bold symbol without indices.
    func isVector(_ e: Expr) -> Bool {
        switch e {
        case .array: return true
        case .variable(let s, _): return s.bold
        default: return false
        }
    }

    func isCompound(_ e: Expr) -> Bool {
        switch e.baseAndExponent.0 {
        case .add, .sum: return true
        default: return false
        }
    }

    func fraction(_ top: [Expr], _ bottom: [Expr]) -> String {
        // A lone sum of terms needs no brackets of its own above or below the bar.
        func side(_ fs: [Expr]) -> String {
            if fs.count == 1, case .add = fs[0] { return render(fs[0]) }
            if fs.count == 1, isWrittenSum(fs[0]) { return render(fs[0]) }
            return juxtapose(fs)
        }
        let t = top.isEmpty ? "1" : side(top)
        let b = side(bottom)
        if latex { return "\\frac{\(t)}{\(b)}" }
        let tp = top.count > 1 || top.first.map({ Precedence.of($0) < .power }) == true ? "(\(t))" : t
        let bp = bottom.count > 1 || bottom.first.map({ Precedence.of($0) < .power }) == true ? "(\(b))" : b
        // In text, a lone sum of terms keeps its brackets: (a - b)/c.
        return tp + "/" + bp
    }

    /// Factors side by side; sums of terms get brackets, and an operator that would swallow
    /// the factors after it (a sum, a derivative operator) gets brackets unless it comes last.
    func juxtapose(_ fs: [Expr], followed: Bool = false) -> String {
        var parts: [String] = []
        for (n, f) in fs.enumerated() {
            let last = n == fs.count - 1 && !followed
            var s: String
            if case .add = f { s = parenthesize(render(f), big: isTall(f)) } else { s = wrap(f, below: .product) }
            if !last, swallows(f) { s = parenthesize(s, big: true) }
            // Two numbers side by side would read as one.
            if n > 0, f.isNumber { parts.append(latex ? "\\cdot" : "·") }
            parts.append(s)
        }
        return parts.joined(separator: " ")
    }

    /// Forms whose printed operand extends to the end of the term.
    func swallows(_ e: Expr) -> Bool {
        switch e {
        case .sum: return !isWrittenSum(e)
        case .derivative(let f, _): if case .variable = f { return false } else { return true }
        case .power(let b, _): return swallows(b)
        default: return false
        }
    }
}
