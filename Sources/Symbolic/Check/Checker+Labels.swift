import SymbolicCore
import SymbolicRender

// MARK: - Labels a document drops for a while ("I'll drop the superscript on W and b for this calculation")

extension Checker {
    /// `e` with each name of `map` put for by its image, indices kept.
    static func renaming(_ e: Expr, _ map: [Symbol: Symbol]) -> Expr {
        e.postwalk { n in
            if case .variable(let s, let idx) = n, let t = map[s] { return .variable(t, idx) }
            return n
        }
    }

    /// "W as W^{(2)}, b as b^{(2)}": a reading in words, in a fixed order.
    static func said(_ map: [Symbol: Symbol]) -> String {
        let p = Printer(.latex)
        return map.sorted { $0.key < $1.key }.map { "\(p.print(.variable($0.key, []))) as \(p.print(.variable($0.value, [])))" }
            .joined(separator: ", ")
    }

    /// Most readings tried for one step: every way of giving the bare names one of their labels.
    static let labelReadingLimit = 16

    /// A step that is not valid as read, where a name written bare (`W`, `b`) is known only with labels (`W^{(1)}`,
    /// `W^{(2)}`): judged again with each way of giving the bare names labels the document uses. Valid under one of
    /// them, it is valid, and the reason says which; otherwise the verdict as read stands. Wrong under every one
    /// proves nothing: one bare name may stand for two labelled ones in a line (`W_{fg}` for `W^{(1)}` beside
    /// `W_{cb}` for `W^{(2)}`).
    func withDroppedLabels(_ v: StepVerdict, _ before: Expr, _ after: Expr, known: Set<Symbol>,
                           judge: (Expr, Expr) -> StepVerdict) -> StepVerdict {
        let bare = before.symbols.union(after.symbols).filter { $0.label == nil && !known.contains($0) }.sorted()
        var choices: [(Symbol, [Symbol])] = []
        for s in bare {
            let labelled = known.filter { $0.label != nil && $0.name == s.name && $0.accent == s.accent && $0.bold == s.bold }.sorted()
            if !labelled.isEmpty { choices.append((s, labelled)) }
        }
        guard !choices.isEmpty else { return v }
        var readings: [[Symbol: Symbol]] = [[:]]
        for (s, options) in choices {
            readings = readings.flatMap { r in options.map { o in r.merging([s: o]) { a, _ in a } } }
            guard readings.count <= Checker.labelReadingLimit else { return v }
        }
        for r in readings {
            var w = judge(Checker.renaming(before, r), Checker.renaming(after, r))
            switch w.verdict {
            case .valid:
                w.reason = "with " + Checker.said(r) + ", the label the document leaves off" + (w.reason.map { "; " + $0 } ?? "")
                return w
            case .invalid, .unverified:
                continue
            }
        }
        return v
    }

    /// A derivative by a name nothing uses but derivatives (`\frac{\partial \hat{y}_2}{\partial u_1}` where \hat{y} is
    /// defined over x, and nothing over u): the document has renamed its variable. Judged again with u read as the one
    /// input of the differentiated name's definition that has as many indices; valid so, it is valid, and says so.
    /// Not where the user names the problem (its variable is the one meant).
    func withRenamedVariable(_ v: StepVerdict, _ before: Expr, _ after: Expr, context: Context, known: Set<Symbol>,
                             judge: (Expr, Expr) -> StepVerdict) -> StepVerdict {
        // A problem the user names says what the variable is: a document over another is not read into it.
        guard problem == nil else { return v }
        var renames: [Symbol: Symbol] = [:]
        for side in [before, after] {
            _ = side.contains { node in
                guard case .derivative(let f, .variable(let u, let idx)) = node, !known.contains(u), context.definition(of: u) == nil,
                      renames[u] == nil else { return false }
                // The inputs of what f's names are defined by, with as many indices as u has.
                var inputs = Set<Symbol>()
                var seen = Set<Symbol>()
                var stack = Array(f.symbols)
                while let s = stack.popLast(), seen.count < 64 {
                    guard seen.insert(s).inserted else { continue }
                    guard let d = context.definition(of: s) else { continue }
                    _ = d.body.contains { n in
                        if case .variable(let x, let xi) = n, xi.count == idx.count, context.definition(of: x) == nil, x != u { inputs.insert(x) }
                        return false
                    }
                    stack += d.body.symbols
                }
                if inputs.count == 1, let x = inputs.first { renames[u] = x }
                return false
            }
        }
        guard !renames.isEmpty else { return v }
        var w = judge(Checker.renaming(before, renames), Checker.renaming(after, renames))
        guard w.verdict == .valid else { return v }
        w.reason = "with " + Checker.said(renames) + ": what it differentiates is defined over that, and nothing over the name written"
            + (w.reason.map { "; " + $0 } ?? "")
        return w
    }

    /// `\Sigma` brought in for the one sum of the line before (`\frac{e^{x_1}(\Sigma - e^{x_1})}{\Sigma \times \Sigma}` after
    /// `e^{x_1} + e^{x_2} + \dots + e^{x_k}`): judged again with that sum in its place; valid so, it is valid, and says so.
    func withShorthandSum(_ v: StepVerdict, _ before: Expr, _ after: Expr, known: Set<Symbol>, judge: (Expr, Expr) -> StepVerdict) -> StepVerdict {
        let sigma = Symbol("\\Sigma")
        guard !known.contains(sigma), after.symbols.contains(sigma), !before.symbols.contains(sigma) else { return v }
        var sums: [Expr] = []
        _ = before.contains { n in
            if case .sum = n, n.freeIndices.isEmpty, !sums.contains(where: { $0.isAlphaEquivalent(to: n) }) { sums.append(n) }
            return false
        }
        guard sums.count == 1, let sum = sums.first else { return v }
        let shown = after.replacingVariable(sigma) { idx in idx.isEmpty ? sum : nil }
        guard !shown.symbols.contains(sigma) else { return v }
        var w = judge(before, shown)
        guard w.verdict == .valid else { return v }
        w.reason = "with \\Sigma read as \(Printer(.latex).print(sum)), the one sum of the line before" + (w.reason.map { "; " + $0 } ?? "")
        return w
    }
}
