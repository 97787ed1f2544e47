import SymbolicCore

// MARK: - The chain rule written without indices ("temporarily ignoring the subscripts")

extension Checker {
    /// `\frac{\partial J}{\partial \hat{y}} \frac{\partial \hat{y}}{\partial v} \frac{\partial v}{\partial x}`, of vectors written
    /// bare: a product of Jacobians, each factor's variable the next one's function, read as the sums it stands for,
    /// `\sum_a \sum_b \frac{\partial J}{\partial \hat{y}_a} \frac{\partial \hat{y}_a}{\partial v_b} \frac{\partial v_b}{\partial x_k}`
    /// at the entry `k` of the line (the first of `lift`). Only where the factors make one chain from a scalar, every
    /// link a vector (`isVector`), and the last variable a vector or a scalar; anything else gives `nil`.
    static func jacobianChain(_ e: Expr, lift: [Index], isVector: (Symbol) -> Bool, avoiding taken: Set<String>) -> Expr? {
        var links: [(function: Symbol, variable: Symbol)] = []
        var others: [Expr] = []
        for f in e.factors {
            if case .derivative(.variable(let a, []), .variable(let b, [])) = f { links.append((a, b)) } else { others.append(f) }
        }
        guard links.count >= 2, !others.contains(where: { $0.contains { if case .derivative = $0 { return true }; return false } }) else { return nil }
        // The first factor's function is no factor's variable; each next factor differentiates the last one's variable.
        let variables = Set(links.map(\.variable))
        guard let first = links.first(where: { !variables.contains($0.function) }), !isVector(first.function) else { return nil }
        var chain = [first]
        var rest = links.filter { $0 != first }
        while let last = chain.last, let n = rest.firstIndex(where: { $0.function == last.variable }) {
            chain.append(rest.remove(at: n))
        }
        guard rest.isEmpty, chain.dropLast().allSatisfy({ isVector($0.variable) }) else { return nil }
        var used = taken
        var names: [Index] = []
        for _ in chain.dropLast() {
            let name = Expr.freshIndexName(like: "a", avoiding: used)
            used.insert(name)
            names.append(.named(name))
        }
        let end = chain[chain.count - 1].variable
        let k = lift.first ?? .named(Expr.freshIndexName(like: "k", avoiding: used))
        var factors: [Expr] = []
        for (m, link) in chain.enumerated() {
            let top: Expr = m == 0 ? .variable(link.function, []) : .variable(link.function.component, [names[m - 1]])
            let bottom: Expr = m < names.count ? .variable(link.variable.component, [names[m]])
                : (isVector(end) ? .variable(end.component, [k]) : .variable(end, []))
            factors.append(.partial(top, wrt: bottom))
        }
        let summed = names.reversed().reduce(Expr.mul(factors)) { body, i in .indexSum(i, IndexRange(), body) }
        return .mul(others + [summed])
    }
}
