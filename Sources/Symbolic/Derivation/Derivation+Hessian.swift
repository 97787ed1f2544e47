import SymbolicCore
import SymbolicProblems
import SymbolicRules

extension Derivation {
    /// The second derivatives: the gradient by `problem.wrt`, then the derivative of that gradient by `second`
    /// (`\theta_l` after `\theta_k`), each derived rule by rule; then the matrix of second derivatives in matrix
    /// notation where it has one.
    ///
    /// The second derivation is checked against the dual-number derivative of the gradient, which the first
    /// derivation checks against the loss: together every line is checked against the loss.
    ///
    /// ```swift
    /// let d = try Derivation.hessian(softmaxCE, by: Parser.parseVariable(#"\theta_l"#))
    /// d.result   // \hat{y}_k \delta_{kl} - \hat{y}_k \hat{y}_l, which is diag(ŷ) - ŷŷ^T
    /// ```
    public static func hessian(_ problem: Problem, by second: Expr, style: Style = .standard, budget: Budget = Budget()) throws -> Derivation {
        guard case .variable(let x, let idx) = problem.wrt, case .variable(let y, var idy) = second else {
            throw DerivationError("second derivatives are taken by variables")
        }
        guard idx.count <= 1, idy.count <= 1 else {
            throw DerivationError("second derivatives by a matrix have four indices: differentiate by one entry of it, or by a vector")
        }
        // The second index apart from the first: \theta_k then \theta_l.
        if let i = idx.first, idy == [i], let n = i.name {
            idy = [.named(Expr.freshIndexName(like: n == "k" ? "l" : n, avoiding: problem.loss.allIndexNames.union([n])))]
        }
        var first = problem
        first.matrix = nil
        let gradient = try derive(first, style: style, budget: budget)
        var result = gradient.result
        if case .array(_, let body) = result { result = body }
        var p = problem
        p.lossName = .partial(problem.lossName, wrt: problem.wrt)
        p.loss = result
        p.wrt = .variable(y, idy)
        p.matrix = nil
        try p.check()
        let d = try derive(p, style: .standard, budget: budget)
        var sections = gradient.sections + d.sections.filter { $0.kind != .matrix }
        let free = p.free
        if let last = d.main, free.count == 2 {
            let whole = Expr.partial(.partial(problem.lossName, wrt: .variable(x.vector, [])), wrt: .variable(y.vector, []))
            sections.append(Section.matrixForm(last.result, indices: free.map { .named($0) }, lhs: whole, reference: .partial(result, wrt: p.wrt),
                                               free: free, definitions: last.definitions).0)
        }
        return Derivation(lhs: .partial(p.lossName, wrt: p.wrt), sections: sections, free: free, problem: p,
                          phases: gradient.phases + d.phases.filter { q in !gradient.phases.contains { $0.isSame(as: q) } })
    }
}
