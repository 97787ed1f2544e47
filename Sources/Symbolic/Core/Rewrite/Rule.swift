/// A named rewrite: a partial function from an expression to a new one.
///
/// Rules are data: a kebab-case `name` that the step trace shows (`d-quotient`, `delta-contract`),
/// and a `description` for people. `apply` returns `nil` where the rule does not match.
///
/// ```swift
/// let r = Rule(name: "log-exp", description: "\\log e^{x} = x") { e, _ in
///     if case .apply(.log, let a) = e, case .apply(.exp, let b) = a[0] { return b[0] }
///     return nil
/// }
/// ```
public struct Rule: Sendable {
    public let name: String
    public let description: String
    /// The rule is costly where it fails (multiplying a product out to see whether its terms cancel), so a
    /// rewriting run remembers the nodes it failed on and does not try them again. Sound because a rule is a
    /// function of the node and the run's context alone.
    public let remembersFailures: Bool
    private let body: @Sendable (Expr, RuleContext) -> Expr?

    public init(name: String, description: String, remembersFailures: Bool = false,
                _ body: @escaping @Sendable (Expr, RuleContext) -> Expr?) {
        self.name = name
        self.description = description
        self.remembersFailures = remembersFailures
        self.body = body
    }

    /// The rewritten node, or `nil` when the rule does not apply here or changes nothing.
    public func apply(_ e: Expr, _ ctx: RuleContext) -> Expr? {
        guard let r = body(e, ctx), r != e else { return nil }
        return r
    }
}
