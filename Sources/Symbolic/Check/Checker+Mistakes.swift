import SymbolicCore
import SymbolicNumeric
import SymbolicRender

// MARK: - What kind of mistake a wrong step is

extension Checker {
    /// The kind of mistake of a wrong step, found by trying the mistakes people make and judging each repair as the
    /// step itself was judged: a repair that makes the line right names the mistake. In the order tried: the sign
    /// of the whole line, a constant factor, the sign of one term, a term of the line before dropped, a term brought
    /// in, a sum set to 1 that is not over all the entries of a vector that sums to one, and a delta contracted over
    /// a sum that also covers terms without it. `nil` where none of them is it (the counterexample stands alone).
    func mistake(_ before: Expr, _ after: Expr, beforeLine: Int, counterexample: Counterexample?, context: Context,
                 judge: (Expr, Expr) -> StepVerdict) -> String? {
        func right(_ truth: Expr, _ line: Expr) -> Bool { judge(truth, line).verdict == .valid }
        let print = Printer(.latex)
        func m(_ e: Expr) -> String { "$" + print.print(e) + "$" }
        let minusOne = Expr.number(Rational(integer: -1))
        if right(before, .mul([minusOne, after])) { return "a sign: the line is the negative of line \(beforeLine)" }
        if let c = counterexample, c.expected != 0, let r = Checker.simpleRatio(c.actual / c.expected), r != Rational(integer: 1),
           let inverse = Rational(integer: 1).divided(by: r), right(before, .mul([.number(inverse), after])) {
            return "a factor: the line is \(r) times line \(beforeLine)"
        }
        let afterTerms = Checker.terms(after)
        let beforeTerms = Checker.terms(before)
        for t in afterTerms where right(before, .plus([after, .mul([Expr.number(Rational(integer: -2)), t])])) {
            return "a sign: the term " + m(t) + " should have the opposite sign"
        }
        for t in beforeTerms where beforeTerms.count > 1 && right(.plus([before, .mul([minusOne, t])]), after) {
            return "a dropped term: " + m(t) + " of line \(beforeLine) is missing"
        }
        for t in afterTerms where afterTerms.count > 1 && right(before, .plus([after, .mul([minusOne, t])])) {
            return "a term too many: " + m(t) + " is not in line \(beforeLine)"
        }
        // A sum taken as 1 (\sum_{k \neq j} y_k = 1 for a one-hot y): the line is the line before with it set to 1.
        for s in before.entrySums where right(Checker.put(s, .one, in: before), after) {
            guard case .sum(_, _, let body) = s, let symbol = body.symbols.first else { continue }
            let sumsToOne = context.assumptions.contains { $0.symbol.component == symbol.component && $0.sumsToOne }
            return "a sum taken as 1: " + m(s) + (sumsToOne ? " is not over all the entries, and only the sum over all of them is 1"
                                                   : " is 1 only if " + m(.variable(symbol.vector, [])) + " sums to one, which nothing says")
        }
        // \sum_i y_i (\delta_{ik} - \hat{y}_k) read as y_k - \hat{y}_k: the delta contracted over the whole sum.
        for (sum, delta) in Checker.sumsWithDeltas(before) {
            guard case .sum(let i, _, let body) = sum, case .delta(let a, let b) = delta else { continue }
            let other = a == i ? b : a
            let contracted = Checker.put(delta, .one, in: body).substituting([i.name ?? "": other])
            if right(Checker.put(sum, contracted, in: before), after) {
                return "a delta contracted too early: " + m(delta) + " was contracted over the whole sum over $" + print.indexText(i)
                    + "$, but that sum also covers terms without it, which keep their sum"
            }
        }
        return nil
    }

    /// `e` with every occurrence of `part` put as `with`.
    static func put(_ part: Expr, _ with: Expr, in e: Expr) -> Expr { e.postwalk { $0 == part ? with : $0 } }

    /// The terms of `e` with brackets multiplied out, up to 8 (none where there are more: too many to try).
    static func terms(_ e: Expr) -> [Expr] {
        var out: [Expr] = []
        var work = [e]
        var budget = 200
        while let x = work.popLast(), budget > 0 {
            budget -= 1
            switch x {
            case .add(let ts): work += ts.reversed()
            // The derivative of a sum is the sum of the derivatives: a term dropped inside it is a term dropped.
            case .derivative(.add(let ts), let x): work += ts.reversed().map { .partial($0, wrt: x) }
            case .multiply(let fs):
                if let k = fs.firstIndex(where: { if case .add = $0 { return true }; return false }), case .add(let ts) = fs[k] {
                    for t in ts.reversed() { var g = fs; g[k] = t; work.append(.mul(g)) }
                } else { out.append(x) }
            default: out.append(x)
            }
            if out.count > 8 { return [] }
        }
        return out
    }

    /// Sums whose body is a product with a delta on the sum's index beside a sum of terms without it.
    static func sumsWithDeltas(_ e: Expr) -> [(Expr, Expr)] {
        var out: [(Expr, Expr)] = []
        _ = e.contains { node in
            guard case .sum(let i, _, let body) = node, out.count < 8 else { return false }
            _ = body.contains { inner in
                if case .delta(let a, let b) = inner, a == i || b == i, !out.contains(where: { $0.0 == node && $0.1 == inner }) { out.append((node, inner)) }
                return false
            }
            return false
        }
        return out
    }

    /// `r` as a small fraction (2, 1/2, -3, 3/2, ...) where it is one to within 1e-9, else nil.
    static func simpleRatio(_ r: Double) -> Rational? {
        guard r.isFinite, abs(r) > 1e-6, abs(r) < 1e6 else { return nil }
        for d in 1...4 {
            let n = (r * Double(d)).rounded()
            guard abs(n) <= 12, abs(r * Double(d) - n) < 1e-9 * max(1, abs(r * Double(d))) else { continue }
            return Rational(Int(n), d)
        }
        return nil
    }
}
