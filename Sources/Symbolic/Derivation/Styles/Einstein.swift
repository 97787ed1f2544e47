import SymbolicCore
import SymbolicProblems
import SymbolicRender
import SymbolicRules

extension Style {
    /// After the Einstein-notation homework: implicit summation, the quotient rule as `\partial f / g - f / g^2 \partial g`,
    /// deltas kept while they connect factors, the definition recognised inside the bracket, the common factor
    /// cancelled, then the deltas contracted one index at a time.
    public static let einstein = Style(
        name: "einstein",
        summary: "implicit summation, the quotient rule split in two, deltas contracted one index at a time (after the Einstein-notation homework)",
        shapes: [.layer],
        requirement: { p in
            // An index repeated in a product is read as summed unless it is free on the left: a free index of the
            // loss that its name hides (the true class \ell of L) would stand twice in a product and read as a sum.
            if let i = p.loss.freeIndices.first(where: { !p.lossName.freeIndices.contains($0) }) {
                throw DerivationError("the einstein style reads every repeated index as summed, and the loss's free index \(i) does not show in its name; name the loss with it, or use another style")
            }
        },
        plan: .chain([
            Phase.differentiation(Style.splitQuotientDifferentiation),
            Phase("simplify", [AlgebraRules.fold, AlgebraRules.cancel, IndexRules.deltaContract, AlgebraRules.expand, IndexRules.split,
                               IndexRules.factorOut, IndexRules.sumToOne, AlgebraRules.distributeSign]),
        ]),
        notation: {
            var n = Notation.latex
            n.einstein = true
            n.reciprocals = true
            return n
        }())
}
