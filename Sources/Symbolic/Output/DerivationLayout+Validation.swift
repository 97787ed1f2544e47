import Foundation
import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicFunctions
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

// MARK: - The validation in words: the summary line, a failure and its counterexample

extension DerivationLayout {
    /// `check: forward-mode dual numbers, 59 points (K=2..9), seed 2026, 17 steps: max relative error 8.6e-16, passed`.
    public func summary(_ r: ValidationReport) -> String {
        var s = "check: \(r.method), \(r.points) points (\(r.sizeSummary)), seed \(r.seed), \(r.checks.count) steps, \(r.comparisons) comparisons"
        s += ": max relative error \(DerivationLayout.scientific(r.maxRelativeError)), tolerance \(DerivationLayout.scientific(r.tolerance.relative)) relative"
        if r.withinRounding > 0 { s += ", \(r.withinRounding) within rounding error only (terms that cancel)" }
        if r.redrawn > 0 { s += ", \(r.redrawn) non-finite samples redrawn" }
        if !r.drawnFunctions.isEmpty { s += ", " + DerivationLayout.drawn(r.drawnFunctions) }
        let wrong = r.checks.contains { if case .invalid = $0.verdict { return true }; return false }
        s += r.passed ? ", passed" : (wrong ? ", FAILED" : ", not checked")
        return s
    }

    /// A double in short scientific form, the same on every platform: `8.6e-16`.
    public static func scientific(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
        if x == 0 { return "0" }
        return String(format: "%.2g", x)
    }

    /// The failure of a report in words, with its counterexample.
    public func failure(_ d: Derivation, _ r: ValidationReport) -> String? {
        guard let (n, check) = r.firstFailure else { return nil }
        let all = d.allSteps
        guard n < all.count else { return nil }
        let line = "step \(n) [\(all[n].rule)]: \(text.print(all[n].expr))"
        switch check.verdict {
        case .valid: return nil
        case .unverified(let why): return "could not check \(line)\n  reason: \(why)"
        case .invalid(let c):
            return "wrong: \(line)\n" + DerivationLayout.describe(c)
        }
    }

    /// `f and g drawn at random at each point (c0 + c1 u + c2 u^2/2 + c3 exp(c4 u))`.
    static func drawn(_ names: [String]) -> String {
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        return "\(list) drawn at random at each point (c0 + c1 u + c2 u^2/2 + c3 exp(c4 u))"
    }

    public static func describe(_ c: Counterexample) -> String {
        var out = "  counterexample: " + (c.sizes.isEmpty ? "scalars" : "sizes " + c.sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        if !c.indices.isEmpty { out += "; indices " + c.indices.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
        if !c.oneHotClass.isEmpty { out += "; true class " + c.oneHotClass.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
        out += "\n  expected \(c.expected), got \(c.actual)\n  inputs:"
        for (k, v) in c.inputs.sorted(by: { $0.key < $1.key }) {
            out += "\n    \(k) = [" + v.prefix(12).map { String(format: "%.6g", $0) }.joined(separator: ", ") + (v.count > 12 ? ", ..." : "") + "]"
        }
        for f in c.functions { out += "\n    \(f)(u) = \(f)0 + \(f)1 u + \(f)2 u^2/2 + \(f)3 exp(\(f)4 u)" }
        return out
    }
}
