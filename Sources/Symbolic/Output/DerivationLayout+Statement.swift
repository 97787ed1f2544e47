import SymbolicCore
import SymbolicDerivation
import SymbolicProblems
import SymbolicRender

// MARK: - The problem stated before its derivation: the loss, its definitions, its assumptions

extension DerivationLayout {
    /// The problem in one sentence before the derivation, built from the problem itself:
    /// "Here $\mathrm{CE} = -\sum_i y_i \log \hat{y}_i$ and $\hat{y}_i = \dots$; $\mathbf{y}$ is one-hot."
    /// A reader needs it to follow the first lines, which put the definitions in, and to know why a step like
    /// `\sum_i y_i = 1` holds; `derive check` reads it back the same way. `nil` when there is nothing to state.
    func statement(_ d: Derivation) -> String? {
        func math(_ e: Expr) -> String { latexText ? "$" + printer.print(e) + "$" : text.print(e) }
        func equation(_ l: Expr, _ r: Expr) -> String {
            latexText ? "$" + printer.print(l) + " = " + printer.print(r) + "$" : text.print(l) + " = " + text.print(r)
        }
        let p = d.problem
        var equations: [String] = []
        if p.loss != p.lossName, !p.loss.isNumber { equations.append(equation(p.lossName, p.loss)) }
        for def in p.context.definitions {
            let name = Expr.variable(def.symbol, def.indices)
            guard def.body != name else { continue }
            equations.append(equation(name, def.body))
        }
        let everything = [p.loss] + p.context.definitions.map(\.body)
        let facts = p.context.assumptions.compactMap { a -> String? in
            // Labels of several samples, y_{nk}: each sample's row is the one-hot vector.
            var rows: Index?
            for e in everything {
                _ = e.contains { node in
                    if case .variable(let s, let idx) = node, s.component == a.symbol.component, idx.count >= 2 { rows = idx[0] }
                    return rows != nil
                }
            }
            let v = math(.variable(a.symbol.vector, rows.map { [$0] } ?? []))
            let each = rows == nil ? "" : "each "
            switch a {
            case .oneHot: return each + v + " is one-hot"
            case .probability: return each + v + " is non-negative and sums to one"
            case .positive: return each + v + " is positive"
            }
        }
        guard !equations.isEmpty || !facts.isEmpty else { return nil }
        var out = equations.isEmpty ? "" : "Here " + DerivationLayout.list(equations)
        if !facts.isEmpty { out += (out.isEmpty ? "" : "; ") + DerivationLayout.list(facts) }
        return out.prefix(1).uppercased() + out.dropFirst() + "."
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
    }
}
