import SymbolicCore
import SymbolicRender

/// Sentences that say why each step of a derivation is allowed (`--explain`), made from the rule the engine
/// applied and from the indices of the two expressions: never typed for a problem. The rule and why it applies;
/// the free and summed indices where they change; why a delta is contracted (its index is summed and the delta is
/// a factor of the term) or kept (neither index is summed, or the sum covers terms without it); the assumption a
/// step uses; in Einstein notation, the sums it hides and the terms that break it.
///
/// ```swift
/// let e = Explainer(printer: Printer(.latex), context: problem.context)
/// e.explain(rule: step.rule, before: previous.expr, after: step.expr)   // ["$\\delta_{kp}$ is contracted: ..."]
/// ```
public struct Explainer: Sendable {
    public var printer: Printer
    public var context: Context
    var latex: Bool { printer.notation.target == .latex }
    var einstein: Bool { printer.notation.einstein }

    public init(printer: Printer, context: Context) {
        self.printer = printer
        self.context = context
    }

    /// What the first line of a section says that a reader may not see (the sums Einstein notation hides).
    public func opening(_ e: Expr) -> [String] { einsteinOpening(e) + indexSentences(before: nil, after: e) }

    /// Why `after` follows from `before` by the rule named `rule`, and what changed in the indices.
    public func explain(rule: String, before: Expr, after: Expr) -> [String] {
        var out = ruleSentences(rule, before: before, after: after)
        out += deltaSentences(rule: rule, before: before, after: after)
        out += einsteinBreaks(before: before, after: after)
        out += indexSentences(before: before, after: after)
        return out
    }

    // MARK: Math in sentences

    func wrap(_ s: String) -> String { latex ? "$" + s + "$" : s }
    func math(_ e: Expr) -> String { wrap(printer.print(e)) }
    func index(_ i: Index) -> String { wrap(printer.indexText(i)) }
    func equal(_ a: Index, _ b: Index) -> String { wrap(printer.indexText(a) + " = " + printer.indexText(b)) }
    func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
    }
    func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    // MARK: Rules

    /// The rule in words, with what it acted on where the two expressions show it.
    func ruleSentences(_ rule: String, before: Expr, after: Expr) -> [String] {
        switch rule {
        case "d-var":
            let deltas = Explainer.deltaSites(after)
            return Explainer.indexDerivatives(before).map { d in
                guard case .derivative(.variable(let s, let a), .variable(_, let b)) = d, a.count == 1, b.count == 1 else { return "" }
                // The delta as the line prints it (its indices in the line's order).
                let site = deltas.first { $0.pair == [a[0], b[0]] }
                let delta = Expr.delta(site?.a ?? a[0], site?.b ?? b[0])
                return wrap(printer.print(d) + " = " + printer.print(delta)) + ": an entry of " + math(.variable(s.vector, []))
                    + " by an entry of it is 1 where the two are the same entry and 0 elsewhere (a Kronecker delta)."
            }.filter { !$0.isEmpty }
        case "unfold", "substitute":
            let put = definedSymbols(before).filter { count($0, in: after) < count($0, in: before) }
            return put.isEmpty ? [] : ["The definition of " + list(put.map { math(.variable($0, [])) }) + " is put in."]
        case "fold":
            let back = definedSymbols(after).filter { count($0, in: after) > count($0, in: before) }
            return back.isEmpty ? [] : ["The expression of " + list(back.map { math(.variable($0, [])) }) + " is recognised and written back under its name."]
        case "sum-to-one", "sum-to-one-factor":
            return sumsToOne(before: before, after: after)
        case "rename-dummy":
            let (was, now) = (before.summedIndices, after.summedIndices)
            let gone = was.filter { !now.contains($0) }
            let new = now.filter { !was.contains($0) }
            guard let g = gone.first, let n = new.first else { return [] }
            return ["The summation index " + index(g) + " is renamed " + index(n) + ": a dummy index may take any name not in use, and "
                    + index(n) + " keeps this sum apart from the other sum over " + index(g) + "."]
        default:
            return Explainer.ruleWords[rule].map { [latex ? $0.latex : $0.text] } ?? []
        }
    }

    /// What each rule does and why it may, in general terms: the LaTeX sentence and the plain one (the same
    /// where the words hold no formula).
    static let ruleWords: [String: (latex: String, text: String)] = plainRuleWords.mapValues { ($0, $0) }
        .merging(formulaRuleWords) { $1 }

    static let plainRuleWords: [String: String] = [
        "d-linearity": "Linearity: the derivative of a sum is the sum of the derivatives, and a factor that does not depend on the variable stays outside.",
        "d-product": "Product rule: the derivative of a product is each factor's derivative times the other factors, summed.",
        "d-chain": "Chain rule through a definition: differentiate by what the name is defined in, then that by the variable.",
        "d-chain-all": "Chain rule through every definition between the loss and the variable, one factor for each.",
        "d-const": "Constant rule: what does not depend on the variable has derivative 0.",
        "d-constant-factor": "A constant factor comes out of the derivative.",
        "d-term-by-term": "The derivative of a sum is taken term by term.",
        "expand": "Multiply out: each term of the bracket times the factors outside it.",
        "expand-all": "Multiply out every bracket.",
        "cancel": "A factor common to the numerator and the denominator cancels.",
        "factor": "A factor common to the terms is taken out.",
        "distribute-sign": "The minus sign goes inside the bracket.",
        "sum-split": "A sum over an index is linear: the sum of a difference is the difference of the sums.",
        "sum-factor": "A factor without the summation index does not change with it and comes out of the sum.",
        "sum-join": "Sums over the same index are joined into one.",
        "log-quotient": "The log of a quotient is the difference of the logs.",
        "use-known": "The derivative worked out above is put in.",
        "use-known-apart": "The derivatives worked out above are put in.",
        "vector-form": "Every component has the same form, so the whole vector (the gradient) is written at once.",
    ]

    static let formulaRuleWords: [String: (latex: String, text: String)] = [
        "d-log": ("Log rule: the derivative of $\\log u$ is $\\frac{1}{u}$ times the derivative of $u$.",
                  "Log rule: the derivative of log u is 1/u times the derivative of u."),
        "d-exp": ("Exp rule: the derivative of $e^{u}$ is $e^{u}$ times the derivative of $u$.",
                  "Exp rule: the derivative of e^u is e^u times the derivative of u."),
        "d-quotient": ("Quotient rule: the derivative of $\\frac{u}{v}$ is $\\frac{v\\,\\partial u - u\\,\\partial v}{v^{2}}$.",
                       "Quotient rule: the derivative of u/v is (v ∂u - u ∂v)/v²."),
        "d-quotient-split": ("Quotient rule, in two terms: the derivative of $\\frac{u}{v}$ is $\\frac{\\partial u}{v} - \\frac{u\\,\\partial v}{v^{2}}$.",
                             "Quotient rule, in two terms: the derivative of u/v is ∂u/v - u ∂v/v²."),
        "d-power": ("Power rule: the derivative of $u^{n}$ is $n u^{n-1}$ times the derivative of $u$.",
                    "Power rule: the derivative of uⁿ is n uⁿ⁻¹ times the derivative of u."),
        "d-function": ("Chain rule: the derivative of $f(u)$ is $f'(u)$ times the derivative of $u$.",
                       "Chain rule: the derivative of f(u) is f'(u) times the derivative of u."),
        "log-exp": ("$\\log$ and $\\exp$ undo each other.",
                    "log and exp undo each other."),
        "prime": ("The sigmoid's derivative $\\sigma(1 - \\sigma)$ is written $\\sigma'$.",
                  "The sigmoid's derivative σ(1 - σ) is written σ'."),
    ]

    /// The derivatives of an entry by an entry in `e` (`\frac{\partial \theta_i}{\partial \theta_k}`).
    static func indexDerivatives(_ e: Expr) -> [Expr] {
        var out: [Expr] = []
        _ = e.contains { node in
            if case .derivative(.variable(let s, let a), .variable(let t, let b)) = node, s == t, a.count == 1, b.count == 1, !out.contains(node) {
                out.append(node)
            }
            return false
        }
        return out
    }

    func definedSymbols(_ e: Expr) -> [Symbol] {
        context.definitions.map(\.symbol).filter { count($0, in: e) > 0 }
    }

    func count(_ s: Symbol, in e: Expr) -> Int {
        var n = 0
        _ = e.contains { node in
            if case .variable(let t, _) = node, t == s { n += 1 }
            return false
        }
        return n
    }

    /// `\sum_i y_i = 1` and the assumption that says so.
    func sumsToOne(before: Expr, after: Expr) -> [String] {
        var out: [String] = []
        for a in context.assumptions where a.sumsToOne {
            let left = after.entrySums
            guard let sum = before.entrySums.first(where: { s in
                if case .sum(_, _, let body) = s, body.symbols.contains(where: { $0.component == a.symbol.component }) { return !left.contains(s) }
                return false
            }) else { continue }
            let why: String
            switch a {
            case .oneHot: why = " is one-hot (one entry is 1, the others 0)"
            default: why = " is a probability vector"
            }
            out.append(wrap(printer.print(sum) + " = 1") + ": " + math(.variable(a.symbol.vector, [])) + why + ", so its entries sum to one.")
        }
        return out
    }
}
