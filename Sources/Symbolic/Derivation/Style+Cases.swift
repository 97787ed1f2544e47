// MARK: - The style of 002: the softmax's derivative by cases, one term split off

extension Style {
    /// After 002: the derivative of the softmax in two cases, `k \neq j` (the chain rule) and `k = j` (the
    /// quotient rule); then the loss's gradient with the term `k = j` split off, each case put in, the
    /// softmax written out, the cancellations, the term put back and the one-hot sum.
    public static let cases: Style = {
        let differentiate = Phase("differentiate", DifferentiationRules.all)
        let contract = Phase("simplify", [IndexRules.deltaContract])
        let toLog = Phase("log", [DifferentiationRules.constant, DifferentiationRules.constantFactor, DifferentiationRules.linearity,
                                  DifferentiationRules.log])
        let useKnown = Phase("known", [DifferentiationRules.known, DifferentiationRules.knownApart])
        let cancel = Phase("cancel", [AlgebraRules.divideThrough, AlgebraRules.fold])
        let combine = Phase("simplify", [AlgebraRules.expand, IndexRules.factorOut, AlgebraRules.distributeSign, IndexRules.mergeTerm,
                                         IndexRules.sumToOne])
        let tidy = Phase("simplify", [AlgebraRules.expand, AlgebraRules.fold, AlgebraRules.factor])
        return Style(
            name: "cases",
            summary: "the softmax's derivative in the cases k ≠ j and k = j; the term k = j split off the sum (after 002)",
            phases: [differentiate, contract, toLog, useKnown, cancel, combine, tidy],
            plan: Plan { b in
                let p = b.problem
                guard case .variable(_, let xIndices) = p.wrt, xIndices.count == 1, let j = xIndices.first else {
                    throw DerivationError("the cases style differentiates by one entry of a vector, such as z_j")
                }
                guard let d = b.intermediate(), d.indices.count == 1 else {
                    throw DerivationError("the cases style works through a defined symbol with one index between the loss and the variable (a softmax); this problem has none")
                }
                let sumIndex = p.loss.boundIndexNames.sorted().first
                let entry = b.entry(of: d, preferring: sumIndex)
                guard case .derivative(.variable(_, let fIndices), _) = entry, let k = fIndices.first, k != j, let kn = k.name else {
                    throw DerivationError("the cases style needs the entry of the defined symbol and the variable's entry to have different indices")
                }
                let free = DerivationBuilder.names(entry)
                // Case 1, k ≠ j; case 2, k = j.
                let apart = IndexCondition(k, j, isEqual: false)
                let decide = IndexRules.deltas(under: apart)
                let case1 = try b.run(entry, [Phase("differentiate", differentiate.rules + [decide]), Phase("simplify", [IndexRules.deltaContract, decide])])
                let same = entry.substituting([kn: j])
                let case2 = try b.run(same, [differentiate, contract])
                b.sections.append(Section(kind: .term, lhs: entry, steps: case1, reference: entry, free: free, condition: apart))
                b.sections.append(Section(kind: .term, lhs: same, steps: case2, reference: same, free: free, condition: IndexCondition(k, j)))
                b.know(entry, equals: case1.last?.expr ?? entry, condition: apart)
                b.know(same, equals: case2.last?.expr ?? same)
                let substitute = Phase("substitute", [AlgebraRules.substitute([d.symbol])])
                if entry == b.derivative {
                    // The Jacobian itself: its two cases together.
                    try b.mainChain([Phase("cases", [IndexRules.cases(of: k, j)], limit: 1), useKnown, tidy])
                } else {
                    try b.mainChain([toLog, Phase("split", [IndexRules.splitTerm(at: j)], limit: 1), useKnown, substitute, cancel, combine])
                }
            },
            notation: Notation.latex,
            vectorForm: false,
            names: Names(logits: Symbol("z"), index: "j", sum: "k", innerSum: "l"),
            adapt: { p, n in
                // The softmax as 002 writes it: \sigma(z_{1:K}, k).
                var n = n
                n.sumBounds = "K"
                // Only a softmax of the logits themselves: with a temperature, \sigma(z_{1:K}, k) would say something else.
                guard case .variable(let z, _) = p.wrt else { return n }
                for d in p.context.definitions where d.indices.count == 1 {
                    guard let i = d.indices.first else { continue }
                    let m = Index.named(Expr.freshIndexName(like: "m", avoiding: d.body.allIndexNames.union([i.name ?? ""])))
                    let softmax = Expr.div(.exp(.variable(z, [i])), .indexSum(m, IndexRange(), .exp(.variable(z, [m]))))
                    if d.body.isAlphaEquivalent(to: softmax) { n.calls[d.symbol] = Notation.Call(function: "\\sigma", argument: z, size: "K") }
                }
                return n
            })
    }()
}
