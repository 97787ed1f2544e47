import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

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
    /// Every phase the plan ran, in the order first used: the rules a style uses, as its plan uses them.
    public private(set) var phases: [Phase] = []

    public init(problem: Problem, style: Style, budget: Budget = Budget()) {
        self.problem = problem
        self.style = style
        self.rules = RuleContext(problem.context)
        self.budget = budget
    }

    /// The derivative asked for, unevaluated: what the main chain starts from and is checked against.
    public var derivative: Expr { .partial(problem.loss, wrt: problem.wrt) }

    /// Rewrites `start` phase by phase with the one rewrite loop (`Rewriter`): each step applies the first rule
    /// of the phase that matches anywhere; a phase ends when none does. The first step is `start` itself. A
    /// budget stop, or a derivative left by a phase that must leave none, is an error that says so.
    public mutating func run(_ start: Expr, _ phases: [Phase], rules context: RuleContext? = nil) throws -> [Step] {
        for phase in phases where !self.phases.contains(where: { $0.isSame(as: phase) }) { self.phases.append(phase) }
        let run = Rewriter(budget: budget).run(start, phases, context ?? rules)
        if run.stop != .saturated {
            throw DerivationError("the derivation stopped at the \(run.stop.rawValue) (\(budget.steps) steps, \(budget.nodes) nodes, \(budget.depth) levels of nesting)",
                                  stopReason: run.stop)
        }
        if let left = run.derivativeLeft { throw DerivationError("no rule differentiates \(Printer(.unicode).print(left))") }
        return [Step(start, rule: "start", description: "the expression to work out")]
            + run.steps.map { Step($0.expr, rule: $0.rule.name, description: $0.rule.description) }
    }

    /// Goes on from another builder of the same problem: its sections, and what they worked out.
    public mutating func inherit(_ other: DerivationBuilder) {
        sections = other.sections
        for p in other.phases where !phases.contains(where: { $0.isSame(as: p) }) { phases.append(p) }
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
}

/// How a style lays out a derivation: the sections it makes and the rules each one uses.
///
/// ```swift
/// let plan = Plan.chain([Phase.differentiation(DifferentiationRules.all)])
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
