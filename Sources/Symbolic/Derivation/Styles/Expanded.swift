import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

// MARK: - The style of the row-by-row homework solution: rows written out, the term i = j worked apart

extension Style {
    /// After the row-by-row homework solution: the gradient as a column of rows, the sums in them written out; one row worked out with
    /// the log of the quotient split, the term `i = j` and the terms `i \neq j` worked apart and put back;
    /// the vector of rows; and the row when `k` is the true class, by cases.
    public static let expanded: Style = {
        let constant = Phase("constant", [DifferentiationRules.constantFactor])
        // Derivatives pushed in, the log of the quotient split, then the log rule: the terms keep their derivatives.
        let push = Phase("linearity", [DifferentiationRules.constant, DifferentiationRules.linearity])
        let logRule = Phase("log", [DifferentiationRules.constant, DifferentiationRules.linearity, DifferentiationRules.log])
        let logs = Phase("logs", [AlgebraRules.logProduct, AlgebraRules.logExp])
        let terms = Phase("terms", DifferentiationRules.all + [IndexRules.deltaContract])
        let tidy = Phase("simplify", [IndexRules.deltaContract, AlgebraRules.fold])
        let multiply = Phase("expand", [AlgebraRules.expandAll])
        let combine = Phase("simplify", [AlgebraRules.distributeSign, IndexRules.mergeTerm, IndexRules.factorOut, IndexRules.sumToOne])
        let useKnown = Phase("known", [DifferentiationRules.known])
        let cases = Phase("cases", [IndexRules.splitCases], limit: 1)
        return Style(
            name: "expanded",
            summary: "the gradient as a column of rows; one row with the term i = j worked apart; the true class by cases (after the row-by-row solution)",
            shapes: [.layer],
            requirement: { p in _ = try Style.expandedRows(p) },
            plan: Plan { b in
                let p = b.problem
                let (x, j, jn, d) = try Style.expandedRows(p)
                let unfold = Phase("substitute", [AlgebraRules.substitute([d.symbol])])
                let gradient = Expr.partial(p.lossName, wrt: .variable(x.vector, []))

                // The column of rows, their sums written out, then the definition put in.
                let rows = Expr.array([j], b.derivative)
                var column = try b.run(rows, [constant])
                if let last = column.last?.expr {
                    column.append(Step(last, rule: "write-out", description: "row by row",
                                       presentation: Presentation(arrays: .entries, sums: .written)))
                    let substituted = try b.run(last, [unfold]).dropFirst().map { s -> Step in
                        var s = s
                        s.presentation = Presentation(arrays: .entries, sums: .written)
                        return s
                    }
                    column += substituted
                }
                b.sections.append(Section(kind: .display, lhs: gradient, steps: column, reference: rows, free: p.free))

                // One row, to the terms that still hold derivatives; the term i = j split off.
                let row = try b.run(b.derivative, [constant, unfold, push, logs, logRule,
                                                   Phase("split", [IndexRules.splitTerm(at: j)], limit: 1)])
                b.sections.append(Section(kind: .main, lhs: .partial(p.lossName, wrt: p.wrt), steps: row, reference: b.derivative, free: p.free))
                guard let line = row.last?.expr else { return }
                try b.workTermsApart(line, phases: [terms, tidy, multiply], finish: [combine])
                let result = b.sections.last?.result ?? line

                // The vector of rows.
                b.know(.partial(p.lossName, wrt: p.wrt), equals: result)
                try b.display(.partial(p.lossName, wrt: p.wrt), lhs: gradient, rules: [useKnown], definitions: b.lossNameDefinition, named: true)

                // The true class k: y_i = \delta_{ik}, and the row by cases.
                guard let y = p.context.assumptions.first(where: { if case .oneHot = $0 { return true }; return false })?.symbol else { return }
                let taken = result.allIndexNames.union(p.loss.allIndexNames).union(p.context.definitions.flatMap { $0.body.allIndexNames })
                let k = Index.named(Expr.freshIndexName(like: "k", avoiding: taken.union([jn])))
                let i = Index.named(Expr.freshIndexName(like: "i", avoiding: [k.name ?? ""]))
                let oneHot = Definition(symbol: y, indices: [i], body: .kronecker(i, k))
                let context = b.rules.adding(oneHot)
                let trueClass = try b.run(result, [Phase("substitute", [AlgebraRules.substitute([y])]), Phase("contract", [IndexRules.deltaContract]), cases],
                                          rules: context)
                var free = p.free
                if let kn = k.name { free.append(kn) }
                b.sections.append(Section(kind: .assumption, lhs: .partial(p.lossName, wrt: p.wrt), steps: trueClass, reference: b.derivative,
                                          free: free, definitions: [oneHot]))
            },
            notation: {
                var n = Notation.latex
                n.exponential = .function
                n.logParentheses = true
                return n
            }(),
            vectorForm: false,
            names: Names(index: "j"))
    }()

    /// What the expanded style writes row by row: the variable's symbol and its named index, and the defined
    /// symbol (the softmax) between the loss and the variable.
    static func expandedRows(_ p: Problem) throws -> (Symbol, Index, String, Definition) {
        guard case .variable(let x, let xIndices) = p.wrt, xIndices.count == 1, let j = xIndices.first, let jn = j.name else {
            throw DerivationError("the expanded style writes the gradient by a vector row by row; differentiate by one entry, such as \\theta_j")
        }
        guard let d = p.intermediate(RuleContext(p.context)) else {
            throw DerivationError("the expanded style works through a defined symbol between the loss and the variable (a softmax); this problem has none")
        }
        guard p.sumsOverEntries(of: d) else {
            throw DerivationError("the expanded style works out the term i = j of a loss that sums over the softmax's outputs (a cross-entropy over all classes); this loss has no such sum")
        }
        return (x, j, jn, d)
    }
}
