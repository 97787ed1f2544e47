import Foundation
import SymbolicCore
import SymbolicFunctions

// MARK: - Printing expressions
//
// One precedence table and one `parenthesize` decide every bracket, for LaTeX and for Unicode text.

/// Binding strength of a printed form; a child weaker than its context gets brackets.
enum Precedence: Int, Comparable {
    case sum = 1        // a + b
    case product = 2    // a b, \frac{a}{b}
    case unary = 3      // -a
    case power = 4      // a^{b}
    case atom = 5       // x_i, (a), \frac{...}{...} standing alone

    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

    static func of(_ e: Expr) -> Precedence {
        switch e {
        case .add: return .sum
        case .multiply(let fs):
            if let c = fs.first?.numberValue, c.isNegative { return .unary }
            return .product
        case .number(let r): return r.isNegative ? .unary : (r.isInteger ? .atom : .product)
        case .power(_, let x): return x.numberValue?.isNegative == true ? .product : .power
        case .sum, .derivative: return .product
        default: return .atom
        }
    }
}

/// Prints expressions as LaTeX or Unicode text; a pure function of the expression and the notation.
///
/// ```swift
/// Printer(.latex).print(try Parser.parse(#"\frac{y_i}{\hat{y}_i}"#))   // "\frac{y_i}{\hat{y}_i}"
/// Printer(.unicode).print(try Parser.parse(#"\sum_i y_i"#))           // "Σ_i y_i"
/// ```
public struct Printer: Sendable {
    public var notation: Notation
    public init(_ notation: Notation = .latex) { self.notation = notation }

    var latex: Bool { notation.target == .latex }

    public func print(_ e: Expr) -> String { render(e) }

    // MARK: Brackets

    func parenthesize(_ s: String, big: Bool = true) -> String {
        guard latex else { return "(" + s + ")" }
        return big ? "\\left(" + s + "\\right)" : "(" + s + ")"
    }

    func wrap(_ e: Expr, below p: Precedence) -> String {
        let s = render(e)
        // A sum written out term by term is a sum of terms: bracketed wherever a sum would be.
        if isWrittenSum(e) { return Precedence.sum < p ? parenthesize(s, big: isTall(e.children.last ?? e)) : s }
        return Precedence.of(e) < p ? parenthesize(s, big: isTall(e)) : s
    }

    /// A sum this notation writes out term by term (`f_1 + f_2 + \dots + f_K`): a sum of terms when printed.
    func isWrittenSum(_ e: Expr) -> Bool {
        guard notation.sums == .written, case .sum(let i, _, let body) = e else { return false }
        // A delta on the summed index would print its entries as 0 and indicators: the sum stays a sum.
        let picks = body.contains { if case .delta(let a, let b) = $0 { return a == i || b == i }; return false }
        return i.isNamed && !picks && body.exclusion(of: i) == nil && !(notation.einstein && body.occurrences(of: i) >= 2)
    }

    /// True when the expression prints with fractions, sums or derivatives (so brackets should grow).
    func isTall(_ e: Expr) -> Bool {
        e.contains { node in
            switch node {
            case .sum, .derivative, .piecewise: return true
            case .power(_, let x): return x.numberValue?.isNegative == true
            case .number(let r): return !r.isInteger
            default: return false
            }
        }
    }

    // MARK: Nodes

    func render(_ e: Expr) -> String {
        switch e {
        case .number(let r): return rational(r)
        case .variable(let s, let idx):
            if let call = notation.calls[s], idx.count == 1 {
                let name = latex ? call.function : (Printer.greekUnicode[call.function] ?? call.function)
                return "\(name)(\(subscripted(call.argument, ["1:\(call.size)"])), \(indexText(idx[0])))"
            }
            if s.labelBelow, s.label != nil, !idx.isEmpty { return subscripted(s, idx.map(indexText)) }
            return symbol(s) + subscriptText(idx)
        case .add(let ts): return sum(ts)
        case .multiply(let fs): return product(fs)
        case .power(let b, let x): return power(b, x)
        case .apply(let f, let args): return apply(f, args)
        case .sum(let i, let r, let body): return indexSum(i, r, body)
        case .delta(let a, let b): return delta(a, b)
        case .derivative(let f, let x): return derivative(f, x)
        case .piecewise(let ps, let o): return cases(ps, o)
        case .array(let idx, let body): return array(idx, body)
        }
    }

    func rational(_ r: Rational) -> String {
        if r.isInteger { return "\(r.numerator)" }
        let sign = r.isNegative ? "-" : ""
        return latex ? "\(sign)\\frac{\(abs(r.numerator))}{\(r.denominator)}" : "\(sign)\(abs(r.numerator))/\(r.denominator)"
    }

    func sum(_ terms: [Expr]) -> String {
        // Show a positive term first when there is one: \hat{y}_k - y_k rather than -y_k + \hat{y}_k.
        var ts = terms
        if let first = ts.first, first.coefficientAndRest.0.isNegative, let p = ts.firstIndex(where: { !$0.coefficientAndRest.0.isNegative }) {
            ts.insert(ts.remove(at: p), at: 0)
        }
        var out = ""
        for (n, t) in ts.enumerated() {
            let (c, rest) = t.coefficientAndRest
            if n == 0 {
                out += wrapTerm(t)
            } else if c.isNegative, let m = c.negated() {
                out += " - " + wrapTerm(.mul([.number(m), rest]))
            } else {
                out += " + " + wrapTerm(t)
            }
        }
        return out
    }

    /// A term of a sum: everything but another sum binds tighter, except a trailing operator
    /// that would swallow what follows (a sum inside a term is closed by the `+`).
    func wrapTerm(_ t: Expr) -> String { wrap(t, below: .product) }

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

    func power(_ b: Expr, _ x: Expr) -> String {
        if let r = x.numberValue, r.isNegative { return product([.power(b, x)]) }
        let base: String
        switch b {
        case .variable:
            base = render(b)
        case .number where b.numberValue.map({ $0.isInteger && !$0.isNegative }) ?? true:
            base = render(b)
        default:
            base = parenthesize(render(b), big: isTall(b))
        }
        let exponent = render(x)
        if latex { return "\(base)^{\(exponent)}" }
        return x.numberValue.map { $0.isInteger && !$0.isNegative } == true ? "\(base)^\(exponent)" : "\(base)^(\(exponent))"
    }

    /// `(u)` with plain brackets for a short argument, growing ones for a tall one.
    func argument(_ u: Expr) -> String { parenthesize(render(u), big: isTall(u)) }

    func isSimple(_ u: Expr) -> Bool {
        switch u {
        case .variable, .number: return u.numberValue.map { !$0.isNegative && $0.isInteger } ?? true
        default: return false
        }
    }

    func apply(_ f: Function, _ args: [Expr]) -> String {
        guard let u = args.first else { return "" }
        switch f {
        case .exp:
            if notation.exponential == .power || !latex {
                return latex ? "e^{\(render(u))}" : (isSimple(u) && u.freeIndices.isEmpty ? "e^\(render(u))" : "e^(\(render(u)))")
            }
            return "\\exp" + argument(u)
        case .log:
            let name = latex ? "\\log" : "log"
            if isSimple(u), !notation.logParentheses { return name + " " + render(u) }
            return name + argument(u)
        case .sigmoid: return (latex ? "\\sigma" : "σ") + argument(u)
        case .tanh: return (latex ? "\\tanh" : "tanh") + argument(u)
        case .relu: return (latex ? "\\operatorname{relu}" : "relu") + argument(u)
        case .step:
            // The derivative of ReLU as an indicator: \mathbb{1}_{t > 0}.
            return latex ? "\(notation.indicatorCommand)_{\(render(u)) > 0}" : "𝟙[\(render(u)) > 0]"
        case .sqrt: return latex ? "\\sqrt{\(render(u))}" : "√" + argument(u)
        case .named(let n): return n + argument(u)
        case .prime(let g):
            let base = apply(g, [.variable(Symbol("#"), [])])
            let name = base.components(separatedBy: "(").first?.components(separatedBy: "\\left").first ?? base
            return name + "'" + argument(u)
        }
    }

    func indexSum(_ i: Index, _ r: IndexRange, _ body: Expr) -> String {
        if notation.einstein, body.occurrences(of: i) >= 2, body.innermost.isProduct {
            // Implicit summation: the repeated index says it.
            return juxtaposeOrProduct(body)
        }
        if notation.einstein, let terms = Printer.implicitTerms(.sum(i, r, body)) {
            // Over a sum of terms, implicit summation holds term by term when every term repeats every index.
            return parenthesize(sum(terms), big: isTall(body))
        }
        // \sum_{i \neq j}: the factor 1 - \delta_{ij} leaves one index out.
        var inner = body
        var excluded: Index?
        if let (j, rest) = body.exclusion(of: i) { excluded = j; inner = rest }
        if isWrittenSum(.sum(i, r, body)) { return writtenSum(i, r, body) }
        var head: String
        let idx = indexText(i)
        let upper = r.upper ?? notation.sumBounds
        if latex {
            if let j = excluded {
                // A range written out says what is left out of it: \sum_{k \in [1, K] \setminus j}.
                head = notation.sumBounds.map { "\\sum_{\(idx) \\in [\(r.lower), \($0)] \\setminus \(indexText(j))}" } ?? "\\sum_{\(idx) \\neq \(indexText(j))}"
            } else if let u = upper { head = "\\sum_{\(idx)=\(r.lower)}^{\(u)}" } else { head = idx.count == 1 ? "\\sum_\(idx)" : "\\sum_{\(idx)}" }
        } else {
            if let j = excluded { head = "Σ_{\(idx)≠\(indexText(j))}" } else { head = upper.map { "Σ_{\(idx)=\(r.lower)..\($0)}" } ?? "Σ_\(idx)" }
        }
        let b: String
        if case .add = inner { b = parenthesize(render(inner), big: isTall(inner)) } else { b = wrap(inner, below: .product) }
        return head + " " + b
    }

    /// `f_1 + f_2 + \dots` (to the end of the range), or `... + f_K` when the range or the style names its size.
    func writtenSum(_ i: Index, _ r: IndexRange, _ body: Expr) -> String {
        var inner = notation
        inner.sums = .sigma
        let p = Printer(inner)
        let first = body.substituting([i.name ?? "": .value(r.lower)])
        let second = body.substituting([i.name ?? "": .value(r.lower + 1)])
        var parts = [p.wrapTerm(first), p.wrapTerm(second), latex ? "\\dots" : "…"]
        if let u = r.upper ?? notation.sumBounds { parts.append(p.wrapTerm(body.substituting([i.name ?? "": .named(u)]))) }
        return parts.joined(separator: " + ")
    }

    func juxtaposeOrProduct(_ e: Expr) -> String { render(e) }

    /// The terms under nested sums whose innermost body is a sum of products, when every term repeats every
    /// summed index (so that Einstein's convention, applied term by term, says the same).
    static func implicitTerms(_ e: Expr) -> [Expr]? {
        var indices: [Index] = []
        var current = e
        while case .sum(let j, _, let b) = current { indices.append(j); current = b }
        guard case .add(let ts) = current,
              ts.allSatisfy({ t in indices.allSatisfy { t.occurrences(of: $0) >= 2 } && t.coefficientAndRest.1.isProduct }) else { return nil }
        return ts
    }

    func delta(_ a: Index, _ b: Index) -> String {
        // An index before a position written out: \mathbb{1}_{\ell=1}, \mathbb{1}_{\ell=K}.
        let positions = Set(displayPositions)
        let (a, b) = positions.contains(a) && !positions.contains(b) ? (b, a) : (a, b)
        switch (notation.delta, latex) {
        case (.kronecker, true): return "\\delta" + subscriptText([a, b])
        case (.kronecker, false): return "δ" + subscriptText([a, b])
        case (.indicator, true): return "\(notation.indicatorCommand)_{\(indexText(a))=\(indexText(b))}"
        case (.indicator, false): return "𝟙[\(indexText(a))=\(indexText(b))]"
        }
    }

    func derivative(_ f: Expr, _ x: Expr) -> String {
        let d = latex ? "\\partial" : "∂"
        let wrt = render(x)
        if notation.gradient == .nabla, case .variable(let s, let idx) = x, s.bold, idx.isEmpty {
            return (latex ? "\\nabla_{\(wrt)} " : "∇_\(wrt) ") + wrap(f, below: .power)
        }
        if case .variable = f {
            return latex ? "\\frac{\(d) \(render(f))}{\(d) \(wrt)}" : "\(d)\(render(f))/\(d)\(wrt)"
        }
        let op = latex ? "\\frac{\(d)}{\(d) \(wrt)}" : "\(d)/\(d)\(wrt)"
        let operand: String
        switch f {
        case .add, .multiply: operand = parenthesize(render(f), big: true)
        default: operand = wrap(f, below: .power)
        }
        return op + " " + operand
    }

    func cases(_ ps: [Expr.Piece], _ o: Expr) -> String {
        func cond(_ c: IndexCondition) -> String {
            let rel = c.isEqual ? "=" : (latex ? "\\neq" : "≠")
            return "\(indexText(c.lhs)) \(rel) \(indexText(c.rhs))"
        }
        if latex {
            let rows = ps.map { "\(render($0.value)) & \(cond($0.condition))" } + ["\(render(o)) & \\text{otherwise}"]
            return "\\begin{cases} " + rows.joined(separator: " \\\\ ") + " \\end{cases}"
        }
        return "{ " + (ps.map { "\(render($0.value)) if \(cond($0.condition))" } + ["\(render(o)) otherwise"]).joined(separator: "; ") + " }"
    }

    /// Vector form: `\hat{\mathbf{y}} - \mathbf{y}` when every variable carrying the index carries only it;
    /// entry by entry (a `bmatrix`) when the notation asks for it.
    func array(_ idx: [Index], _ body: Expr) -> String {
        if notation.arrays == .entries, idx.count == 1 || idx.count == 2, idx.allSatisfy(\.isNamed) { return writtenArray(idx, body) }
        if idx.count == 1, let vector = body.vectorForm(index: idx[0]) { return render(vector) }
        let inner = render(body)
        return latex ? "\\left[" + inner + "\\right]_{\(idx.map(indexText).joined(separator: ","))}" : "[" + inner + "]_" + idx.map(indexText).joined(separator: ",")
    }

    /// Positions at which an array or a sum is written out: `1, 2, \dots, K`.
    var displayPositions: [Index] { [.value(1), .value(2), .named(notation.sizeName)] }

    /// The entry of `body` at concrete positions: indices put in, conditions between positions decided
    /// (the positions 1, 2 and K stand for different values).
    func entry(_ body: Expr, _ idx: [Index], _ at: [Index]) -> Expr {
        var map: [String: Index] = [:]
        for (i, v) in zip(idx, at) { if let n = i.name { map[n] = v } }
        let positions = Set(displayPositions)
        func distinct(_ a: Index, _ b: Index) -> Bool? {
            if a == b { return true }
            return positions.contains(a) && positions.contains(b) ? false : nil
        }
        return body.substituting(map).postwalk { e in
            switch e {
            case .delta(let a, let b):
                if let same = distinct(a, b) { return same ? .one : .zero }
                return e
            case .piecewise(let ps, let o):
                for p in ps {
                    guard let same = distinct(p.condition.lhs, p.condition.rhs) else { return e }
                    if same == p.condition.isEqual { return p.value }
                }
                return o
            default:
                return e
            }
        }
    }

    /// A `bmatrix`: a column `r_1 \\ r_2 \\ \vdots \\ r_K`, or a matrix with `\dots`, `\vdots`, `\ddots`.
    func writtenArray(_ idx: [Index], _ body: Expr) -> String {
        var inner = notation
        inner.arrays = .compact
        let p = Printer(inner)
        let at = displayPositions
        let vdots = latex ? "\\vdots" : "⋮", dots = latex ? "\\dots" : "…", ddots = latex ? "\\ddots" : "⋱"
        var rows: [String] = []
        if idx.count == 1 {
            rows = [p.render(entry(body, idx, [at[0]])), p.render(entry(body, idx, [at[1]])), vdots, p.render(entry(body, idx, [at[2]]))]
        } else {
            func row(_ r: Index) -> String {
                let cells = [p.render(entry(body, idx, [r, at[0]])), p.render(entry(body, idx, [r, at[1]])), dots, p.render(entry(body, idx, [r, at[2]]))]
                return cells.joined(separator: latex ? " & " : ", ")
            }
            rows = [row(at[0]), row(at[1]), [vdots, vdots, ddots, vdots].joined(separator: latex ? " & " : ", "), row(at[2])]
        }
        if latex { return "\\begin{bmatrix} " + rows.joined(separator: " \\\\ ") + " \\end{bmatrix}" }
        return "[" + rows.joined(separator: "; ") + "]"
    }

    // MARK: Symbols and indices

    func symbol(_ s: Symbol) -> String {
        latex ? latexSymbol(s) : unicodeSymbol(s)
    }

    func latexSymbol(_ s: Symbol) -> String {
        var base = s.name
        if s.bold { base = s.name.hasPrefix("\\") && !s.name.hasPrefix("\\math") ? "\\boldsymbol{\(base)}" : "\\mathbf{\(base)}" }
        switch s.accent {
        case .none: break
        case .hat: base = "\\hat{\(base)}"
        case .tilde: base = "\\tilde{\(base)}"
        case .bar: base = "\\bar{\(base)}"
        }
        // A label -1 is the inverse matrix, C^{-1}; any other a layer, W^{(1)} or, below, a_L.
        if let l = s.label { base += s.labelBelow ? (l.count == 1 ? "_\(l)" : "_{\(l)}") : l.hasPrefix("-") ? "^{\(l)}" : "^{(\(l))}" }
        return base
    }

    static let greekUnicode: [String: String] = [
        "\\alpha": "α", "\\beta": "β", "\\gamma": "γ", "\\delta": "δ", "\\epsilon": "ε", "\\varepsilon": "ε", "\\zeta": "ζ",
        "\\eta": "η", "\\theta": "θ", "\\vartheta": "ϑ", "\\iota": "ι", "\\kappa": "κ", "\\lambda": "λ", "\\mu": "μ", "\\nu": "ν",
        "\\xi": "ξ", "\\pi": "π", "\\rho": "ρ", "\\sigma": "σ", "\\tau": "τ", "\\upsilon": "υ", "\\phi": "φ", "\\varphi": "φ",
        "\\chi": "χ", "\\psi": "ψ", "\\omega": "ω", "\\Gamma": "Γ", "\\Delta": "Δ", "\\Theta": "Θ", "\\Lambda": "Λ",
        "\\Xi": "Ξ", "\\Pi": "Π", "\\Sigma": "Σ", "\\Upsilon": "Υ", "\\Phi": "Φ", "\\Psi": "Ψ", "\\Omega": "Ω", "\\ell": "ℓ",
    ]

    func unicodeSymbol(_ s: Symbol) -> String {
        var base = Printer.greekUnicode[s.name] ?? s.name
        if base.hasPrefix("\\"), let open = base.firstIndex(of: "{"), base.hasSuffix("}") {
            base = String(base[base.index(after: open)..<base.index(before: base.endIndex)])
        }
        if s.bold {
            base = String(base.unicodeScalars.map { c -> Character in
                let v = c.value
                if (0x61...0x7A).contains(v), let b = Unicode.Scalar(0x1D41A + v - 0x61) { return Character(b) }
                if (0x41...0x5A).contains(v), let b = Unicode.Scalar(0x1D400 + v - 0x41) { return Character(b) }
                return Character(c)
            })
        }
        switch s.accent {
        case .none: break
        case .hat: base += "\u{0302}"
        case .tilde: base += "\u{0303}"
        case .bar: base += "\u{0304}"
        }
        if let l = s.label, s.labelBelow {
            base += l.count == 1 ? "_" + l : "_{" + l + "}"
        } else if let l = s.label {
            let small = l.map { $0 == "-" ? "⁻" : (Printer.superscripts[$0] ?? $0) }.map(String.init).joined()
            base += l.hasPrefix("-") ? small : "⁽" + small + "⁾"
        }
        return base
    }

    static let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]

    /// An index as printed: `k`, `\ell` (`ℓ` in text), `2`.
    public func indexText(_ i: Index) -> String {
        switch i {
        case .value(let v): return "\(v)"
        case .named(let n): return latex ? n : (Printer.greekUnicode[n] ?? n)
        }
    }

    /// A symbol with subscripts; a label written below comes first, in the same group: `a_{L,i}`, `z_{1:K}`.
    func subscripted(_ s: Symbol, _ subscripts: [String]) -> String {
        guard s.labelBelow, let l = s.label else { return symbol(s) + "_{" + subscripts.joined(separator: ",") + "}" }
        var plain = s
        plain.label = nil
        return symbol(plain) + "_{" + ([l] + subscripts).joined(separator: ",") + "}"
    }

    func subscriptText(_ idx: [Index]) -> String {
        guard !idx.isEmpty else { return "" }
        let texts = idx.map(indexText)
        let compact = idx.allSatisfy { i in i.name.map { $0.count == 1 } ?? false }
        if texts.count == 1, texts[0].count == 1 { return "_" + texts[0] }
        if compact { return latex ? "_{" + texts.joined() + "}" : "_" + texts.joined() }
        return "_{" + texts.joined(separator: latex ? "," : ",") + "}"
    }
}
