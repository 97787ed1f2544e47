import Foundation
import Testing
import Symbolic

@Suite("Numeric: dual numbers, tolerances, validation")
struct NumericTests {
    @Test func dualNumbersGiveExactDerivatives() throws {
        let x = Dual(0.7, 1)
        #expect(abs((x * x).d - 1.4) < 1e-15)
        #expect(abs(x.exp().d - exp(0.7)) < 1e-15)
        #expect(abs(x.log().d - 1 / 0.7) < 1e-15)
        let s = 1 / (1 + exp(-0.7))
        let sigmoid = try #require(FunctionTable.entry(for: .sigmoid)).dual
        #expect(abs(sigmoid(x).d - s * (1 - s)) < 1e-15)
        #expect(abs((Dual(1) / x).d + 1 / (0.7 * 0.7)) < 1e-14)
        // The sigmoid does not overflow for large arguments.
        #expect(sigmoid(Dual(800, 1)).isFinite && sigmoid(Dual(-800, 1)).isFinite)
    }

    @Test func toleranceNeverPassesNaNOrInfinity() {
        let t = Tolerance.default
        #expect(t.accepts(1, 1 + 1e-12))
        #expect(!t.accepts(1, 1 + 1e-6))
        #expect(t.accepts(0, 1e-13))
        #expect(!t.accepts(.nan, .nan))
        #expect(!t.accepts(.infinity, .infinity))
        #expect(!t.accepts(1, .nan))
    }

    @Test func seededSamplingIsReproducible() {
        var a = SeededRandom(seed: 5), b = SeededRandom(seed: 5), c = SeededRandom(seed: 6)
        let xs = (0..<5).map { _ in a.normal() }
        #expect(xs == (0..<5).map { _ in b.normal() })
        #expect(xs != (0..<5).map { _ in c.normal() })
    }

    /// The validator finds a wrong step and gives a counterexample whose numbers disagree.
    @Test func wrongStepsAreCaught() throws {
        let p = try Catalog.entry(named: "softmax-ce")!.problem()
        let reference = Expr.partial(p.loss, wrt: p.wrt)
        let right = try tex(#"\hat{y}_k - y_k"#)
        let mutants = [#"y_k - \hat{y}_k"#, #"\hat{y}_k"#, #"\hat{y}_k - y_k + 1"#, #"2 \hat{y}_k - y_k"#, #"\hat{y}_k^{2} - y_k"#]
        let v = Validator(context: p.context, seed: 3)
        let report = try v.validate(reference: reference, against: [right] + (try mutants.map { try tex($0) }), free: ["k"])
        #expect(report.checks[0].verdict == .valid)
        #expect(report.points >= 50)
        for (n, check) in report.checks.enumerated().dropFirst() {
            guard case .invalid(let c) = check.verdict else { Issue.record("mutant \(mutants[n - 1]) was not caught"); continue }
            #expect(!Tolerance.default.accepts(c.expected, c.actual))
            #expect(c.sizes["K"].map { (2...9).contains($0) } == true)
            #expect(c.indices["k"] != nil)
        }
    }

    /// Without the one-hot assumption, ŷ_k - y_k is not the gradient: the assumption matters.
    @Test func assumptionsAreHonoured() throws {
        let p = try Catalog.entry(named: "softmax-ce")!.problem()
        var free = p.context
        free.assumptions = []
        let v = Validator(context: free, seed: 3)
        let report = try v.validate(reference: .partial(p.loss, wrt: p.wrt), against: [try tex(#"\hat{y}_k - y_k"#)], free: ["k"])
        guard case .invalid = report.checks[0].verdict else { Issue.record("passed without the assumption"); return }
    }

    /// Every one-hot class position is sampled at every size.
    @Test func everyClassPositionIsSampled() throws {
        let p = try Catalog.entry(named: "softmax-ce")!.problem()
        let d = try Derivation.derive(p)
        let r = try d.validate(p)
        #expect(r.passed)
        #expect(r.sizeRanges["K"] == 2...9)
        // 8 sizes; at least 7 points each and K points where K > 7.
        #expect(r.points == 7 * 6 + 8 + 9)
    }

    @Test func evaluationErrorsAreReported() throws {
        // A function the input defines in a form not read is neither drawn nor guessed: unverified, with the reason.
        var context = Context()
        context.definedFunctions = ["f"]
        let v = Validator(context: context, seed: 1, minimumPoints: 4, sizeConfigurations: 1)
        let x = Expr.symbol("x")
        let r = try v.validate(reference: .partial(.pow(x, 2), wrt: x), against: [.apply(.named("f"), [x])], free: [])
        guard case .unverified(let why) = r.checks[0].verdict else { Issue.record("expected unverified"); return }
        #expect(why.contains("not read yet"))
        #expect(!r.passed)
        #expect(r.status == .unchecked)
    }

    @Test func aFunctionOfTheUsersIsDrawnAtRandom() throws {
        let v = Validator(context: Context(), seed: 1, minimumPoints: 4, sizeConfigurations: 1)
        let x = Expr.symbol("x")
        let f = Expr.apply(.named("f"), [x]), fp = Expr.apply(.prime(.named("f")), [x]), fpp = Expr.apply(.prime(.prime(.named("f"))), [x])
        // d/dx f(x)^2 = 2 f f', and not 2 f, nor 2 f' f'' (a derivative one order too high).
        let r = try v.validate(reference: .partial(.pow(f, 2), wrt: x), against: [.mul([2, f, fp]), .mul([2, f]), .mul([2, fp, fpp])], free: [])
        #expect(r.checks[0].verdict == .valid)
        for c in r.checks.dropFirst() { guard case .invalid = c.verdict else { Issue.record("a wrong step passed: \(c.verdict)"); continue } }
        #expect(r.drawnFunctions == ["f"])
        // The third derivative and beyond are alive too: f''' is not 0.
        let third = try v.validate(reference: .partial(fpp, wrt: x), against: [.zero, .apply(.prime(.prime(.prime(.named("f")))), [x])], free: [])
        guard case .invalid = third.checks[0].verdict else { Issue.record("f''' = 0 passed"); return }
        #expect(third.checks[1].verdict == .valid)
    }
}

@Suite("Numeric: budgets and limits")
struct NumericLimitTests {
    @Test func relativeErrorHasAFloor() {
        let t = Tolerance.default
        #expect(t.relativeError(1e-14, 1.0001e-14) < 1e-9)
        #expect(abs(t.relativeError(1, 1.001) - 0.001 / 1.001) < 1e-12)
    }

    /// A problem too large to check is reported unverified, quickly, not run for ever.
    @Test func evaluationBudgetBoundsTheWork() throws {
        let loss = try tex(#"\sum_a \sum_b \sum_c \sum_d \sum_e x_a x_b x_c x_d x_e"#)
        let x = Expr.symbol("x", "k")
        let v = Validator(context: Context(), seed: 1, evaluationBudget: 200_000)
        let r = try v.validate(reference: .partial(loss, wrt: x), against: [try tex(#"5 \left(\sum_h x_h\right)^4"#)], free: ["k"])
        guard case .unverified(let why) = r.checks[0].verdict else { Issue.record("expected unverified, got \(r.checks[0].verdict)"); return }
        #expect(why.contains("budget"))
    }

    @Test func symbolsWithTooManyEntriesAreRefused() throws {
        let idx = (0..<12).map { Index.named("i\($0)") }
        let w = Expr.variable(Symbol("W"), idx)
        let v = Validator(context: Context(), seed: 1)
        let r = try v.validate(reference: .partial(w, wrt: w), against: [.one], free: idx.compactMap(\.name))
        guard case .unverified(let why) = r.checks[0].verdict else { Issue.record("expected unverified"); return }
        #expect(why.contains("too many entries"))
    }
}

/// Same input and seed, same bytes, whether the work runs alone or on several threads at once: nothing the
/// engine or the judge computes depends on shared mutable state or on timing.
@Suite("determinism across threads")
struct ThreadDeterminismTests {
    static func solve() throws -> String {
        let problem = try #require(try Catalog.entry(named: "softmax-ce")?.problem())
        let d = try Derivation.derive(problem)
        return DerivationLayout().json(d, problem: problem.name, report: try d.validate(problem, minimumPoints: 8))
    }

    static func check() -> String {
        // A wrong step through functions drawn at random: the counterexample's coefficients come from the seed.
        CheckLayout.json(Checker(points: 6, sizeConfigurations: 2).check("$$\\frac{\\partial}{\\partial x} f(g(x)) = f'(x) g'(x)$$"))
    }

    @Test func severalThreadsGiveTheBytesOfOne() throws {
        let alone = [try Self.solve(), Self.check()]
        // One slot a thread, each written by its own thread only.
        final class Slots: @unchecked Sendable { var outputs = [[String]](repeating: [], count: 4) }
        let slots = Slots()
        DispatchQueue.concurrentPerform(iterations: 4) { k in slots.outputs[k] = [(try? Self.solve()) ?? "threw", Self.check()] }
        for out in slots.outputs { #expect(out == alone) }
        #expect(alone[1].contains(#""status" : "failed""#))
    }
}
