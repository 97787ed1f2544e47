import SymbolicCore
import SymbolicRender

// MARK: - Why a delta is contracted, or kept

extension Explainer {
    /// At a contraction, why it was allowed; for a delta that appears or whose place changes, whether it can be
    /// contracted and why (its index summed and the delta a factor of the term) or not (no index of it summed, or
    /// the sum also covering terms without it).
    func deltaSentences(rule: String, before: Expr, after: Expr) -> [String] {
        let old = Explainer.deltaSites(before)
        let new = Explainer.deltaSites(after)
        var out: [String] = []
        if rule.hasPrefix("delta-contract") {
            for s in old where s.confined && !new.contains(where: { $0.pair == s.pair }) && ![s.a, s.b].contains(where: { $0.name?.hasPrefix("#") == true }) {
                guard let i = s.summed else { continue }
                let other = s.a == i ? s.b : s.a
                out.append(math(.delta(s.a, s.b)) + " is contracted: " + index(i) + " is a dummy index" + (einstein ? " (repeated, so summed)" : ", summed over,")
                           + " confined to this term, and the delta is 0 unless " + equal(i, other) + ". So of the sum over " + index(i)
                           + " only the term " + equal(i, other) + " is left: " + index(i) + " becomes " + index(other) + ".")
            }
        }
        for s in new where ![s.a, s.b].contains(where: { $0.name?.hasPrefix("#") == true }) {
            if let was = old.first(where: { $0.pair == s.pair }), was.summed == s.summed, was.confined == s.confined { continue }
            out.append(status(s))
        }
        return out
    }

    func status(_ s: DeltaSite) -> String {
        let d = math(.delta(s.a, s.b))
        guard let i = s.summed else {
            return d + " is kept: neither " + index(s.a) + " nor " + index(s.b) + " is summed here, so there is no sum to contract it in; "
                + "it stays, 1 where " + equal(s.a, s.b) + " and 0 elsewhere."
        }
        if s.confined {
            return d + " can be contracted: " + index(i) + " is summed, and the delta is a factor of the term, confined to it."
        }
        return d + " is kept for now: the sum over " + index(i) + " also covers terms without the delta, so it is contracted only once it stands in a term of its own."
    }
}
