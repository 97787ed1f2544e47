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
        return Precedence.of(e) < p ? parenthesize(s, big: isTall(e)) : s
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
        case .variable(let s, let idx): return symbol(s) + subscriptText(idx)
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
        var coefficient = Rational.one
        var factors = fs
        if let c = fs.first?.numberValue { coefficient = c; factors.removeFirst() }
        let sign = coefficient.isNegative ? "-" : ""
        let c = coefficient.magnitude
        // Derivatives stand after the fraction: \frac{y_i}{\hat{y}_i} \frac{\partial \hat{y}_i}{\partial \theta_k}.
        let trailing = factors.filter { if case .derivative = $0 { return true }; return false }
        let (num, den) = DifferentiationRules.splitFraction(factors.filter { if case .derivative = $0 { return false }; return true })
        // A fraction of sums (as the quotient rule makes) is printed apart from a fraction of symbols.
        let compoundDen = den.filter(isCompound)
        let compoundNum = compoundDen.isEmpty ? [] : num.filter(isCompound)
        var groups: [([Expr], [Expr])] = []
        let simpleNum = num.filter { !compoundNum.contains($0) }, simpleDen = den.filter { !compoundDen.contains($0) }
        var first = (simpleNum, simpleDen)
        if c.numerator != 1 { first.0.insert(.int(c.numerator), at: 0) }
        if c.denominator != 1 { first.1.insert(.int(c.denominator), at: 0) }
        if !compoundNum.isEmpty, !first.0.isEmpty || !first.1.isEmpty { groups.append(first); groups.append((compoundNum, compoundDen)) } else {
            groups.append((first.0 + compoundNum, first.1 + compoundDen))
        }
        if notation.reciprocals, groups.count == 1, !first.1.isEmpty, compoundDen.isEmpty,
           first.0.contains(where: { if case .delta = $0 { return false }; return true }) {
            // y_i \frac{1}{\hat{y}_i} ...: each simple denominator as a factor of its own.
            var parts: [String] = []
            let simple = first.0.filter { !isCompound($0) && !swallows($0) }, compound = first.0.filter { isCompound($0) || swallows($0) }
            if !simple.isEmpty { parts.append(juxtapose(simple, followed: true)) }
            for d in first.1 { parts.append(latex ? "\\frac{1}{\(render(d))}" : "1/\(wrap(d, below: .power))") }
            if !compound.isEmpty { parts.append(juxtapose(compound, followed: !trailing.isEmpty)) }
            if !trailing.isEmpty { parts.append(juxtapose(trailing)) }
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
        if !trailing.isEmpty { parts.append(juxtapose(trailing)) }
        if parts.isEmpty { parts.append("1") }
        return sign + parts.joined(separator: " ")
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
        case .sum: return true
        case .derivative(let f, _): if case .variable = f { return false } else { return true }
        case .power(let b, _): return swallows(b)
        default: return false
        }
    }

    func power(_ b: Expr, _ x: Expr) -> String {
        if let r = x.numberValue, r.isNegative { return product([.power(b, x)]) }
        let base: String
        switch b {
        case .variable, .number(_) where b.numberValue.map({ $0.isInteger && !$0.isNegative }) ?? true:
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
        case .step: return (latex ? "\\operatorname{step}" : "step") + argument(u)
        case .sqrt: return latex ? "\\sqrt{\(render(u))}" : "√" + argument(u)
        case .named(let n): return n + argument(u)
        case .prime(let g):
            let base = apply(g, [.variable(Symbol("#"), [])])
            let name = base.components(separatedBy: "(").first?.components(separatedBy: "\\left").first ?? base
            return name + "'" + argument(u)
        }
    }

    func indexSum(_ i: Index, _ r: IndexRange, _ body: Expr) -> String {
        if notation.einstein, Printer.occurrences(of: i, in: body) >= 2, case .multiply = body {
            // Implicit summation: the repeated index says it.
            return juxtaposeOrProduct(body)
        }
        var head: String
        let idx = indexText(i)
        if latex {
            if let u = r.upper { head = "\\sum_{\(idx)=\(r.lower)}^{\(u)}" } else { head = idx.count == 1 ? "\\sum_\(idx)" : "\\sum_{\(idx)}" }
        } else {
            head = r.upper.map { "Σ_{\(idx)=\(r.lower)..\($0)}" } ?? "Σ_\(idx)"
        }
        let b: String
        if case .add = body { b = parenthesize(render(body), big: isTall(body)) } else { b = wrap(body, below: .product) }
        return head + " " + b
    }

    func juxtaposeOrProduct(_ e: Expr) -> String { render(e) }

    /// How often `i` stands as an index in `e`, outside sums that bind it again.
    static func occurrences(of i: Index, in e: Expr) -> Int {
        switch e {
        case .variable(_, let idx): return idx.filter { $0 == i }.count
        case .delta(let a, let b): return (a == i ? 1 : 0) + (b == i ? 1 : 0)
        case .sum(let j, _, let body): return j == i ? 0 : occurrences(of: i, in: body)
        default: return e.children.reduce(0) { $0 + occurrences(of: i, in: $1) }
        }
    }

    func delta(_ a: Index, _ b: Index) -> String {
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

    /// Vector form: `\hat{\mathbf{y}} - \mathbf{y}` when every variable carrying the index carries only it.
    func array(_ idx: [Index], _ body: Expr) -> String {
        if idx.count == 1, let vector = Printer.vectorForm(body, index: idx[0]) { return render(vector) }
        let inner = render(body)
        return latex ? "\\left[" + inner + "\\right]_{\(idx.map(indexText).joined(separator: ","))}" : "[" + inner + "]_" + idx.map(indexText).joined(separator: ",")
    }

    /// The body with `x_k` replaced by the bold vector `x`, or `nil` when that would lose meaning.
    /// Only linear combinations qualify: every term is scalar factors times one plain `x_k`, so that
    /// no elementwise product or function of a vector is left to guess.
    public static func vectorForm(_ body: Expr, index k: Index) -> Expr? {
        var out: [Expr] = []
        for t in body.terms {
            let carrying = t.factors.filter { $0.freeIndices.contains(k) }
            guard carrying.count == 1, case .variable(let s, let idx) = carrying[0], idx == [k] else { return nil }
            out.append(.mul(t.factors.map { $0 == carrying[0] ? .variable(s.vector, []) : $0 }))
        }
        let v = Expr.plus(out)
        return v.freeIndices.isEmpty ? v : nil
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
        if let l = s.label { base += "^{(\(l))}" }
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
        if let l = s.label { base += "⁽" + l.map { Printer.superscripts[$0] ?? $0 }.map(String.init).joined() + "⁾" }
        return base
    }

    static let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]

    func indexText(_ i: Index) -> String {
        switch i {
        case .value(let v): return "\(v)"
        case .named(let n): return latex ? n : (Printer.greekUnicode[n] ?? n)
        }
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
