import SymbolicCore
import SymbolicFunctions

// MARK: - Printing expressions
//
// One precedence table and one `parenthesize` decide every bracket, for LaTeX and for Unicode text.

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
        case .elementary:
            guard let entry = FunctionTable.entry(for: f) else { return f.description + argument(u) }
            // The argument printed once: a function of a function would otherwise print its argument twice a level.
            let text = render(u)
            let a = PrintedArgument(expr: u, text: text, brackets: latex && isTall(u) ? ("\\left(", "\\right)") : ("(", ")"), isSimple: isSimple(u),
                                    exponentialAsPower: notation.exponential == .power, logParentheses: notation.logParentheses,
                                    indicatorCommand: notation.indicatorCommand)
            return latex ? entry.latex(a) : entry.unicode(a)
        case .named: return FunctionTable.head(f, latex: latex) + argument(u)
        case .prime: return FunctionTable.head(f, latex: latex) + argument(u)
        }
    }

    /// Whether Einstein notation leaves this sum unwritten: its index repeated in a product, or in every term of
    /// a sum of products. `\sum_i y_i \hat{y}_k` (the index once) is written out.
    ///
    /// ```swift
    /// Printer.hidesSum(.sum(.named("i"), r, .multiply([y_i, log_yhat_i])))   // true
    /// ```
    public static func hidesSum(_ e: Expr) -> Bool {
        guard case .sum(let i, _, let body) = e else { return false }
        return (body.occurrences(of: i) >= 2 && body.innermost.isProduct) || implicitTerms(e) != nil
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

}
