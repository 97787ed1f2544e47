import SymbolicCore
import SymbolicProblems
import SymbolicRender
import SymbolicRules

extension Style {
    /// After the softmax-Jacobian tutorial: the Jacobian of the softmax worked out first (its entry, its general form by cases with
    /// the common factors taken out, the whole matrix), then the loss's gradient through it, boxed.
    public static let jacobian: Style = {
        let differentiate = Phase.differentiation(DifferentiationRules.all)
        let simplify = Phase("simplify", Style.standardSimplification)
        let cases = Phase("cases", [AlgebraRules.factor, IndexRules.splitCases])
        // An entry at fixed indices: multiplied out, the softmax recognised, the common factor taken out.
        let tidy = Phase("simplify", [AlgebraRules.expand, AlgebraRules.fold, AlgebraRules.factor])
        let useKnown = Phase("known", [DifferentiationRules.known])
        let throughJacobian = Phase.differentiation(DifferentiationRules.all(quotient: DifferentiationRules.quotient, known: true))
        let cancel = Phase("simplify", [AlgebraRules.cancel] + Style.standardSimplification)
        return Style(
            name: "jacobian",
            summary: "the Jacobian of the softmax first: its entry, its cases i = j and i ≠ j, the matrix; then the gradient through it (after the Jacobian tutorial)",
            shapes: [.layer],
            requirement: { p in _ = try Style.jacobianOf(p) },
            plan: Plan { b in
                let d = try Style.jacobianOf(b.problem)
                let entry = b.entry(of: d)
                let isLoss = entry == b.derivative
                // The tutorial works two entries out first, one on the diagonal and one off it: (1, 1) and (2, 1).
                if case .derivative(.variable(_, let yi), .variable(_, let xj)) = entry, yi.count == 1, xj.count == 1,
                   let i = yi.first?.name, let j = xj.first?.name, i != j {
                    for (r, c) in [(1, 1), (2, 1)] {
                        let example = entry.substituting([i: .value(r), j: .value(c)])
                        var steps = try b.run(example, [differentiate, simplify])
                        steps += try b.run(steps.last?.expr ?? example, [tidy]).dropFirst()
                        // At a fixed entry the sum is written out, as the tutorial writes e^{x_1} + e^{x_2} + \dots + e^{x_k}.
                        for k in steps.indices { steps[k].presentation = Presentation(sums: .written) }
                        b.sections.append(Section(kind: .example, lhs: example, steps: steps, reference: example, free: []))
                    }
                }
                var steps = try b.run(entry, [differentiate, simplify])
                let compact = steps.last?.expr ?? entry
                steps += try b.run(compact, [cases]).dropFirst()
                let general = steps.last?.expr ?? compact
                let free = DerivationBuilder.names(entry)
                b.sections.append(Section(kind: isLoss ? .main : .lemma, lhs: entry, steps: steps, reference: entry, free: free))
                // The whole matrix, entry by entry from the general form.
                guard case .derivative(.variable(let y, _), .variable(let x, _)) = entry else { return }
                var byCases = b.rules
                byCases.setKnown([KnownDerivative(derivative: entry, result: general)])
                try b.display(entry, lhs: .partial(.variable(y.vector, []), wrt: .variable(x.vector, [])), rules: [useKnown], context: byCases)
                guard !isLoss else { return }
                b.know(entry, equals: compact)
                try b.mainChain([throughJacobian, cancel])
            },
            notation: {
                var n = Notation.latex
                n.delta = .indicator
                n.boxResult = true
                // The tutorial bounds its sums: \sum_{j=1}^k.
                n.sumBounds = "K"
                return n
            }(),
            vectorForm: false,
            names: Names(logits: Symbol("x"), index: "j"))
    }()

    /// The defined symbol whose Jacobian the jacobian style works out first (the softmax), or why there is none.
    static func jacobianOf(_ p: Problem) throws -> Definition {
        guard let d = p.intermediate(RuleContext(p.context)) else {
            throw DerivationError("the jacobian style works through the Jacobian of a defined symbol between the loss and the variable (a softmax); this problem has none")
        }
        return d
    }
}
