import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

/// A strategy stage: rules tried in order; each step applies the first rule that matches
/// anywhere, at every place it matches.
public struct Phase: Sendable {
    public var name: String
    public var rules: [Rule]
    /// At most this many steps (one: the rule once, at its outermost places), else until no rule applies.
    public var limit: Int?
    public init(_ name: String, _ rules: [Rule], limit: Int? = nil) {
        self.name = name
        self.rules = rules
        self.limit = limit
    }
}

/// What a style's plan works with: the problem, the rules' context (with what earlier sections
/// found), and the sections so far. Every line it adds is computed by a rule from the line before.
///
/// ```swift
/// var b = DerivationBuilder(problem: p, style: .standard)
/// let steps = try b.run(.partial(p.loss, wrt: p.wrt), Style.standard.phases)
/// ```
public struct DerivationBuilder: Sendable {
    public let problem: Problem
    public let style: Style
    public private(set) var rules: RuleContext
    public var sections: [Section] = []
    public let budget: Budget

    public init(problem: Problem, style: Style, budget: Budget = Budget()) {
        self.problem = problem
        self.style = style
        self.rules = RuleContext(problem.context)
        self.budget = budget
    }

    /// The derivative asked for, unevaluated: what the main chain starts from and is checked against.
    public var derivative: Expr { .partial(problem.loss, wrt: problem.wrt) }

    /// Rewrites `start` phase by phase: each step applies the first rule of the phase that matches
    /// anywhere; a phase ends when none does. The first step is `start` itself. A phase named
    /// `differentiate` must leave no derivative behind.
    public func run(_ start: Expr, _ phases: [Phase], rules context: RuleContext? = nil) throws -> [Step] {
        let ctx = context ?? rules
        var steps = [Step(start, rule: "start", description: "the expression to work out")]
        var current = start
        var used = 0
        for phase in phases {
            var taken = 0
            while taken < (phase.limit ?? Int.max), let (next, rule) = DerivationBuilder.firstRewrite(phase.rules, current, ctx) {
                taken += 1
                guard used < budget.steps else {
                    throw DerivationError("the derivation stopped at the \(StopReason.stepLimit.rawValue) (\(budget.steps) steps, \(budget.nodes) nodes)")
                }
                used += 1
                current = next
                steps.append(Step(current, rule: rule.name, description: rule.description))
                if current.size > budget.nodes {
                    throw DerivationError("the derivation stopped at the \(StopReason.nodeLimit.rawValue) (\(budget.steps) steps, \(budget.nodes) nodes)")
                }
            }
            if phase.name == "differentiate", let left = DerivationBuilder.firstDerivative(current) {
                throw DerivationError("no rule differentiates \(Printer(.unicode).print(left))")
            }
        }
        return steps
    }

    /// Goes on from another builder of the same problem: its sections, and what they worked out.
    public mutating func inherit(_ other: DerivationBuilder) {
        sections = other.sections
        rules.setKnown(other.rules.known)
    }

    /// Makes a derived result usable by the rule `use-known`: `∂ŷ_i/∂x_j` anywhere, with any indices,
    /// is replaced by `result` with the indices put in.
    public mutating func know(_ derivative: Expr, equals result: Expr, condition: IndexCondition? = nil) {
        rules.learn(KnownDerivative(derivative: derivative, result: result, condition: condition))
    }

    /// The main chain: the derivative rewritten by `phases`, ending with the vector form where the
    /// result allows it and the style asks for it.
    public mutating func mainChain(_ phases: [Phase], kind: Section.Kind = .main) throws {
        var steps = try run(derivative, phases)
        let current = steps.last?.expr ?? derivative
        let free = problem.free
        if style.vectorForm, free.count == 1, let k = free.first, current.vectorForm(index: .named(k)) != nil,
           case .variable(let s, _) = problem.wrt {
            let lhs = Expr.partial(problem.lossName, wrt: .variable(s.vector, []))
            steps.append(Step(.array([.named(k)], current), rule: "vector-form", description: "the same for every \(k), as a vector", lhs: lhs))
        }
        sections.append(Section(kind: kind, lhs: .partial(problem.lossName, wrt: problem.wrt), steps: steps, reference: derivative, free: free))
    }

    static func firstRewrite(_ rules: [Rule], _ e: Expr, _ ctx: RuleContext) -> (Expr, Rule)? {
        for r in rules {
            if let out = Strategy.once(r, e, ctx) { return (out, r) }
        }
        return nil
    }

    static func firstDerivative(_ e: Expr) -> Expr? {
        if case .derivative = e { return e }
        for c in e.children { if let d = firstDerivative(c) { return d } }
        return nil
    }
}

/// How a style lays out a derivation: the sections it makes and the rules each one uses.
///
/// ```swift
/// let plan = Plan.chain([Phase("differentiate", DifferentiationRules.all)])
/// ```
public struct Plan: Sendable {
    let body: @Sendable (inout DerivationBuilder) throws -> Void
    public init(_ body: @escaping @Sendable (inout DerivationBuilder) throws -> Void) { self.body = body }
    public func run(_ builder: inout DerivationBuilder) throws { try body(&builder) }

    /// One chain: the derivative rewritten phase by phase, then its vector form.
    public static func chain(_ phases: [Phase]) -> Plan {
        Plan { b in try b.mainChain(phases) }
    }
}
