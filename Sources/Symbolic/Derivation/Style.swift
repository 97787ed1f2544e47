import SymbolicCore
import SymbolicProblems
import SymbolicRender
import SymbolicRules

/// A style: a strategy (the sections it makes, the order of the rules in each) and notation
/// choices. It computes every line; it holds no text of a derivation. Each style is one file under
/// `Styles/`, and says itself where it applies: the shapes of problem it is made for, and what it
/// needs of a problem (`requirement`), which is checked before its plan runs.
///
/// ```swift
/// let d = try Derivation.derive(problem, style: .einstein)
/// DerivationLayout(notation: Style.einstein.notation).latex(d, report: nil)
/// ```
public struct Style: Sendable {
    public var name: String
    public var summary: String
    /// The shapes of problem the style is made for: `derive solve` and `derive list` offer it for those.
    public var shapes: Set<ProblemShape>
    /// What the style needs of a problem, with the reason where it is missing (a `DerivationError`):
    /// `derive grad --style` and `solve` refuse a problem that does not meet it, before any line is made.
    public var requirement: @Sendable (Problem) throws -> Void
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
    public func notation(for problem: Problem) -> Notation {
        var n = adapt?(problem, notation) ?? notation
        // Matrix notation as it was typed: vectors are columns, as in the Matrix Cookbook.
        if problem.matrix != nil { n.convention = .column }
        return n
    }

    public init(name: String, summary: String, shapes: Set<ProblemShape>, requirement: @escaping @Sendable (Problem) throws -> Void = { _ in },
                plan: Plan, notation: Notation = .latex, vectorForm: Bool = true, names: Names = Names(),
                adapt: (@Sendable (Problem, Notation) -> Notation)? = nil) {
        self.name = name
        self.summary = summary
        self.shapes = shapes
        self.requirement = requirement
        self.plan = plan
        self.notation = notation
        self.vectorForm = vectorForm
        self.names = names
        self.adapt = adapt
    }

    /// Whether the style is made for the problem's shape and the problem meets its requirement.
    public func applies(to problem: Problem) -> Bool {
        shapes.contains(problem.shape) && (try? requirement(problem)) != nil
    }

    /// Contract deltas, recognise definitions, multiply out where it helps, split and factor sums,
    /// use what the assumptions give, take a minus sign inside.
    public static let standardSimplification: [Rule] = [IndexRules.deltaContract, AlgebraRules.fold, AlgebraRules.expand,
                                                         IndexRules.split, IndexRules.factorOut, IndexRules.sumToOne,
                                                         AlgebraRules.distributeSign]

    /// The differentiation of the Einstein-notation homework and of the lecture slides: the quotient rule split in
    /// two, a clashing dummy renamed first.
    static let splitQuotientDifferentiation = [IndexRules.renameDummy] + DifferentiationRules.all(quotient: DifferentiationRules.quotientSplit)
}

extension Style {
    /// Every style, in the order `derive list` shows them. A new style is one file and one entry here.
    public static let all: [Style] = [.standard, .expanded, .einstein, .cases, .indicator, .jacobian, .backprop]
    /// The style of that name.
    public static func named(_ name: String) -> Style? { all.first { $0.name == name } }
    /// The styles that apply to a problem, in the order of `all`.
    public static func applying(to problem: Problem) -> [Style] { all.filter { $0.applies(to: problem) } }
}

/// The shape of a problem, by how its loss reaches the variable: what a style is made for.
public enum ProblemShape: String, Sendable, CaseIterable {
    /// Through at most one definition: a softmax layer between the loss and its logits, or the outputs
    /// themselves (the homework solutions, the lecture slides, the Jacobian tutorial).
    case layer
    /// Through two definitions or more (a network, logistic regression through its logits), or by terms
    /// that reach it in different ways (a prior and a likelihood).
    case chain
}

extension Problem {
    /// How the loss reaches the variable: through one definition at most (`layer`) or more (`chain`).
    public var shape: ProblemShape {
        let rules = RuleContext(context)
        guard let x = rules.wrtSymbol(wrt), let path = rules.path(from: loss, to: x) else { return .chain }
        return path.count <= 1 ? .layer : .chain
    }

    /// The defined symbol through which the loss depends on the variable (the softmax `\hat{y}`), when
    /// there is exactly one such first step.
    public func intermediate(_ rules: RuleContext) -> Definition? {
        guard let x = rules.wrtSymbol(wrt) else { return nil }
        if case .variable(let s, _) = loss, s != x, let d = context.definition(of: s) { return d }
        let reached = loss.symbols.sorted().compactMap { context.definition(of: $0) }
            .filter { $0.symbol != x && rules.depends(.variable($0.symbol, $0.indices), on: x) }
        return reached.count == 1 ? reached[0] : nil
    }

    /// Whether the loss sums over the entries of the defined symbol `d` (`-\sum_i y_i \log \hat{y}_i`), as a
    /// cross-entropy over all classes does and the loss of one true class (`-\log \hat{y}_\ell`) does not.
    func sumsOverEntries(of d: Definition) -> Bool {
        loss.contains { node in
            guard case .sum(let i, _, let body) = node else { return false }
            return body.contains { if case .variable(d.symbol, let idx) = $0 { return idx.contains(i) }; return false }
        }
    }

    /// The variable as one entry of a vector, `\theta_k`: its symbol and index, or why it is not one.
    func vectorEntry(_ style: String, example: String) throws -> (Symbol, Index) {
        guard case .variable(let x, let idx) = wrt, idx.count == 1, let i = idx.first else {
            throw DerivationError("the \(style) style differentiates by one entry of a vector, such as \(example)")
        }
        return (x, i)
    }
}
