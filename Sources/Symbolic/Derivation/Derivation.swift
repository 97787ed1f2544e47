/// One line of a derivation: an expression and the rule that produced it from the line before.
public struct Step: Sendable {
    public var expr: Expr
    /// Kebab-case name of the rule (`d-quotient`); `start` for the first line.
    public var rule: String
    /// What the rule does, for people.
    public var description: String
    public var note: String?
    /// A left-hand side of its own (the vector form names `∂L/∂θ` instead of `∂L/∂θ_k`).
    public var lhs: Expr?

    public init(_ expr: Expr, rule: String, description: String, note: String? = nil, lhs: Expr? = nil) {
        self.expr = expr
        self.rule = rule
        self.description = description
        self.note = note
        self.lhs = lhs
    }
}

/// A derivation: the quantity derived and the steps, each computed from the one before.
public struct Derivation: Sendable {
    /// What is derived, e.g. `∂CE/∂θ_k` with the loss as a name.
    public var lhs: Expr
    public var steps: [Step]
    /// Free indices of the derived quantity (the indices of the variable differentiated by).
    public var free: [String]
    public var stopReason: StopReason

    public var result: Expr { steps.last?.expr ?? .zero }
}

/// A strategy stage: rules tried in order; each step applies the first rule that matches
/// anywhere, at every place it matches.
public struct Phase: Sendable {
    public var name: String
    public var rules: [Rule]
    public init(_ name: String, _ rules: [Rule]) {
        self.name = name
        self.rules = rules
    }
}

/// A style: an order of rule applications and notation choices. It computes every line; it
/// holds no text of a derivation.
public struct Style: Sendable {
    public var name: String
    public var summary: String
    public var phases: [Phase]
    public var notation: Notation
    /// Ends with the vector form (`\hat{\mathbf{y}} - \mathbf{y}`) when the result allows it.
    public var vectorForm: Bool

    public init(name: String, summary: String, phases: [Phase], notation: Notation = .latex, vectorForm: Bool = true) {
        self.name = name
        self.summary = summary
        self.phases = phases
        self.notation = notation
        self.vectorForm = vectorForm
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

    /// After 003: indicators \mathbb{1}_{i=\ell} for deltas, the quotient rule as \partial g \frac{1}{h} -
    /// \frac{g}{h^2} \partial h, the common factor cancelled, and the sign kept outside: -(\mathbb{1}_{\ell=i} - \hat{y}_i).
    public static let indicator = Style(
        name: "indicator",
        summary: "indicators for deltas, the quotient rule split in two, the sign kept outside (after 003)",
        phases: [
            Phase("differentiate", Style.splitQuotientDifferentiation),
            Phase("simplify", [IndexRules.deltaContract, AlgebraRules.fold, AlgebraRules.cancel, IndexRules.split,
                               IndexRules.factorOut, IndexRules.sumToOne]),
        ],
        notation: {
            var n = Notation.latex
            n.delta = .indicator
            n.reciprocals = true
            return n
        }())

    /// After 004, the first half: the softmax Jacobian worked out, then its general form by cases,
    /// each case with its common factor taken out: \hat{y}_i(1 - \hat{y}_i) and -\hat{y}_i \hat{y}_j.
    public static let jacobian = Style(
        name: "jacobian",
        summary: "the Jacobian entry, then its general form with cases i = j and i ≠ j (after 004; the matrix display is not written yet)",
        phases: [
            Phase("differentiate", DifferentiationRules.all),
            Phase("simplify", Style.standardSimplification),
            Phase("cases", [IndexRules.splitCases, AlgebraRules.factor]),
        ],
        notation: { var n = Notation.latex; n.delta = .indicator; return n }(),
        vectorForm: false)

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

/// An error in setting up or running a derivation.
public struct DerivationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Derivation {
    /// Derives `∂ loss / ∂ wrt` step by step with `style`, within `budget`.
    ///
    /// ```swift
    /// let d = try Derivation.derive(problem, style: .standard)
    /// d.steps.map(\.rule)   // ["start", "d-linearity", "d-log", "unfold", ...]
    /// ```
    public static func derive(_ problem: Problem, style: Style = .standard, budget: Budget = Budget()) throws -> Derivation {
        let ctx = RuleContext(problem.context)
        let start = Expr.partial(problem.loss, wrt: problem.wrt)
        var steps = [Step(start, rule: "start", description: "the derivative to find")]
        var current = start
        var reason = StopReason.saturated
        var used = 0
        phases: for phase in style.phases {
            while true {
                guard used < budget.steps else { reason = .stepLimit; break phases }
                guard let (next, rule) = firstRewrite(phase.rules, current, ctx) else { break }
                used += 1
                current = next
                steps.append(Step(current, rule: rule.name, description: rule.description))
                if current.size > budget.nodes { reason = .nodeLimit; break phases }
            }
            if phase.name == "differentiate", let left = firstDerivative(current) {
                throw DerivationError("no rule differentiates \(Printer(.unicode).print(left))")
            }
        }
        if reason != .saturated {
            throw DerivationError("the derivation stopped at the \(reason.rawValue) (\(budget.steps) steps, \(budget.nodes) nodes)")
        }
        let free = problem.free
        if style.vectorForm, free.count == 1, let k = free.first, Printer.vectorForm(current, index: .named(k)) != nil,
           case .variable(let s, _) = problem.wrt {
            let lhs = Expr.partial(problem.lossName, wrt: .variable(s.vector, []))
            steps.append(Step(.array([.named(k)], current), rule: "vector-form", description: "the same for every \(k), as a vector", lhs: lhs))
        }
        return Derivation(lhs: .partial(problem.lossName, wrt: problem.wrt), steps: steps, free: free, stopReason: reason)
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

    /// Checks every step numerically against the derivative of the loss (the first step).
    public func validate(_ problem: Problem, seed: UInt64 = 2026, tolerance: Tolerance = .default) throws -> ValidationReport {
        let v = Validator(context: problem.context, tolerance: tolerance, seed: seed)
        return try v.validate(reference: steps[0].expr, against: steps.map(\.expr), free: free)
    }
}
