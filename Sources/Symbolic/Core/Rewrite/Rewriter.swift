/// A stage of rewriting: rules tried in order; each step applies the first rule that matches anywhere,
/// at every place it matches.
///
/// ```swift
/// Phase("simplify", [IndexRules.deltaContract, AlgebraRules.fold])
/// Phase.differentiation(DifferentiationRules.all)   // must leave no derivative behind
/// ```
public struct Phase: Sendable {
    public var name: String
    public var rules: [Rule]
    /// At most this many steps (one: the rule once, at its outermost places), else until no rule applies.
    public var limit: Int?
    /// The phase must leave no unevaluated derivative behind: a derivative left is an error that names it.
    public var leavesNoDerivative: Bool

    public init(_ name: String, _ rules: [Rule], limit: Int? = nil, leavesNoDerivative: Bool = false) {
        self.name = name
        self.rules = rules
        self.limit = limit
        self.leavesNoDerivative = leavesNoDerivative
    }

    /// The same name and the same rules, in order.
    public func isSame(as other: Phase) -> Bool {
        name == other.name && rules.count == other.rules.count && zip(rules, other.rules).allSatisfy { $0.name == $1.name }
    }

    /// A phase named `differentiate` that must leave no derivative behind.
    public static func differentiation(_ rules: [Rule]) -> Phase { Phase("differentiate", rules, leavesNoDerivative: true) }
}

/// The one rewrite loop: phases in turn, one rule a step, every step reported to the trace, within a budget.
///
/// ```swift
/// let run = Rewriter(budget: Budget()).run(start, [Phase.differentiation(DifferentiationRules.all)], RuleContext(ctx))
/// run.stop        // .saturated
/// run.steps.map(\.rule.name)
/// ```
public struct Rewriter: Sendable {
    public var budget: Budget
    /// Called with every step as it is made (the expression after it and the rule): the one place a trace
    /// of the rewriting can be taken from.
    public var trace: (@Sendable (Expr, Rule) -> Void)?

    public init(budget: Budget = Budget(), trace: (@Sendable (Expr, Rule) -> Void)? = nil) {
        self.budget = budget
        self.trace = trace
    }

    /// What a run did: each step with the rule that made it, why it stopped, and where a phase that must
    /// leave no derivative left one.
    public struct Run: Sendable {
        public var steps: [(expr: Expr, rule: Rule)]
        public var stop: StopReason
        /// The first derivative a `leavesNoDerivative` phase left behind, if one did (the run stops there).
        public var derivativeLeft: Expr?
        /// The expression the run ended with.
        public var result: Expr
    }

    /// Rewrites `start` phase by phase: each step applies the first rule of the phase that matches anywhere;
    /// a phase ends when none does or at its limit. The run stops at the step budget (`stepLimit`, counting
    /// `stepsTaken` already used by earlier runs), at an expression larger than the node budget
    /// (`nodeLimit`) or deeper than the depth budget (`depthLimit`), or when every phase is done (`saturated`).
    public func run(_ start: Expr, _ phases: [Phase], _ ctx: RuleContext, stepsTaken: Int = 0) -> Run {
        var out = Run(steps: [], stop: .saturated, derivativeLeft: nil, result: start)
        var current = start
        var used = stepsTaken
        var failures = Strategy.Failures()      // the context is the run's, so a failure holds for all of it
        for phase in phases {
            var taken = 0
            while taken < (phase.limit ?? Int.max), let (next, rule) = Strategy.firstRewrite(phase.rules, current, ctx, &failures) {
                taken += 1
                guard used < budget.steps else {
                    out.stop = .stepLimit
                    out.result = current
                    return out
                }
                used += 1
                current = next
                out.steps.append((current, rule))
                trace?(current, rule)
                let (nodes, depth) = current.extent
                if nodes > budget.nodes || depth > budget.depth {
                    out.stop = nodes > budget.nodes ? .nodeLimit : .depthLimit
                    out.result = current
                    return out
                }
            }
            if phase.leavesNoDerivative, let left = current.firstDerivative {
                out.derivativeLeft = left
                out.result = current
                return out
            }
        }
        out.result = current
        return out
    }
}

extension Expr {
    /// The first unevaluated derivative in the expression, in traversal order.
    public var firstDerivative: Expr? {
        var stack = [self]
        while let e = stack.popLast() {
            if case .derivative = e { return e }
            stack += e.children.reversed()
        }
        return nil
    }
}
