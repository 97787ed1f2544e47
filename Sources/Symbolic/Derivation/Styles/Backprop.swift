import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

// MARK: - The style of the Einstein-notation homework on a network: backpropagation through a chain of definitions

extension Style {
    /// After the Einstein-notation homework on a network: the chain rule through every definition between the loss and the variable written out
    /// first, each factor derived on its own (deltas kept while both their indices are free), then the
    /// factors put together and summed up from the loss's side, deltas contracted as their indices come free.
    public static let backprop: Style = {
        let chain = Phase("chain", [DifferentiationRules.chainPath], limit: 1)
        let differentiate = Phase.differentiation(DifferentiationRules.all(quotient: DifferentiationRules.quotient, known: true))
        let factorSimplify = Phase("simplify", [AlgebraRules.primeForm, IndexRules.deltaContract, AlgebraRules.fold, AlgebraRules.expand,
                                                IndexRules.split, IndexRules.factorOut, IndexRules.sumToOne])
        // A delta that multiplies every term is taken out again: (1 - h_c^2) \delta_{cd}, as the chain wants it.
        let factorDelta = Phase("factor", [AlgebraRules.factorDeltas])
        let useKnown = Phase("known", [DifferentiationRules.known])
        // Summed up from the loss's side, as the homework does: the common factor cancelled, the bracket with the delta
        // multiplied out, that delta contracted and the one-hot labels summed, the terms joined again, and the
        // deltas further down the chain contracted last.
        let combine = [Phase("cancel", [AlgebraRules.cancel]), Phase("expand", [IndexRules.expandForDelta]), Phase("sign", [AlgebraRules.distributeSignInto]),
                       Phase("split", [IndexRules.splitNested]), Phase("contract", [IndexRules.deltaContract, IndexRules.sumToOneFactor]),
                       Phase("join", [IndexRules.joinSums, AlgebraRules.factor]), Phase("contract", [IndexRules.deltaContractThrough]),
                       Phase("sign", [AlgebraRules.distributeSign])]
        return Style(
            name: "backprop",
            summary: "the chain rule through every definition, each factor derived, then put together from the loss's side (after the Einstein-notation homework)",
            shapes: [.chain],
            requirement: { p in
                let (named, rules) = Style.namedLossContext(p)
                _ = try Style.backpropPath(p, named: named, rules: rules)
            },
            plan: Plan { b in
                let p = b.problem
                // The loss by its name, so that the chain's first factor reads \partial J / \partial \hat{y}_a.
                var (named, rules) = Style.namedLossContext(p, base: b.rules)
                let lhs = Expr.partial(p.lossName, wrt: p.wrt)
                let start = named.isEmpty ? b.derivative : lhs
                guard let path = try Style.backpropPath(p, named: named, rules: rules) else {
                    // Terms that reach the variable in different ways (a prior and a likelihood): each term apart.
                    try Style.termByTerm(&b, rules: rules, named: named, phases: (differentiate, factorSimplify, combine))
                    return
                }
                // A deep network, one layer at a time: the chain written out whole would grow with the depth.
                if path.count > 4 {
                    try Style.backpropagate(&b, path: path, rules: rules, named: named, phases: (differentiate, factorSimplify, combine))
                    return
                }
                let chained = try b.run(start, [chain], rules: rules)
                guard chained.count == 2, let product = chained.last?.expr else {
                    throw DerivationError("the backprop style needs a chain of definitions between the loss and the variable")
                }
                b.sections.append(Section(kind: .main, lhs: lhs, steps: chained, reference: b.derivative, free: p.free, definitions: named))
                // Each factor of the chain, unless an earlier section worked it out.
                var factors: [Expr] = []
                _ = product.contains { node in
                    if case .derivative = node { factors.append(node) }
                    return false
                }
                for f in factors where !rules.known.contains(where: { $0.instance(of: f) != nil }) {
                    var steps = try b.run(f, [differentiate, factorSimplify, factorDelta], rules: rules)
                    let result = steps.last?.expr ?? f
                    // The homework: a delta between two free indices is kept, since those indices meet other factors.
                    if let kept = Style.keptDelta(result), steps.count > 1 {
                        steps[steps.count - 1].note = "the delta of " + kept + " stays: both indices reach other factors"
                    }
                    b.sections.append(Section(kind: .lemma, lhs: f, steps: steps, reference: f, free: DerivationBuilder.names(f), definitions: named))
                    rules.learn(KnownDerivative(derivative: f, result: result))
                    b.know(f, equals: result)
                }
                let together = try b.run(product, [useKnown] + combine, rules: rules)
                b.sections.append(Section(kind: .combination, lhs: lhs, steps: together, reference: b.derivative, free: p.free, definitions: named))
                // Vectors bold, matrices as they are.
                if case .variable(let x, let idx) = p.wrt { b.matrixForm(lhs: .partial(p.lossName, wrt: .variable(idx.count == 1 ? x.vector : x, []))) }
            },
            notation: {
                var n = Notation.latex
                n.einstein = true
                n.reciprocals = true
                n.chainOrder = true
                return n
            }(),
            vectorForm: false)
    }()

    /// The definition of the loss's name (empty where the loss has none) and the rule context with it: `base`
    /// (the builder's, with what earlier sections know) extended, or the problem's own built anew.
    static func namedLossContext(_ p: Problem, base: RuleContext? = nil) -> ([Definition], RuleContext) {
        let named = p.lossNameDefinition
        guard let base else {
            var context = p.context
            context.definitions += named
            return (named, RuleContext(context))
        }
        return (named, named.reduce(base) { $0.adding($1) })
    }

    /// The definitions between the loss and the variable, nearest the loss first, or `nil` where the loss is a sum
    /// of terms that reach the variable in different ways (taken term by term); neither is a reason to refuse.
    /// `rules` is the problem's context with the loss's name defined.
    static func backpropPath(_ p: Problem, named: [Definition], rules: RuleContext) throws -> [Definition]? {
        guard let x = rules.wrtSymbol(p.wrt) else { throw DerivationError("the backprop style differentiates by a variable") }
        if let path = rules.path(from: named.isEmpty ? p.loss : p.lossName, to: x)
            .map({ Array($0.drop { d in named.contains { $0.symbol == d.symbol } }) }), !path.isEmpty {
            return path
        }
        guard p.loss.terms.count >= 2 else { throw DerivationError("the backprop style needs a chain of definitions between the loss and the variable") }
        return nil
    }

    /// Backpropagation one layer at a time: the loss's derivative by each defined symbol on the way to the
    /// variable, from the loss's side, each from the one before; each gets a name (the adjoint `\bar{t}_c` of
    /// `t_c`) unless it is as short as `\hat{y}_b - y_b`, so every line stays short however deep the network.
    static func backpropagate(_ b: inout DerivationBuilder, path: [Definition], rules start: RuleContext, named: [Definition],
                              phases: (differentiate: Phase, simplify: Phase, combine: [Phase])) throws {
        let p = b.problem
        var rules = start
        var definitions = named
        let loss = p.lossName
        let taken = p.wrt.allIndexNames
        func entry(_ d: Definition) -> Expr {
            var used = taken
            let idx = d.indices.map { i -> Index in
                let n = i.name.map { used.contains($0) ? Expr.freshIndexName(like: $0, avoiding: used) : $0 } ?? "a"
                used.insert(n)
                return .named(n)
            }
            return .variable(d.symbol, idx)
        }
        let nameIt = Phase("name", [AlgebraRules.fold])
        var previous: Definition?
        for d in path {
            let target = entry(d)
            let derivative = Expr.partial(loss, wrt: target)
            var phaseList: [Phase]
            if let previous {
                phaseList = [Phase("chain", [DifferentiationRules.chain(via: previous)], limit: 1),
                             Phase("known", [DifferentiationRules.known]), nameIt, phases.differentiate, phases.simplify] + phases.combine
            } else {
                phaseList = [phases.differentiate, phases.simplify]
            }
            let steps = try b.run(derivative, phaseList, rules: rules)
            let result = steps.last?.expr ?? derivative
            // Short results (no sum in them, as \hat{y}_b - y_b) are used as they are; longer ones by the name of
            // the adjoint, given where the section begins.
            let short = result.size <= 6 && !result.contains { if case .sum = $0 { return true }; return false }
            var bar = d.symbol
            bar.accent = .bar
            let adjoint = Definition(symbol: bar, indices: target.freeIndices, body: derivative)
            b.sections.append(Section(kind: .lemma, lhs: derivative, steps: steps, reference: derivative, free: DerivationBuilder.names(target),
                                      definitions: definitions + (short ? [] : [adjoint])))
            if short {
                rules.learn(KnownDerivative(derivative: derivative, result: result))
            } else {
                definitions.append(adjoint)
                rules = rules.adding(adjoint)
            }
            previous = d
        }
        guard let last = previous else { return }
        let final = try b.run(named.isEmpty ? b.derivative : .partial(loss, wrt: p.wrt), [Phase("chain", [DifferentiationRules.chain(via: last)], limit: 1),
                                                                    Phase("known", [DifferentiationRules.known]), nameIt, phases.differentiate,
                                                                    phases.simplify] + phases.combine, rules: rules)
        b.sections.append(Section(kind: .combination, lhs: .partial(loss, wrt: p.wrt), steps: final, reference: b.derivative, free: p.free,
                                  definitions: definitions))
        if case .variable(let x, let idx) = p.wrt { b.matrixForm(lhs: .partial(loss, wrt: .variable(idx.count == 1 ? x.vector : x, []))) }
    }

    /// A loss of several terms, each reaching the variable its own way (the logistic-regression homework's MAP: a prior on the weights and
    /// the likelihood): the derivative taken term by term, each term worked out (by backpropagation where it
    /// goes through definitions, directly where it holds the variable), then put back together.
    static func termByTerm(_ b: inout DerivationBuilder, rules: RuleContext, named: [Definition],
                           phases: (differentiate: Phase, simplify: Phase, combine: [Phase])) throws {
        let p = b.problem
        let lhs = Expr.partial(p.lossName, wrt: p.wrt)
        let start = named.isEmpty ? b.derivative : lhs
        let split = try b.run(start, [Phase("unfold", [DifferentiationRules.unfold], limit: 1),
                                      Phase("terms", [DifferentiationRules.termByTerm], limit: 1)], rules: rules)
        b.sections.append(Section(kind: .main, lhs: lhs, steps: split, reference: b.derivative, free: p.free, definitions: named))
        var context = rules
        for t in p.loss.terms {
            let partial = Expr.partial(t, wrt: p.wrt)
            var term = p
            term.loss = t
            term.lossName = t
            var sub = DerivationBuilder(problem: term, style: .backprop, budget: b.budget)
            sub.inherit(b)
            let through = context.wrtSymbol(p.wrt).flatMap { context.path(from: t, to: $0) } ?? []
            if through.isEmpty {
                // The term holds the variable itself: differentiated directly.
                let steps = try sub.run(partial, [phases.differentiate, phases.simplify], rules: context)
                sub.sections.append(Section(kind: .lemma, lhs: partial, steps: steps, reference: partial, free: p.free))
            } else {
                try Style.backprop.plan.run(&sub)
                // Its matrix form belongs to the whole, at the end.
                if sub.sections.last?.kind == .matrix { sub.sections.removeLast() }
            }
            let result = sub.sections.last?.result ?? partial
            b.inherit(sub)
            b.know(partial, equals: result)
            context.learn(KnownDerivative(derivative: partial, result: result))
        }
        let together = try b.run(split.last?.expr ?? start, [Phase("known", [DifferentiationRules.known]),
                                                            Phase("simplify", [IndexRules.deltaContract, AlgebraRules.distributeSign])], rules: context)
        b.sections.append(Section(kind: .combination, lhs: lhs, steps: together, reference: b.derivative, free: p.free, definitions: named))
        if case .variable(let x, let idx) = p.wrt { b.matrixForm(lhs: .partial(p.lossName, wrt: .variable(idx.count == 1 ? x.vector : x, []))) }
    }

    /// A delta between two free indices of `e`, its indices named for a note (`a and b`), if there is one.
    static func keptDelta(_ e: Expr) -> String? {
        let free = Set(e.freeIndices)
        var found: String?
        _ = e.contains { node in
            guard found == nil, case .delta(let a, let b) = node, free.contains(a), free.contains(b) else { return false }
            found = (a.name ?? "").filter(\.isLetter) + " and " + (b.name ?? "").filter(\.isLetter)
            return true
        }
        return found
    }
}
