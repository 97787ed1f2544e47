import Foundation
import Testing
@testable import Symbolic

/// The rounding-error bound the judge carries (`Rounded`): it must hold (the error of a value never exceeds it)
/// and it must matter (a cancelling reference is not a wrong step, while a wrong value still is).
@Suite("Numeric: rounding-error bounds") struct RoundingTests {
    /// A random program of + - * / and sqrt, run in `Rounded` and in 80-bit extended precision, which is
    /// 2^11 times finer: the double's error against the extended value stays within its first-order bound.
    @Test("the bound covers the error", arguments: [UInt64(1), 2, 3])
    func boundHolds(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var worst = 0.0, cancelling = 0
        for _ in 0..<2_000 {
            var r: [Rounded] = []
            var t: [Float80] = []
            for _ in 0..<4 {
                let x = rng.uniform(-3, 3)
                r.append(Rounded(x))
                t.append(Float80(x))
            }
            for _ in 0..<12 {
                let i = Int(rng.next() % UInt64(r.count)), j = Int(rng.next() % UInt64(r.count))
                switch rng.next() % 5 {
                case 0: r.append(r[i] + r[j]); t.append(t[i] + t[j])
                case 1: r.append(r[i] - r[j]); t.append(t[i] - t[j])
                case 2: r.append(r[i] * r[j]); t.append(t[i] * t[j])
                case 3 where abs(r[j].v) > 1e-3: r.append(r[i] / r[j]); t.append(t[i] / t[j])
                case 4 where r[i].v > 0: r.append(r[i].sqrt()); t.append(t[i].squareRoot())
                default: r.append(-r[i]); t.append(-t[i])
                }
            }
            for (a, b) in zip(r, t) where a.v.isFinite && a.m.isFinite && a.m > 0 {
                let error = abs(Double(Float80(a.v) - b))
                worst = max(worst, error / (Rounded.unitRoundoff * a.m))
                if a.m > 1e6 * abs(a.v) { cancelling += 1 }
            }
        }
        // First order: the error is at most a few times u * m; the judge allows 8 times.
        #expect(worst <= Validator.roundingAllowance, "worst error \(worst) u*m")
        #expect(worst > 0.01, "the bound should be tight enough to matter: worst \(worst) u*m")
        // Measured: at most 1.75 u*m over the three seeds, with about 1,150 values that cancel six digits or more.
        #expect(cancelling > 100, "the programs should cancel often: \(cancelling)")
    }

    @Test func cancellationKeepsTheScaleOfItsTerms() {
        let big = Rounded(1e6), x = Rounded(0.1)
        let r = (big + x) - big
        #expect(abs(r.v - 0.1) > 1e-12)
        #expect(r.m >= 2e6)
        // No cancellation: the scale is the value's own.
        let p = Rounded(3) * Rounded(4)
        #expect(p.v == 12 && p.m == 24)
    }

    /// FuzzGrad's first finding: `d / (d A)` for a long product `A` is `1/A`; the engine's derivative 0 is right,
    /// and the reference, the quotient rule's two large terms cancelling in dual numbers, comes to -5.8e-11 at a
    /// point: above the tolerance's absolute floor, within the reference's rounding error. Not a wrong step; a
    /// wrong value beside it still is.
    @Test func cancellationNoiseIsNotAWrongStep() throws {
        let loss = #"\frac{d}{ac{d}{Xparaansaf1fe}aU-e^easiisii{d}{k}OptionalblheCraaletcQrw}"#
        let p = try Problem.parse(loss: loss, wrt: "d")
        let d = try Derivation.derive(p, budget: Budget(steps: 60, nodes: 20_000))
        #expect(d.result == .zero)
        let v = Validator(context: p.context, seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 50_000)
        let wrong = Expr.add([d.result, try Parser.parse(#"\frac{1}{1000000}"#)])
        let r = try v.validate(reference: d.steps[0].expr, against: d.steps.map(\.expr) + [wrong], free: p.free)
        for c in r.checks.dropLast() { if case .invalid = c.verdict { Issue.record("a right step called wrong: \(c.verdict)") } }
        #expect(r.withinRounding > 0, "the point that cancels is among those drawn")
        guard case .invalid = r.checks.last?.verdict else { Issue.record("0 + 10^-6 passed: \(String(describing: r.checks.last?.verdict))"); return }
    }

    /// A value no comparison can decide (huge terms that cancel at every point) is unverified, not passed.
    @Test func undecidableCancellationIsUnverified() throws {
        let e = try Parser.parse(#"e^{x^2 + 60} - e^{60} e^{x^2} + 1"#)
        let v = Validator(context: Context(), seed: 1, minimumPoints: 5, sizeConfigurations: 1)
        let r = try v.validate(reference: e, against: [.one], free: [])
        guard case .unverified(let why) = r.checks[0].verdict else { Issue.record("\(r.checks[0].verdict)"); return }
        #expect(why.contains("rounding"))
    }
}
