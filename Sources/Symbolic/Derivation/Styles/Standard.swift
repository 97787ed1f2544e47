import SymbolicCore
import SymbolicRender
import SymbolicRules

extension Style {
    /// Differentiate one rule at a time, then simplify: contract deltas, multiply out,
    /// fold definitions back, pull factors out of sums, use what the assumptions give.
    public static let standard = Style(
        name: "standard",
        summary: "differentiate rule by rule, then contract deltas and fold definitions back",
        shapes: [.layer],
        plan: .chain([
            Phase.differentiation(DifferentiationRules.all),
            Phase("simplify", Style.standardSimplification),
        ]))
}
