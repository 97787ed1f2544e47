import SymbolicCore
import SymbolicProblems
import SymbolicRender
import SymbolicRules

extension Style {
    /// After the lecture slides on backpropagation: the gradient by the outputs first (`-\frac{\mathbb{1}_{\ell=i}}{\hat{y}_\ell}`, by cases of the index,
    /// then compactly), as a vector named `\mathbf{e}_\ell`; then the gradient by the logits through the chain
    /// rule, the quotient rule as `\partial g \frac{1}{h} - \frac{g}{h^2} \partial h`, the common factor cancelled
    /// and the sign kept outside: `-(\mathbb{1}_{\ell=i} - \hat{y}_i)`, the vector `-(\mathbf{e}_\ell - \hat{\mathbf{y}})`.
    public static let indicator: Style = {
        // By cases of the index only at the top: a sum over the outputs is differentiated term by term.
        let byCases = Phase("cases", [DifferentiationRules.indexCases])
        let byOutputs = Phase.differentiation(Style.splitQuotientDifferentiation)
        let compact = Phase("simplify", [IndexRules.joinCases, IndexRules.deltaContract])
        let chain = Phase("chain", [DifferentiationRules.chainThrough])
        let useKnown = Phase("known", [DifferentiationRules.known])
        let factorOut = Phase("factor", [IndexRules.arrayFactor])
        let differentiate = Phase.differentiation(Style.splitQuotientDifferentiation)
        let simplify = Phase("simplify", [IndexRules.deltaContract, AlgebraRules.fold, AlgebraRules.cancel, IndexRules.expandForDelta,
                                          IndexRules.split, IndexRules.factorOut, IndexRules.sumToOne])
        return Style(
            name: "indicator",
            summary: "the gradient by the outputs first, as a vector; then by the logits, indicators for deltas, the sign kept outside (after the lecture slides)",
            shapes: [.layer],
            requirement: { p in _ = try Style.indicatorOutputs(p) },
            plan: Plan { b in
                let p = b.problem
                let (x, xi, intermediate) = try Style.indicatorOutputs(p)
                // The outputs: the variable itself (the gradient by yhat), or the defined symbol between.
                let outputs = intermediate?.symbol ?? x
                let isMain = intermediate == nil
                let atOutput = Expr.variable(outputs, [Index.named(Expr.freshIndexName(like: xi.name ?? "i", avoiding: p.loss.allIndexNames))])
                let byOutput = Expr.partial(p.loss, wrt: atOutput)
                let named = Expr.partial(p.lossName, wrt: atOutput)
                let steps = try b.run(byOutput, [byCases, byOutputs, compact])
                let gradient = steps.last?.expr ?? byOutput
                b.sections.append(Section(kind: isMain ? .main : .lemma, lhs: named, steps: steps, reference: byOutput,
                                          free: DerivationBuilder.names(byOutput)))
                b.know(byOutput, equals: gradient)
                b.know(named, equals: gradient)
                try b.display(named, lhs: .partial(p.lossName, wrt: .variable(outputs.vector, [])), rules: [useKnown, factorOut],
                              definitions: b.lossNameDefinition, named: true)
                guard !isMain else { return }
                try b.mainChain([chain, useKnown, differentiate, simplify])
                let main = Expr.partial(p.lossName, wrt: p.wrt)
                b.know(main, equals: b.sections.last?.result ?? main)
                try b.display(main, lhs: .partial(p.lossName, wrt: .variable(x.vector, [])), rules: [useKnown],
                              definitions: b.lossNameDefinition, named: true)
            },
            notation: {
                var n = Notation.latex
                n.delta = .indicator
                n.reciprocals = true
                n.gradient = .nabla
                return n
            }(),
            vectorForm: false,
            // The slides name the last layer's activations a_L, entries a_{L,i}.
            names: Names(logits: Symbol("a", label: "L", labelBelow: true)))
    }()

    /// The indicator style's variable (one entry of a vector) and the outputs between it and the loss, which
    /// have one index too; the variable is the outputs where nothing is between.
    static func indicatorOutputs(_ p: Problem) throws -> (Symbol, Index, Definition?) {
        let (x, xi) = try p.vectorEntry("indicator", example: "a_i")
        let d = p.intermediate(RuleContext(p.context))
        if let d, d.indices.count != 1 { throw DerivationError("the indicator style needs outputs with one index, such as \\hat{y}_i") }
        if let d, case .variable(d.symbol, _) = p.loss {
            throw DerivationError("the indicator style works out a loss's gradient by the outputs; here the loss is the outputs themselves")
        }
        return (x, xi, d)
    }
}
