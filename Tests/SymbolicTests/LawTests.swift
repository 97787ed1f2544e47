import Testing
@testable import Symbolic

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
        var fired = Set<String>()
        var rewrites = 0
        for seed in LawTests.seeds {
            var g = ExprGenerator(seed: seed)
            let body = g.expr(depth: 3, free: seed % 3 == 0 ? [] : ["k"])
            var current = Expr.partial(body, wrt: theta)
            // Walk one derivation, checking each rewrite against the expression before it.
            for _ in 0..<40 {
                guard let (next, rule) = DerivationBuilder.firstRewrite(Style.standard.phases.flatMap(\.rules), current, rc) else { break }
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
