import Foundation
import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

// MARK: - Judging one step: the numeric comparison, under the conditions the document states

extension Checker {
    /// A condition `k \neq j` or `i = \ell` from a note or the prose.
    static func condition(_ item: ChainItem) -> IndexCondition? {
        if let note = item.note, let c = condition(note.replacingOccurrences(of: "if", with: "")) { return c }
        return item.condition.flatMap { condition($0) }
    }

    static func condition(_ source: String) -> IndexCondition? {
        var text = source.trimmingCharacters(in: .whitespaces)
        text = text.replacingOccurrences(of: "\\forall", with: "")
        let equal = !text.contains("\\neq") && !text.contains("\\ne ")
        let parts = text.components(separatedBy: equal ? "=" : (text.contains("\\neq") ? "\\neq" : "\\ne"))
        guard parts.count == 2 else { return nil }
        func index(_ s: String) -> Index? {
            let t = s.trimmingCharacters(in: .whitespaces)
            if t == "\\ell" { return .named("\\ell") }
            if t.count == 1, let c = t.first, c.isLetter { return .named(t) }
            return nil
        }
        guard let a = index(parts[0]), let b = index(parts[1]) else { return nil }
        return IndexCondition(a, b, isEqual: equal)
    }

    /// Indices a defined name hides: with `L = -\log \hat{y}_\ell`, every `L` depends on `\ell`, which must
    /// then take every value like a free index.
    static func hiddenIndices(_ e: Expr, _ context: Context) -> [String] {
        var out: [String] = []
        var seen = Set<Symbol>()
        var stack = Array(e.symbols).sorted()
        while let s = stack.popLast() {
            guard seen.insert(s).inserted, let d = context.definition(of: s) else { continue }
            for i in d.body.freeIndices where !d.indices.contains(i) { if let n = i.name, !out.contains(n) { out.append(n) } }
            stack += d.body.symbols.sorted()
        }
        return out
    }

    /// One step, `after` against `before`, under what the line's note or prose says (a condition, the true
    /// class): valid, invalid with a counterexample, or unverified with the reason (a condition that is not
    /// read, a symbol nothing defines, a derivative nothing says how to take).
    func judge(_ before: Expr, _ after: Expr, item: ChainItem, before beforeItem: ChainItem, free: [String],
               context: Context, known: Set<Symbol>, unusable: Set<Symbol>, otherwise: IndexCondition? = nil) -> StepVerdict {
        let v = judgeAsRead(before, after, item: item, before: beforeItem, free: free, context: context, known: known, unusable: unusable,
                            otherwise: otherwise)
        guard v.verdict != .valid else { return v }
        let again = { (b: Expr, a: Expr) in
            judgeAsRead(b, a, item: item, before: beforeItem, free: free, context: context, known: known, unusable: unusable, otherwise: otherwise)
        }
        let relabelled = withDroppedLabels(v, before, after, known: known, judge: again)
        guard relabelled.verdict != .valid else { return relabelled }
        let renamed = withRenamedVariable(v, before, after, context: context, known: known, judge: again)
        guard renamed.verdict != .valid else { return renamed }
        var out = withShorthandSum(v, before, after, known: known, judge: again)
        if out.verdict == .invalid {
            out.mistake = mistake(before, after, beforeLine: beforeItem.line, counterexample: out.counterexample, context: context, judge: again)
        }
        return out
    }

    private func judgeAsRead(_ before: Expr, _ after: Expr, item: ChainItem, before beforeItem: ChainItem, free: [String],
                             context: Context, known: Set<Symbol>, unusable: Set<Symbol>, otherwise: IndexCondition?) -> StepVerdict {
        var v = StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: nil, counterexample: nil)
        var a = after, b = before
        var context = context
        var free = free
        if let k = item.trueClass {
            // "k is the true class": the one-hot labels are y_i = \delta_{ik} in this block, for every k.
            let y = context.assumptions.first { if case .oneHot = $0 { return true }; return false }?.symbol ?? Symbol("y")
            let i = Index.named(k == "i" ? "j" : "i")
            context.definitions.removeAll { $0.symbol == y }
            context.definitions.append(Definition(symbol: y, indices: [i], body: .kronecker(i, .named(k))))
            context.assumptions.removeAll { $0.symbol == y }
            if !free.contains(k) { free.append(k) }
        }
        let condition: IndexCondition?
        switch Checker.condition(of: item, otherwise: otherwise) {
        case .failure(let why): v.reason = why.message; return v
        case .success(let c): condition = c
        }
        if let c = condition {
            // Both sides under the condition, zero elsewhere: equal exactly where the condition holds.
            a = .cases([Expr.Piece(a, if: c)], otherwise: .zero)
            b = .cases([Expr.Piece(b, if: c)], otherwise: .zero)
        }
        if let why = Checker.unjudgeable(before, after, context: context, known: known) { v.reason = why; return v }
        var freeNames = free
        for i in a.freeIndices + b.freeIndices { if let n = i.name, !freeNames.contains(n) { freeNames.append(n) } }
        for n in Checker.hiddenIndices(a, context) + Checker.hiddenIndices(b, context) where !freeNames.contains(n) { freeNames.append(n) }
        // Sizes 2 to 7, every one-hot class position at each: enough to refute a wrong step, at half the cost.
        let validator = Validator(context: context, tolerance: tolerance, seed: seed, minimumPoints: points, sizeConfigurations: sizeConfigurations,
                                  evaluationBudget: evaluationBudget)
        let report: ValidationReport
        do { report = try validator.validate(reference: b, against: [a], free: freeNames) } catch {
            v.reason = "\(error)"
            return v
        }
        switch report.checks[0].verdict {
        case .valid:
            v.verdict = .valid
            if let c = condition { v.reason = "where \(c.lhs) \(c.isEqual ? "=" : "≠") \(c.rhs)" }
        case .unverified(let why):
            v.reason = why
        case .invalid(let c):
            // Undefined symbols are inputs, free to take any value; but one the document defines in a form
            // that cannot be used (t = xW + b) might make the step right: no verdict then.
            let blocked = after.symbols.union(before.symbols).map(\.component).filter { unusable.contains($0) }
            if !blocked.isEmpty {
                let names = blocked.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
                v.reason = "not equal unless the definition of \(names), which is not in index form, makes it so; give --let"
            } else if let why = Checker.replacedByUndefined(before, after, context: context) {
                v.reason = why
            } else {
                v.verdict = .invalid
                v.counterexample = c
                v.reason = "not equal to the expression on line \(beforeItem.line)"
            }
        }
        return v
    }

    /// The condition a line holds under, from its note or the prose (`otherwise` after a case: where that case
    /// does not hold); a failure where the note states a condition that is not read.
    static func condition(of item: ChainItem, otherwise: IndexCondition?) -> Result<IndexCondition?, CheckError> {
        guard item.note != nil || item.condition != nil else { return .success(nil) }
        var condition = Checker.condition(item)
        if condition == nil, let note = item.note, note.hasPrefix("otherwise"), let c = otherwise {
            condition = IndexCondition(c.lhs, c.rhs, isEqual: !c.isEqual)
        }
        if condition == nil, let note = item.note, note.hasPrefix("if") || note.hasPrefix("otherwise") || note.hasPrefix("\\forall") {
            return .failure(CheckError("holds only under a condition (\(note)) that is not read"))
        }
        return .success(condition)
    }

    /// Why a step cannot be judged though both sides read: a symbol it brings in that nothing defines (the
    /// tutorial's `\Sigma` for the sum is shorthand, not a quantity), or a derivative of something whose
    /// dependence on the variable nothing says (`\partial z_j / \partial w_j` would be 0 by default).
    static func unjudgeable(_ before: Expr, _ after: Expr, context: Context, known: Set<Symbol>) -> String? {
        // Dots read as terms not written compare only with the same dots.
        let hidden = { (e: Expr) in e.symbols.filter { $0.name == Parser.hiddenTerms(1).name } }
        if hidden(before) != hidden(after) {
            return "the dots stand for terms not written, and the two lines do not leave out the same ones"
        }
        let introduced = after.symbols.subtracting(before.symbols).subtracting(known).filter { $0.name != "\\pi" }
        if !introduced.isEmpty {
            let names = introduced.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
            return "brings in \(names), which nothing defines"
        }
        // `E = x^2 + 1` (or `CE(\mathbf{y}, \hat{\mathbf{y}}) = ...`) where nothing defines E: the line names E, it is no
        // equation to judge (E would be drawn at random, and the step called wrong).
        if case .variable(let name, _) = before, !known.contains(name), !after.symbols.contains(name), context.definition(of: name) == nil {
            return "the line before names \(Printer(.latex).print(before)), which nothing else defines: a name given here, not a step"
        }
        let rc = RuleContext(context)
        for side in [before, after] {
            var vacuous: Expr?
            _ = side.contains { node in
                guard case .derivative(let f, .variable(let x, _)) = node, !rc.depends(f, on: x),
                      !f.symbols.subtracting(known).isEmpty || !known.contains(x) else { return false }
                vacuous = node
                return true
            }
            if let d = vacuous {
                var unknown = d.children[0].symbols.subtracting(known)
                if unknown.isEmpty { unknown = d.children[0].symbols }
                let names = unknown.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
                return "nothing defines how \(names) depends on the variable in \(Printer(.latex).print(d))"
            }
        }
        return nil
    }

    /// `\frac{e^{\theta_i}}{\sum_m e^{\theta_m}}` becoming `\hat{y}_i` where nothing defines \hat{y}: unequal with \hat{y}
    /// drawn apart from \theta, but right if \hat{y} is that expression, which nothing says. Only for a name the document
    /// differentiates itself (`\partial \hat{y}_i / \partial \theta_k`), which it plainly takes for a function of something.
    static func replacedByUndefined(_ before: Expr, _ after: Expr, context: Context) -> String? {
        let assumed = Set(context.assumptions.map(\.symbol))
        let undefined = { (s: Symbol) in context.definition(of: s) == nil && !assumed.contains(s) }
        let gone = before.symbols.subtracting(after.symbols)
        // A derivative worked out may well leave its variable behind (\partial f_n / \partial a_e = z_{ne}).
        guard !gone.isEmpty, gone.allSatisfy(undefined),
              !before.contains(where: { if case .derivative = $0 { return true }; return false }) else { return nil }
        let dependent = before.symbols.union(after.symbols).filter { undefined($0) && context.implicitlyDependent.contains($0) }
        guard !dependent.isEmpty else { return nil }
        let p = Printer(.latex)
        let names = { (s: Set<Symbol>) in s.map { p.print(.variable($0, [])) }.sorted().joined(separator: ", ") }
        return "not equal with \(names(dependent)) drawn apart from \(names(gone)), but the document differentiates \(names(dependent)) "
            + "as a function of something and nothing defines it: it may stand for the expression it replaces"
    }
}
