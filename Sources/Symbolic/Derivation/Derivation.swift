import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

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
    /// How this line is shown, where it differs from the rest (a vector written out entry by entry).
    public var presentation: Presentation?
    /// The line in matrix notation; `expr` then holds what it means in indices, for the numeric check.
    public var matrix: MatrixExpr?

    public init(_ expr: Expr, rule: String, description: String, note: String? = nil, lhs: Expr? = nil,
                presentation: Presentation? = nil, matrix: MatrixExpr? = nil) {
        self.expr = expr
        self.rule = rule
        self.description = description
        self.note = note
        self.lhs = lhs
        self.presentation = presentation
        self.matrix = matrix
    }
}

/// One part of a derivation: a chain of lines under one left-hand side, each line computed from
/// the one before by a named rule, and what every line must equal.
///
/// A derivation in one chain has one section; a style that works out the Jacobian first, or the
/// term `i = j` apart from the others, has several, in the order a reader meets them.
public struct Section: Sendable {
    /// What the section is to the derivation; the layouts say it in a heading.
    public enum Kind: Sendable, Equatable {
        /// The derivative asked for.
        case main
        /// A derivative worked out first and used by a later section (the Jacobian of the softmax).
        case lemma
        /// One entry worked out as an example before the general form (the softmax-Jacobian tutorial's (1, 1) and (2, 1) of the Jacobian).
        case example
        /// A term of the line before, worked out where a condition on its indices holds.
        case term
        /// The main chain again, with what was worked out apart put back in.
        case combination
        /// A vector or a matrix written out entry by entry.
        case display
        /// The result under a further assumption (`k` the true class: `y_i = \mathbb{1}_{i=k}`).
        case assumption
        /// The result in matrix notation.
        case matrix
    }

    public var kind: Kind
    /// Printed on the left of the first line; `nil` when the first line stands on the left itself.
    public var lhs: Expr?
    public var steps: [Step]
    /// What every line equals: the derivative itself, evaluated numerically, for a chain that starts with one.
    public var reference: Expr
    /// The free indices of the lines.
    public var free: [String]
    /// The lines hold where this holds (the term `i = j`).
    public var condition: IndexCondition?
    /// Definitions that hold in this section only (`y_i = \mathbb{1}_{i=k}`).
    public var definitions: [Definition]

    public init(kind: Kind, lhs: Expr?, steps: [Step], reference: Expr, free: [String], condition: IndexCondition? = nil,
                definitions: [Definition] = []) {
        self.kind = kind
        self.lhs = lhs
        self.steps = steps
        self.reference = reference
        self.free = free
        self.condition = condition
        self.definitions = definitions
    }

    public var result: Expr { steps.last?.expr ?? reference }
}

/// A derivation: the quantity derived and its sections, each line computed from the one before. Every phase
/// of a derivation ran until no rule applied: a phase stopped by a budget is an error (`DerivationError` with
/// its `stopReason`), never a derivation that looks finished.
public struct Derivation: Sendable {
    /// What is derived, e.g. `∂CE/∂θ_k` with the loss as a name.
    public var lhs: Expr
    public var sections: [Section]
    /// Free indices of the derived quantity (the indices of the variable differentiated by).
    public var free: [String]
    /// The problem derived (the last one, for several variables in turn): its loss, variable and context.
    public var problem: Problem
    /// The phases the style's plan ran, in the order first used.
    public var phases: [Phase]

    /// The section that ends with the answer: the last main chain (or its combination).
    public var main: Section? {
        sections.last { $0.kind == .main || $0.kind == .combination } ?? sections.last
    }

    /// The lines of the main chain.
    public var steps: [Step] { main?.steps ?? [] }

    /// Every line of every section, in reading order.
    public var allSteps: [Step] { sections.flatMap(\.steps) }

    /// The answer: the last line of the main chain.
    public var result: Expr { main?.result ?? .zero }
}

extension Derivation {
    /// Derives `∂ loss / ∂ wrt` step by step with `style`, within `budget`.
    ///
    /// ```swift
    /// let d = try Derivation.derive(problem, style: .standard)
    /// d.steps.map(\.rule)   // ["start", "d-linearity", "d-log", "unfold", ...]
    /// ```
    public static func derive(_ problem: Problem, style: Style = .standard, budget: Budget = Budget()) throws -> Derivation {
        try style.requirement(problem)
        var builder = DerivationBuilder(problem: problem, style: style, budget: budget)
        try style.plan.run(&builder)
        guard !builder.sections.isEmpty else { throw DerivationError("the style \(style.name) derived nothing for this problem") }
        // A loss written in matrix notation gets its result back in matrix notation.
        if let m = problem.matrix, let whole = m.whole(problem.wrt), !builder.sections.contains(where: { $0.kind == .matrix }),
           builder.sections.last?.steps.last?.rule != "vector-form" {
            builder.matrixForm(lhs: .partial(problem.lossName, wrt: whole), evenIfNamed: true)
        }
        return Derivation(lhs: .partial(problem.lossName, wrt: problem.wrt), sections: builder.sections, free: problem.free,
                          problem: problem, phases: builder.phases)
    }

    /// Derives `∂ loss / ∂ x` for several variables of one problem in turn, in one derivation: a later
    /// variable uses what an earlier one worked out (the Einstein-notation homework: "we've already calculated the first two terms").
    ///
    /// ```swift
    /// let all = try Derivation.derive(entry.allVariables.map { try entry.problem(wrt: $0) }, style: .backprop)
    /// ```
    public static func derive(_ problems: [Problem], style: Style, budget: Budget = Budget()) throws -> Derivation {
        guard let first = problems.first else { throw DerivationError("nothing to derive") }
        var previous: DerivationBuilder?
        for p in problems {
            try style.requirement(p)
            var builder = DerivationBuilder(problem: p, style: style, budget: budget)
            if let previous { builder.inherit(previous) }
            try style.plan.run(&builder)
            previous = builder
        }
        guard let last = previous, !last.sections.isEmpty else { throw DerivationError("the style \(style.name) derived nothing for this problem") }
        let p = problems[problems.count - 1]
        return Derivation(lhs: .partial(first.lossName, wrt: p.wrt), sections: last.sections, free: p.free,
                          problem: p, phases: last.phases)
    }

    /// Checks every line of every section numerically: each against its section's reference (the
    /// derivative itself where the section starts with one), under the section's condition.
    public func validate(_ problem: Problem, seed: UInt64 = 2026, tolerance: Tolerance = .default, minimumPoints: Int = 50,
                         sizeConfigurations: Int = 8) throws -> ValidationReport {
        var reports: [ValidationReport] = []
        for s in sections {
            var context = problem.context
            for d in s.definitions {
                context.definitions.removeAll { $0.symbol == d.symbol }
                context.definitions.append(d)
            }
            context.assumptions.removeAll { a in s.definitions.contains { $0.symbol == a.symbol } }
            let v = Validator(context: context, tolerance: tolerance, seed: seed, minimumPoints: minimumPoints, sizeConfigurations: sizeConfigurations)
            // Under a condition both sides are compared where it holds, and agree (zero) elsewhere.
            func guarded(_ e: Expr) -> Expr { s.condition.map { .cases([Expr.Piece(e, if: $0)], otherwise: .zero) } ?? e }
            reports.append(try v.validate(reference: guarded(s.reference), against: s.steps.map { guarded($0.expr) }, free: s.free))
        }
        return ValidationReport.merging(reports)
    }
}
