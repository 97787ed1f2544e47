// MARK: - Sections that styles share: a defined symbol's derivative first, arrays written out

extension DerivationBuilder {
    /// The defined symbol through which the loss depends on the variable (the softmax `\hat{y}`), when
    /// there is exactly one such first step.
    public func intermediate() -> Definition? {
        guard let x = rules.wrtSymbol(problem.wrt) else { return nil }
        if case .variable(let s, _) = problem.loss, s != x, let d = problem.context.definition(of: s) { return d }
        let reached = problem.loss.symbols.sorted().compactMap { problem.context.definition(of: $0) }
            .filter { $0.symbol != x && rules.depends(.variable($0.symbol, $0.indices), on: x) }
        return reached.count == 1 ? reached[0] : nil
    }

    /// `∂\hat{y}_i/∂x_j` for a definition and the variable: the definition's indices, renamed apart
    /// from the variable's; the loss's own indices when the loss is the defined symbol.
    public func entry(of d: Definition) -> Expr {
        if case .variable(let s, let idx) = problem.loss, s == d.symbol { return .partial(.variable(s, idx), wrt: problem.wrt) }
        var taken = problem.wrt.allIndexNames
        var lhsIndices: [Index] = []
        for i in d.indices {
            guard let n = i.name, taken.contains(n) else {
                lhsIndices.append(i)
                if let n = i.name { taken.insert(n) }
                continue
            }
            let fresh = Expr.freshIndexName(like: ["i", "j", "a", "b"].first { !taken.contains($0) } ?? n, avoiding: taken)
            taken.insert(fresh)
            lhsIndices.append(.named(fresh))
        }
        return .partial(.variable(d.symbol, lhsIndices), wrt: problem.wrt)
    }

    /// The free index names of an expression, in order.
    static func names(_ e: Expr) -> [String] { e.freeIndices.compactMap(\.name) }

    /// A section that writes an array out entry by entry: `\frac{\partial \hat{\mathbf{y}}}{\partial \mathbf{x}}`
    /// as the matrix of its partials, then (by the rules given, such as `use-known`) of their values; with
    /// `named`, a last line shows the vector by its name where it has one (`\mathbf{e}_\ell`, `\hat{\mathbf{y}} - \mathbf{y}`).
    /// `definitions` hold for the section's lines only (the loss's name, for `\partial L / \partial \hat{y}_1`).
    public mutating func display(_ entry: Expr, lhs: Expr, rules phases: [Phase], context: RuleContext? = nil,
                                 definitions: [Definition] = [], named: Bool = false) throws {
        let entryIndices = DerivationBuilder.names(entry)
        let array = Expr.array(entryIndices.map { .named($0) }, entry)
        var steps = try run(array, phases, rules: context)
        // The entry's indices come first (an array's indices are positional); then what else is free (\ell).
        var free = entryIndices
        for n in steps.flatMap({ DerivationBuilder.names($0.expr) }) + problem.free where !free.contains(n) { free.append(n) }
        for k in steps.indices { steps[k].presentation = Presentation(arrays: .entries) }
        if named, let last = steps.last?.expr, Printer.hasVectorForm(last) {
            steps.append(Step(last, rule: "vector-form", description: "as a vector", presentation: Presentation(arrays: .compact)))
        }
        sections.append(Section(kind: .display, lhs: lhs, steps: steps, reference: array, free: free, definitions: definitions))
    }

    /// The loss's name defined as the loss, so that `\partial L / \partial \hat{y}_1` has a value.
    var lossNameDefinition: [Definition] {
        // A free index of the loss (\ell) is the same index wherever the name stands.
        guard case .variable(let s, let idx) = problem.lossName, idx.isEmpty, !problem.loss.symbols.contains(s) else { return [] }
        return [Definition(symbol: s, indices: [], body: problem.loss)]
    }
}
