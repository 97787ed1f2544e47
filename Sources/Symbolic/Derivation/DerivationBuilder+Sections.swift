import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

// MARK: - Sections that styles share: a defined symbol's derivative first, arrays written out

extension DerivationBuilder {
    /// The defined symbol through which the loss depends on the variable (the softmax `\hat{y}`), when
    /// there is exactly one such first step.
    public func intermediate() -> Definition? { problem.intermediate(rules) }

    /// `∂\hat{y}_i/∂x_j` for a definition and the variable: the definition's indices, renamed apart
    /// from the variable's; the loss's own indices when the loss is the defined symbol.
    public func entry(of d: Definition, preferring name: String? = nil) -> Expr {
        if case .variable(let s, let idx) = problem.loss, s == d.symbol { return .partial(.variable(s, idx), wrt: problem.wrt) }
        var taken = problem.wrt.allIndexNames
        if let name, d.indices.count == 1, !taken.contains(name) { return .partial(.variable(d.symbol, [.named(name)]), wrt: problem.wrt) }
        var lhsIndices: [Index] = []
        for i in d.indices {
            guard let n = i.name, taken.contains(n) else {
                lhsIndices.append(i)
                if let n = i.name { taken.insert(n) }
                continue
            }
            let fresh = Expr.freshIndexName(like: ["i", "j", "a", "b"].first { !taken.contains($0) } ?? n, avoiding: taken)
            taken.insert(fresh)
            lhsIndices.append(.named(fresh))
        }
        return .partial(.variable(d.symbol, lhsIndices), wrt: problem.wrt)
    }

    /// The free index names of an expression, in order.
    static func names(_ e: Expr) -> [String] { e.freeIndices.compactMap(\.name) }

    /// A section that writes an array out entry by entry: `\frac{\partial \hat{\mathbf{y}}}{\partial \mathbf{x}}`
    /// as the matrix of its partials, then (by the rules given, such as `use-known`) of their values; with
    /// `named`, a last line shows the vector by its name where it has one (`\mathbf{e}_\ell`, `\hat{\mathbf{y}} - \mathbf{y}`).
    /// `definitions` hold for the section's lines only (the loss's name, for `\partial L / \partial \hat{y}_1`).
    public mutating func display(_ entry: Expr, lhs: Expr, rules phases: [Phase], context: RuleContext? = nil,
                                 definitions: [Definition] = [], named: Bool = false) throws {
        let entryIndices = DerivationBuilder.names(entry)
        let array = Expr.array(entryIndices.map { .named($0) }, entry)
        var steps = try run(array, phases, rules: context)
        // The entry's indices come first (an array's indices are positional); then what else is free (\ell).
        var free = entryIndices
        for n in steps.flatMap({ DerivationBuilder.names($0.expr) }) + problem.free where !free.contains(n) { free.append(n) }
        for k in steps.indices { steps[k].presentation = Presentation(arrays: .entries) }
        if named, let last = steps.last?.expr, last.hasVectorForm {
            steps.append(Step(last, rule: "vector-form", description: "as a vector", presentation: Presentation(arrays: .compact)))
        }
        sections.append(Section(kind: .display, lhs: lhs, steps: steps, reference: array, free: free, definitions: definitions))
    }

    /// The loss's name defined as the loss, so that `\partial L / \partial \hat{y}_1` has a value.
    var lossNameDefinition: [Definition] { problem.lossNameDefinition }

    /// Where `e` has a term split off a sum (`f_j + \sum_{i \neq j} f_i`): the summand `f_i`, its index `i`,
    /// and the term `f_j`.
    static func splitTerm(in e: Expr) -> (summand: Expr, index: Index, apart: Index, term: Expr)? {
        var found: (Expr, Index, Index, Expr)?
        _ = e.contains { node in
            guard found == nil, case .sum(let i, _, let body) = node, let n = i.name, let (j, rest) = body.exclusion(of: i) else { return false }
            let term = rest.substituting([n: j])
            guard e.contains(where: { $0.alphaNormalized == term.alphaNormalized }) else { return false }
            found = (rest, i, j, term)
            return true
        }
        return found
    }

    /// The term split off and the summand of the others, each worked out in a section of its own (under
    /// its condition on the indices), then put back in a section that goes on from `line` with `finish`.
    public mutating func workTermsApart(_ line: Expr, phases: [Phase], finish: [Phase]) throws {
        guard let (summand, i, j, term) = DerivationBuilder.splitTerm(in: line) else {
            throw DerivationError("no term was split off a sum here, so there are no cases to work out apart")
        }
        var free = DerivationBuilder.names(line)
        for n in [i.name, j.name].compactMap({ $0 }) where !free.contains(n) { free.append(n) }
        var results: [(Expr, Expr)] = []
        for (start, condition) in [(term, IndexCondition(i, j)), (summand, IndexCondition(i, j, isEqual: false))] {
            let decide = Phase("condition", [IndexRules.deltas(under: condition)])
            let steps = try run(start, phases.map { var p = $0; p.rules += decide.rules; return p })
            results.append((start, steps.last?.expr ?? start))
            sections.append(Section(kind: .term, lhs: nil, steps: steps, reference: start, free: free, condition: condition))
        }
        let back = Phase("terms", [AlgebraRules.use(results)])
        let steps = try run(line, [back] + finish)
        sections.append(Section(kind: .combination, lhs: nil, steps: steps, reference: derivative, free: problem.free))
    }

    /// The result of the last section in matrix notation, as a section of its own: the line's meaning in
    /// indices is what the numeric check compares. Where no matrix form exists, nothing is added and the
    /// reason is given back.
    @discardableResult
    public mutating func matrixForm(lhs: Expr, evenIfNamed: Bool = false) -> String? {
        guard let last = sections.last, case .variable(_, let idx) = problem.wrt, !idx.isEmpty, idx.allSatisfy(\.isNamed) else { return nil }
        let result = last.result
        // A vector that prints by its name already says it in matrix notation, unless the problem was written in it.
        if idx.count == 1, !evenIfNamed, result.vectorForm(index: idx[0]) != nil { return nil }
        let (section, reason) = Section.matrixForm(result, indices: idx, lhs: lhs, reference: derivative, free: problem.free, definitions: last.definitions)
        sections.append(section)
        return reason
    }
}

extension Section {
    /// `result` (the entries at `indices`) in matrix notation, as a section of its own whose lines mean their
    /// entries, checked against `reference`; where no matrix form exists, the index form alone with the reason,
    /// which is also given back.
    public static func matrixForm(_ result: Expr, indices idx: [Index], lhs: Expr, reference: Expr, free: [String],
                                  definitions: [Definition]) -> (Section, String?) {
        var body = result
        if case .array(_, let b) = result { body = b }
        let start = Step(.array(idx, body), rule: "start", description: "the expression to work out")
        do {
            let m = try MatrixForm.convert(body, free: idx)
            let step = Step(.array(idx, m.entry(at: idx)), rule: "matrix-form", description: "in matrix notation", matrix: m)
            return (Section(kind: .matrix, lhs: lhs, steps: [start, step], reference: .array(idx, reference), free: free, definitions: definitions), nil)
        } catch {
            // No matrix form: the index form stays, and says why.
            var only = start
            only.note = "no matrix form: \(error)"
            return (Section(kind: .matrix, lhs: lhs, steps: [only], reference: .array(idx, reference), free: free, definitions: definitions), "\(error)")
        }
    }
}

extension Problem {
    /// The loss's name defined as the loss, so that `\partial L / \partial \hat{y}_1` has a value.
    public var lossNameDefinition: [Definition] {
        // A free index of the loss (\ell) is the same index wherever the name stands.
        guard case .variable(let s, let idx) = lossName, idx.isEmpty, !loss.symbols.contains(s) else { return [] }
        return [Definition(symbol: s, indices: [], body: loss)]
    }
}
