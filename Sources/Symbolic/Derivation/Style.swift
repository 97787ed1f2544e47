import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

/// A style: a strategy (the sections it makes, the order of the rules in each) and notation
/// choices. It computes every line; it holds no text of a derivation.
///
/// ```swift
/// let d = try Derivation.derive(problem, style: .einstein)
/// DerivationLayout(notation: Style.einstein.notation).latex(d, report: nil)
/// ```
public struct Style: Sendable {
    public var name: String
    public var summary: String
    /// Every phase the plan uses, for documentation and for tests over all rules.
    public var phases: [Phase]
    public var plan: Plan
    public var notation: Notation
    /// Ends with the vector form (`\hat{\mathbf{y}} - \mathbf{y}`) when the result allows it.
    public var vectorForm: Bool
    /// The names the style's source document uses, taken unless the user names them: the logits, the
    /// probabilities, the labels, the index of the variable differentiated by.
    public var names: Names

    /// Symbol and index names a style prefers (its document's).
    public typealias Names = Problem.Names

    /// Notation that depends on the problem (the softmax as `\sigma(z_{1:K}, k)` needs to know the logits).
    public var adapt: (@Sendable (Problem, Notation) -> Notation)?

    /// The style's notation for a problem.
    public func notation(for problem: Problem) -> Notation { adapt?(problem, notation) ?? notation }

    public init(name: String, summary: String, phases: [Phase], plan: Plan? = nil, notation: Notation = .latex,
                vectorForm: Bool = true, names: Names = Names(), adapt: (@Sendable (Problem, Notation) -> Notation)? = nil) {
        self.adapt = adapt
        self.name = name
        self.summary = summary
        self.phases = phases
        self.plan = plan ?? .chain(phases)
        self.notation = notation
        self.vectorForm = vectorForm
        self.names = names
    }

    /// Contract deltas, recognise definitions, multiply out where it helps, split and factor sums,
    /// use what the assumptions give, take a minus sign inside.
    public static let standardSimplification: [Rule] = [IndexRules.deltaContract, AlgebraRules.fold, AlgebraRules.expand,
                                                         IndexRules.split, IndexRules.factorOut, IndexRules.sumToOne,
                                                         AlgebraRules.distributeSign]

    /// 001's and 003's differentiation: the quotient rule split in two, a clashing dummy renamed first.
    static let splitQuotientDifferentiation = [IndexRules.renameDummy] + DifferentiationRules.all(quotient: DifferentiationRules.quotientSplit)

    /// Differentiate one rule at a time, then simplify: contract deltas, multiply out,
    /// fold definitions back, pull factors out of sums, use what the assumptions give.
    public static let standard = Style(
        name: "standard",
        summary: "differentiate rule by rule, then contract deltas and fold definitions back",
        phases: [
            Phase("differentiate", DifferentiationRules.all),
            Phase("simplify", Style.standardSimplification),
        ])

    /// After 003: the gradient by the outputs first (`-\frac{\mathbb{1}_{\ell=i}}{\hat{y}_\ell}`, by cases of the index,
    /// then compactly), as a vector named `\mathbf{e}_\ell`; then the gradient by the logits through the chain
    /// rule, the quotient rule as `\partial g \frac{1}{h} - \frac{g}{h^2} \partial h`, the common factor cancelled
    /// and the sign kept outside: `-(\mathbb{1}_{\ell=i} - \hat{y}_i)`, the vector `-(\mathbf{e}_\ell - \hat{\mathbf{y}})`.
    public static let indicator: Style = {
        // By cases of the index only at the top: a sum over the outputs is differentiated term by term.
        let byCases = Phase("cases", [DifferentiationRules.indexCases])
        let byOutputs = Phase("differentiate", Style.splitQuotientDifferentiation)
        let compact = Phase("simplify", [IndexRules.joinCases, IndexRules.deltaContract])
        let chain = Phase("chain", [DifferentiationRules.chainThrough])
        let useKnown = Phase("known", [DifferentiationRules.known])
        let factorOut = Phase("factor", [IndexRules.arrayFactor])
        let differentiate = Phase("differentiate", Style.splitQuotientDifferentiation)
        let simplify = Phase("simplify", [IndexRules.deltaContract, AlgebraRules.fold, AlgebraRules.cancel, IndexRules.expandForDelta,
                                          IndexRules.split, IndexRules.factorOut, IndexRules.sumToOne])
        return Style(
            name: "indicator",
            summary: "the gradient by the outputs first, as a vector; then by the logits, indicators for deltas, the sign kept outside (after 003)",
            phases: [byCases, byOutputs, compact, chain, useKnown, factorOut, differentiate, simplify],
            plan: Plan { b in
                let p = b.problem
                guard case .variable(let x, let xIndices) = p.wrt, xIndices.count == 1, let xi = xIndices.first else {
                    throw DerivationError("the indicator style differentiates by one entry of a vector, such as a_i")
                }
                // The outputs: the variable itself (the gradient by yhat), or the defined symbol between.
                let outputs: Symbol
                let isMain: Bool
                if let d = b.intermediate() {
                    guard d.indices.count == 1 else { throw DerivationError("the indicator style needs outputs with one index, such as \\hat{y}_i") }
                    outputs = d.symbol
                    isMain = false
                } else {
                    outputs = x
                    isMain = true
                }
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
            // 003 names the last layer's activations a_L, entries a_{L,i}.
            names: Names(logits: Symbol("a", label: "L", labelBelow: true)))
    }()

    /// After 004: the Jacobian of the softmax worked out first (its entry, its general form by cases with
    /// the common factors taken out, the whole matrix), then the loss's gradient through it, boxed.
    public static let jacobian: Style = {
        let differentiate = Phase("differentiate", DifferentiationRules.all)
        let simplify = Phase("simplify", Style.standardSimplification)
        let cases = Phase("cases", [AlgebraRules.factor, IndexRules.splitCases])
        // An entry at fixed indices: multiplied out, the softmax recognised, the common factor taken out.
        let tidy = Phase("simplify", [AlgebraRules.expand, AlgebraRules.fold, AlgebraRules.factor])
        let useKnown = Phase("known", [DifferentiationRules.known])
        let throughJacobian = Phase("differentiate", DifferentiationRules.all(quotient: DifferentiationRules.quotient, known: true))
        let cancel = Phase("simplify", [AlgebraRules.cancel] + Style.standardSimplification)
        return Style(
            name: "jacobian",
            summary: "the Jacobian of the softmax first: its entry, its cases i = j and i ≠ j, the matrix; then the gradient through it (after 004)",
            phases: [differentiate, simplify, cases, useKnown, throughJacobian, cancel],
            plan: Plan { b in
                guard let d = b.intermediate() else {
                    throw DerivationError("the jacobian style works through the Jacobian of a defined symbol between the loss and the variable (a softmax); this problem has none")
                }
                let entry = b.entry(of: d)
                let isLoss = entry == b.derivative
                // 004 works two entries out first, one on the diagonal and one off it: (1, 1) and (2, 1).
                if case .derivative(.variable(_, let yi), .variable(_, let xj)) = entry, yi.count == 1, xj.count == 1,
                   let i = yi.first?.name, let j = xj.first?.name, i != j {
                    for (r, c) in [(1, 1), (2, 1)] {
                        let example = entry.substituting([i: .value(r), j: .value(c)])
                        var steps = try b.run(example, [differentiate, simplify])
                        steps += try b.run(steps.last?.expr ?? example, [tidy]).dropFirst()
                        // At a fixed entry the sum is written out, as 004 writes e^{x_1} + e^{x_2} + \dots + e^{x_k}.
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
                // 004 bounds its sums: \sum_{j=1}^k.
                n.sumBounds = "K"
                return n
            }(),
            vectorForm: false,
            names: Names(logits: Symbol("x"), index: "j"))
    }()

    /// After 001: implicit summation, the quotient rule as `\partial f / g - f / g^2 \partial g`, deltas kept
    /// while they connect factors, the definition recognised inside the bracket, the common factor
    /// cancelled, then the deltas contracted one index at a time.
    public static let einstein = Style(
        name: "einstein",
        summary: "implicit summation, the quotient rule split in two, deltas contracted one index at a time (after 001)",
        phases: [
            Phase("differentiate", Style.splitQuotientDifferentiation),
            Phase("simplify", [AlgebraRules.fold, AlgebraRules.cancel, IndexRules.deltaContract, AlgebraRules.expand, IndexRules.split,
                               IndexRules.factorOut, IndexRules.sumToOne, AlgebraRules.distributeSign]),
        ],
        notation: {
            var n = Notation.latex
            n.einstein = true
            n.reciprocals = true
            return n
        }())
}

extension Style {
    /// Every style, in the order `derive list` shows them.
    public static let all: [Style] = [.standard, .expanded, .einstein, .cases, .indicator, .jacobian, .backprop]
    /// The style of that name.
    public static func named(_ name: String) -> Style? { all.first { $0.name == name } }
}
