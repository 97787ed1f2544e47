import Testing
import Symbolic

/// The laws every expression and every rule must keep, checked on seeded random expressions.
@Suite("Laws")
struct LawTests {
    static let seeds: [UInt64] = Array(1...60)

    @Test("parse(latex(e)) == e", arguments: seeds)
    func latexRoundTrip(seed: UInt64) throws {
        var g = ExprGenerator(seed: seed)
        let e = g.expr(depth: 4, free: seed % 2 == 0 ? ["k"] : [])
        let printed = Printer(.latex).print(e)
        let back = try Parser.parse(printed)
        #expect(back == e, "seed \(seed): \(printed)\n\(e.dump())\n---\n\(back.dump())")
    }

    @Test("withChildren(children) == e", arguments: seeds)
    func childrenRoundTrip(seed: UInt64) {
        var g = ExprGenerator(seed: seed)
        let e = g.expr(depth: 5, free: ["k"])
        func check(_ x: Expr) {
            #expect(x.withChildren(x.children) == x, "seed \(seed): \(x.dump())")
            x.children.forEach(check)
        }
        check(e)
    }

    /// Every rule, wherever it applies to a derivative of a random expression, keeps its value;
    /// the rules exercised are counted, so the law cannot pass by never firing.
    @Test("every rule preserves value")
    func rulesPreserveValue() throws {
        let ctx = Context(definitions: [try Parser.parseDefinition(#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_j e^{\theta_j}}"#)])
        let rc = RuleContext(ctx)
        let theta = Expr.symbol("\\theta", "k")
        // The rules of the standard style, as its plan runs them.
        let standard = try Derivation.derive(try #require(Catalog.entry(named: "softmax-ce")).problem()).phases.flatMap(\.rules)
        var fired = Set<String>()
        var rewrites = 0
        for seed in LawTests.seeds {
            var g = ExprGenerator(seed: seed)
            let body = g.expr(depth: 3, free: seed % 3 == 0 ? [] : ["k"])
            var current = Expr.partial(body, wrt: theta)
            // Walk one derivation, checking each rewrite against the expression before it.
            for _ in 0..<40 {
                guard let (next, rule) = Strategy.firstRewrite(standard, current, rc) else { break }
                let report = try equivalent(current, next, context: ctx, free: ["k"], points: 8, seed: seed)
                switch report.checks[0].verdict {
                case .valid: break
                case .invalid(let c):
                    Issue.record("seed \(seed): \(rule.name) changed the value\n\(Printer(.unicode).print(current))\n→ \(Printer(.unicode).print(next))\n\(DerivationLayout.describe(c))")
                    return
                case .unverified(let why):
                    Issue.record("seed \(seed): \(rule.name) could not be checked: \(why)")
                    return
                }
                fired.insert(rule.name)
                rewrites += 1
                current = next
            }
        }
        let expected: Set<String> = ["d-linearity", "d-var", "d-exp", "d-log", "d-product", "d-power", "d-sigmoid", "d-tanh",
                                     "delta-contract", "expand", "sum-split", "sum-factor", "d-const"]
        #expect(expected.subtracting(fired).isEmpty, "rules never exercised: \(expected.subtracting(fired).sorted())")
        #expect(rewrites > 200)
    }
}

/// The rules the styles added, each on an input where it fires: it must fire, and keep the value.
@Suite("Laws: the styles' rules")
struct StyleRuleTests {
    struct Case: Sendable, CustomStringConvertible {
        var rule: String
        var input: String
        var lets: [String] = []
        var free: [String]
        var description: String { "\(rule): \(input)" }
    }

    static let softmax = #"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#
    static let softmaxA = #"\hat{y}_j = \frac{e^{a_j}}{\sum_m e^{a_m}}"#

    static let rules: [String: Rule] = [
        "d-chain": DifferentiationRules.chainThrough, "d-index-cases": DifferentiationRules.indexCases,
        "d-constant": DifferentiationRules.constantFactor, "join-cases": IndexRules.joinCases, "array-factor": IndexRules.arrayFactor,
        "expand-for-delta": IndexRules.expandForDelta, "split-term": IndexRules.splitTerm(at: .named("k")),
        "merge-term": IndexRules.mergeTerm, "excluded-delta": IndexRules.excludedDelta, "divide-through": AlgebraRules.divideThrough,
        "expand-all": AlgebraRules.expandAll, "substitute": AlgebraRules.substitute([Symbol("y", accent: .hat)]),
        "split-cases-of": IndexRules.cases(of: .named("i"), .named("k")), "factor": AlgebraRules.factor, "cancel": AlgebraRules.cancel,
    ]

    static let cases: [Case] = [
        Case(rule: "d-chain", input: #"\frac{\partial}{\partial a_i} \left(-\log \hat{y}_\ell\right)"#, lets: [softmaxA], free: ["i", "\\ell"]),
        Case(rule: "d-chain", input: #"\frac{\partial}{\partial \theta_k} \left(-\sum_i y_i \log \hat{y}_i\right)"#, lets: [softmax], free: ["k"]),
        Case(rule: "d-index-cases", input: #"\frac{\partial}{\partial p_i} \left(-\log p_\ell\right)"#, free: ["i", "\\ell"]),
        Case(rule: "d-constant", input: #"\frac{\partial}{\partial \theta_k} \left(-\sum_i y_i \theta_i^2\right)"#, free: ["k"]),
        Case(rule: "join-cases", input: #"\begin{cases} -\frac{1}{p_\ell} & i = \ell \\ 0 & \text{otherwise} \end{cases}"#, free: ["i", "\\ell"]),
        Case(rule: "expand-for-delta", input: #"\sum_m y_m (\delta_{mk} - p_k)"#, free: ["k"]),
        Case(rule: "split-term", input: #"\sum_i y_i (\delta_{ik} - p_k)"#, free: ["k"]),
        Case(rule: "merge-term", input: #"y_k p_k + \sum_{i \neq k} y_i p_k"#, free: ["k"]),
        Case(rule: "merge-term", input: #"-y_k p_k - p_k \sum_{i \neq k} y_i"#, free: ["k"]),
        Case(rule: "excluded-delta", input: #"\sum_{i \neq k} \delta_{ik} y_i + \sum_{i \neq k} y_i"#, free: ["k"]),
        Case(rule: "divide-through", input: #"\frac{y}{a s} (a s - a^2)"#, free: []),
        Case(rule: "expand-all", input: #"y_k (1 - p_k)"#, free: ["k"]),
        Case(rule: "substitute", input: #"\sum_i y_i \log \hat{y}_i"#, lets: [softmax], free: []),
        Case(rule: "split-cases-of", input: #"\frac{\partial \hat{y}_i}{\partial \theta_k}"#, lets: [softmax], free: ["i", "k"]),
        Case(rule: "factor", input: #"\hat{y}_i \delta_{ik} - \hat{y}_i \hat{y}_k"#, free: ["i", "k"]),
    ]

    @Test(arguments: cases)
    func firesAndKeepsTheValue(_ c: Case) throws {
        let rule = try #require(StyleRuleTests.rules[c.rule])
        let ctx = Context(definitions: try c.lets.map { try Parser.parseDefinition($0) }, assumptions: [.oneHot(Symbol("y"))])
        let input = try tex(c.input)
        let rewritten = try #require(Strategy.once(rule, input, RuleContext(ctx)), "\(c.rule) does not fire on \(c.input)")
        let report = try equivalent(input, rewritten, context: ctx, free: c.free, points: 12)
        #expect(report.checks[0].verdict == .valid, "\(c.rule): \(Printer(.unicode).print(input)) → \(Printer(.unicode).print(rewritten))")
    }

    /// A vector's common factor comes out whole: the entries agree at every position.
    @Test func arrayFactorKeepsTheEntries() throws {
        let body = try tex(#"-\frac{\delta_{\ell i}}{p_\ell}"#)
        let array = Expr.array([.named("i")], body)
        let out = try #require(IndexRules.arrayFactor.apply(array, RuleContext(Context())))
        #expect(Printer(.latex).print(out).contains("p_{\\ell}"))
        let report = try equivalent(array, out, free: ["i", "\\ell"], points: 12)
        #expect(report.checks[0].verdict == .valid)
    }

    /// A result known where two indices differ is used only where they are known to differ.
    @Test func knownApartOnlyWhereTheIndicesDiffer() throws {
        let k = Index.named("k"), j = Index.named("j")
        let entry = Expr.partial(.variable(Symbol("s"), [k]), wrt: .variable(Symbol("z"), [j]))
        var ctx = RuleContext(Context())
        ctx.setKnown([KnownDerivative(derivative: entry, result: .symbol("r"), condition: IndexCondition(k, j, isEqual: false))])
        // Bare, the derivative might be at k = j: not replaced.
        #expect(Strategy.once(DifferentiationRules.knownApart, entry, ctx) == nil)
        #expect(Strategy.once(DifferentiationRules.known, entry, ctx) == nil)
        // Inside a sum that leaves j out, it is.
        let excluded = Expr.indexSum(k, IndexRange(), .mul([.sub(.one, .kronecker(k, j)), entry]))
        let out = try #require(Strategy.once(DifferentiationRules.knownApart, excluded, ctx))
        #expect(!out.contains { if case .derivative = $0 { return true }; return false })
    }
}
