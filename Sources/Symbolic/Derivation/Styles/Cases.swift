import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

// MARK: - The style of the logistic-regression homework: the softmax's derivative by cases, one term split off

extension Style {
    /// After the logistic-regression homework: the derivative of the softmax in two cases, `k \neq j` (the chain rule) and `k = j` (the
    /// quotient rule); then the loss's gradient with the term `k = j` split off, each case put in, the
    /// softmax written out, the cancellations, the term put back and the one-hot sum.
    public static let cases: Style = {
        let differentiate = Phase.differentiation(DifferentiationRules.all)
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
            summary: "the softmax's derivative in the cases k ≠ j and k = j; the term k = j split off the sum (after the logistic-regression homework)",
            shapes: [.layer, .chain],
            requirement: { p in _ = try Style.casesSoftmax(p) },
            plan: Plan { b in
                let p = b.problem
                // The logits: the variable itself, or a definition between it and the softmax (z_j = w_j^T x).
                let (xIndices, d, logits) = try Style.casesSoftmax(p)
                // ∂z_m/∂w_{jd} first, where there are logits: its delta says which index of the variable is the logit's (j).
                let (j, logitsLemma) = try Style.logitsLemma(&b, logits, softmax: d, variable: xIndices, phases: [differentiate, contract])
                let target = logits.map { Expr.variable($0.symbol, [j]) } ?? p.wrt
                let sumIndex = p.loss.boundIndexNames.sorted().first
                var entry = b.entry(of: d, preferring: sumIndex)
                if logits != nil, case .derivative(let f, _) = entry { entry = .partial(f, wrt: target) }
                guard case .derivative(.variable(_, let fIndices), _) = entry, let k = fIndices.first, k != j, let kn = k.name else {
                    throw DerivationError("the cases style needs the entry of the defined symbol and the variable's entry to have different indices")
                }
                if let (zEntry, steps) = logitsLemma {
                    b.sections.append(Section(kind: .lemma, lhs: zEntry, steps: steps, reference: zEntry, free: DerivationBuilder.names(zEntry)))
                    b.know(zEntry, equals: steps.last?.expr ?? zEntry)
                }
                let free = DerivationBuilder.names(entry)
                // Case 1, k ≠ j; case 2, k = j.
                let apart = IndexCondition(k, j, isEqual: false)
                let decide = IndexRules.deltas(under: apart)
                let case1 = try b.run(entry, [Phase.differentiation(differentiate.rules + [decide]), Phase("simplify", [IndexRules.deltaContract, decide])])
                let same = entry.substituting([kn: j])
                let case2 = try b.run(same, [differentiate, contract])
                b.sections.append(Section(kind: .term, lhs: entry, steps: case1, reference: entry, free: free, condition: apart))
                b.sections.append(Section(kind: .term, lhs: same, steps: case2, reference: same, free: free, condition: IndexCondition(k, j)))
                b.know(entry, equals: case1.last?.expr ?? entry, condition: apart)
                b.know(same, equals: case2.last?.expr ?? same)
                let substitute = Phase("substitute", [AlgebraRules.substitute([d.symbol])])
                if let z = logits {
                    // Through the logits, whose derivative is known; the delta picks the logit z_j.
                    let chain = Phase("chain", [DifferentiationRules.chain(via: z)], limit: 1)
                    let known = Phase("known", [DifferentiationRules.known])
                    try b.mainChain([toLog, chain, known, contract, Phase("factor", [IndexRules.factorOut], limit: 1), Phase("split", [IndexRules.splitTerm(at: j)], limit: 1), useKnown,
                                     substitute, cancel, combine])
                } else if entry == b.derivative {
                    // The Jacobian itself: its two cases together.
                    try b.mainChain([Phase("cases", [IndexRules.cases(of: k, j)], limit: 1), useKnown, tidy])
                } else {
                    try b.mainChain([toLog, Phase("split", [IndexRules.splitTerm(at: j)], limit: 1), useKnown, substitute, cancel, combine])
                }
            },
            notation: Notation.latex,
            vectorForm: false,
            names: Names(logits: Symbol("z"), index: "j", sum: "k", innerSum: "l"),
            adapt: Style.casesNotation)
    }()

    /// ∂z_m/∂w_{jd} for the logits `z`, and the index `j` of the variable its delta picks (`\delta_{jm} x_d`); without
    /// logits, the variable's own index and no lemma.
    static func logitsLemma(_ b: inout DerivationBuilder, _ logits: Definition?, softmax d: Definition, variable xIndices: [Index],
                            phases: [Phase]) throws -> (Index, (Expr, [Step])?) {
        let p = b.problem
        guard let z = logits else {
            guard let only = xIndices.first else { throw DerivationError("the cases style differentiates by one entry of a vector, such as z_j") }
            return (only, nil)
        }
        var taken = p.wrt.allIndexNames.union(p.loss.allIndexNames).union(d.body.allIndexNames)
        let m = Index.named(Expr.freshIndexName(like: "m", avoiding: taken))
        taken.insert(m.name ?? "m")
        let zEntry = Expr.partial(.variable(z.symbol, [m]), wrt: p.wrt)
        let steps = try b.run(zEntry, phases)
        guard let found = Style.partner(of: m, in: steps.last?.expr ?? zEntry, among: xIndices) else {
            throw DerivationError("the cases style needs each logit to depend on one row of the variable, as z_j = w_j^T x")
        }
        return (found, (zEntry, steps))
    }

    /// The softmax as the logistic-regression homework writes it, `\sigma(z_{1:K}, k)`, and its sums bounded.
    @Sendable static func casesNotation(_ p: Problem, _ n: Notation) -> Notation {
        var n = n
        n.sumBounds = "K"
        // Only a softmax of the logits themselves: with a temperature, \sigma(z_{1:K}, k) would say something else.
        for d in p.context.definitions where d.indices.count == 1 {
            guard let i = d.indices.first else { continue }
            let m = Index.named(Expr.freshIndexName(like: "m", avoiding: d.body.allIndexNames.union([i.name ?? ""])))
            for z in d.body.symbols.sorted() {
                let softmax = Expr.div(.exp(.variable(z, [i])), .indexSum(m, IndexRange(), .exp(.variable(z, [m]))))
                if d.body.isAlphaEquivalent(to: softmax) { n.calls[d.symbol] = Notation.Call(function: "\\sigma", argument: z, size: "K") }
            }
        }
        return n
    }

    /// What the cases style works through: the variable's indices, the softmax (a defined symbol with one index
    /// between the loss and the variable) and the logits between it and the variable, where the variable is not
    /// the logits itself; the logits then hold the variable itself, as `z_j = w_j^T x`.
    static func casesSoftmax(_ p: Problem) throws -> ([Index], Definition, Definition?) {
        guard case .variable(let xs, let xIndices) = p.wrt else {
            throw DerivationError("the cases style differentiates by one entry of a vector, such as z_j")
        }
        let rules = RuleContext(p.context)
        guard let d = p.intermediate(rules), d.indices.count == 1 else {
            throw DerivationError("the cases style works through a defined symbol with one index between the loss and the variable (a softmax); this problem has none")
        }
        // The term k = j is split off the loss's sum over the softmax's outputs; the softmax itself is its two cases.
        if case .variable(d.symbol, _) = p.loss {} else if !p.sumsOverEntries(of: d) {
            throw DerivationError("the cases style splits the term k = j off a loss that sums over the softmax's outputs; this loss has no such sum")
        }
        let logits = Style.logits(of: d, variable: xs, rules)
        if logits == nil, xIndices.count != 1 { throw DerivationError("the cases style differentiates by one entry of a vector, such as z_j") }
        if let z = logits, !z.body.symbols.contains(where: { $0.component == xs.component }) {
            throw DerivationError("the cases style needs each logit to depend on one row of the variable, as z_j = w_j^T x")
        }
        return (xIndices, d, logits)
    }

    /// The logits between a softmax `d` and the variable, when the variable is not the logits itself: the one
    /// definition with one index that `d` is built from and that depends on the variable (`z_j`).
    static func logits(of d: Definition, variable x: Symbol, _ rules: RuleContext) -> Definition? {
        if d.body.symbols.contains(where: { $0.component == x.component }) { return nil }
        let between = d.body.symbols.sorted().compactMap { rules.definition(of: $0) }
            .filter { $0.indices.count == 1 && rules.depends(.variable($0.symbol, $0.indices), on: x) }
        return between.count == 1 ? between[0] : nil
    }

    /// The index paired with `m` by a delta in `e` (`\delta_{mj} x_d` gives `j`), among the variable's indices.
    static func partner(of m: Index, in e: Expr, among indices: [Index]) -> Index? {
        var found: Index?
        _ = e.contains { node in
            guard case .delta(let a, let c) = node else { return false }
            let other = a == m ? c : c == m ? a : nil
            if let other, indices.contains(other) { found = other; return true }
            return false
        }
        return found
    }
}
