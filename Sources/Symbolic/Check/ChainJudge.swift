import SymbolicCore
import SymbolicLaTeX
import SymbolicRender

/// Judges one chain `A = B = C ...` of a document, line by line: each line against the one before (after a
/// wrong line, against the last one not found wrong, so one mistake is reported once), with the chain's free
/// indices, the indices vectors written whole are read at, and where a chain turns to another quantity.
struct ChainJudge {
    /// What a line is to the truth so far: equal to it, following from a wrong line, or wrong.
    enum State { case right, carried, wrong }

    let checker: Checker
    let document: DocumentContext
    let chain: Chain
    var steps: [StepVerdict] = []
    /// The longest stretch from a derivative to its last line, judged against that derivative, and its length.
    var final: StepVerdict?
    var finalLength: Int

    private var readings: [Checker.Reading] = []
    private var states: [State?] = []
    private var protected = Set<Index>()
    /// The chain's free indices, from its first expression (for a derivative, also the variable's).
    private var free: Set<Index>?
    /// The free indices in the order the chain's first expression has them, so that a matrix written whole
    /// takes its row and column indices.
    private var order: [Index] = []
    private var chainLift: [Index]?
    private var start = 0
    private var segmentEnd = 0
    private var lastRight: Int?
    private var lastCondition: IndexCondition?
    /// Indices a vector written whole is read at: none that a line of the chain uses for anything else.
    private let liftIndices: [Index]

    init(_ checker: Checker, _ document: DocumentContext, _ chain: Chain, finalLength: Int) {
        self.checker = checker
        self.document = document
        var chain = chain
        chain.items = chain.items.map(Checker.withSubscriptCondition)
        self.chain = chain
        self.finalLength = finalLength
        var used = Set<String>()
        let plain = Checker.Scope(einstein: false, indexed: [])
        for item in chain.items { if let e = checker.read(item, plain, protected: [], lift: []).expr { used.formUnion(e.allIndexNames) } }
        let k = Index.named(Expr.freshIndexName(like: "k", avoiding: used))
        liftIndices = [k, .named(Expr.freshIndexName(like: "l", avoiding: used.union([k.name ?? ""])))]
    }

    /// Every line of the chain, judged.
    mutating func run() {
        for (k, item) in chain.items.enumerated() { line(k, item) }
        considerFinal(start, segmentEnd)
        for n in steps.indices {
            guard let k = chain.items.firstIndex(where: { $0.line == steps[n].line && $0.latex == steps[n].latex }), k < readings.count else { continue }
            steps[n].reading = ChainJudge.describe(readings[k])
        }
    }

    /// A reading in words: the expression in derive's LaTeX, or why there is none.
    static func describe(_ r: Checker.Reading) -> String {
        switch r {
        case .expr(let e): return Printer(.latex).print(e)
        case .vector(let e): return Printer(.latex).print(e) + " (a vector, at its entry)"
        case .unreadable(let why): return "not read: " + why
        case .entries(let es): return "the first entries of a column: " + es.map { Printer(.latex).print($0) }.joined(separator: "; ")
        case .indexError(let why): return "an index mistake: " + why
        }
    }

    /// The indices a vector or matrix written whole is read at on the next line: the chain's, or its own.
    private var lift: [Index] {
        if let l = chainLift { return l }
        guard let f = free else { return liftIndices }
        return f.count == 1 ? Array(f) : (f.count == 2 && Set(order) == f ? order : [])
    }

    private mutating func line(_ k: Int, _ item: ChainItem) {
        let reading = checker.read(item, document.scope, protected: protected, lift: lift)
        readings.append(reading)
        states.append(nil)
        if case .entries(let shown) = reading, k > 0 {
            steps.append(entries(k, item, shown))
            return
        }
        guard let e = reading.expr else {
            if k > 0 {
                let v = checker.unverified(item, reading)
                steps.append(v)
                if v.verdict == .invalid { states[k] = .wrong }
            }
            return
        }
        if free == nil || k == 0 { begin(k, item, e, reading); return }
        // Free indices that grow by a parameter the line before hid in a name (the slides' L and \ell) are
        // compared as they stand; growth by the variable's index, or any other change, starts anew.
        // A term shown between dots (`\dots + y_{i \neq j} \hat{y}_j + \dots`) has the index of the sum it is a term of: no growth.
        let hidden = e.symbols.contains { $0.name == Parser.hiddenTerms(1).name }
        if let f = free, !hidden, f.isSubset(of: Set(e.freeIndices)), Set(e.freeIndices) != f,
           !e.contains(where: { if case .derivative(_, let x) = $0 { return !Set(x.freeIndices).isSubset(of: f) }; return false }),
           readings[k - 1].expr != nil {
            free = Set(e.freeIndices)
            order = e.freeIndices
            protected.formUnion(e.freeIndices)
        }
        // Other free indices than the line before: a mistake of indices, unless the line before is a whole
        // vector (or cannot be read), when a component may follow (the row-by-row solution's "j-th row").
        var judgeFree = (free ?? []).compactMap(\.name).sorted()
        if let f = free, Set(e.freeIndices) != f, let previous = readings[k - 1].expr, !readings[k - 1].isVector,
           !previous.contains(where: { if case .derivative(_, .variable(_, let idx)) = $0 { return idx.isEmpty }; return false }) {
            judgeFree = f.union(e.freeIndices).compactMap(\.name).sorted()
        } else if let f = free, Set(e.freeIndices) != f {
            turn(k, item, e, reading, from: f)
            return
        }
        segmentEnd = k
        compare(k, item, e, free: judgeFree)
    }

    /// The chain's first expression, or one after a line that cannot be read: what the lines after it equal.
    private mutating func begin(_ k: Int, _ item: ChainItem, _ e: Expr, _ reading: Checker.Reading) {
        if k > 0 {
            var why = "cannot be read"
            if case .unreadable(let r) = readings[k - 1] { why = r }
            steps.append(StepVerdict(line: item.line, latex: item.latex, verdict: .unverified,
                                     reason: "the expression before it (line \(chain.items[k - 1].line)): \(why)", counterexample: nil))
        }
        free = Set(e.freeIndices)
        order = e.freeIndices
        chainLift = reading.isVector ? liftIndices : nil
        protected = free ?? []
        if case .derivative(let f, let x) = e { protected = Set(x.freeIndices).union(f.freeIndices) }
        start = k
        states[k] = .right
        lastRight = k
    }

    /// A line whose free indices are not the chain's, after a whole vector: one of its components where the prose
    /// names the true class (the row-by-row solution's last line), else another quantity, and the chain starts anew.
    private mutating func turn(_ k: Int, _ item: ChainItem, _ e: Expr, _ reading: Checker.Reading, from f: Set<Index>) {
        // "The $j^{th}$ row of it": the line is the component j of the vector before it.
        // A line before that cannot be read is passed over for the last one read right: they are one vector.
        let row = readings[k - 1].isVector ? k - 1 : lastRight
        if let j = item.component, let p = row, readings[p].isVector, let state = states[p], Set(e.freeIndices) == [Index.named(j)],
           let previous = checker.read(chain.items[p], document.scope, protected: protected, lift: [.named(j)]).expr {
            var v = checker.judge(previous, e, item: item, before: chain.items[p], free: [j], context: document.context,
                                  known: document.known, unusable: document.unusable)
            if v.verdict == .valid { v.reason = state == .right ? "row \(j) of line \(chain.items[p].line), as the text says" : "follows from line \(chain.items[p].line), which was wrong" }
            steps.append(v)
            considerFinal(start, segmentEnd)
            restart(k, e, lift: nil)
            states[k] = v.verdict == .invalid ? .wrong : .right
            if v.verdict != .invalid { lastRight = k }
            return
        }
        if let cls = item.trueClass, readings[k - 1].isVector, let state = states[k - 1] {
            let others = Set(e.freeIndices).subtracting([Index.named(cls)])
            if others.count == 1, let c = others.first, let name = c.name,
               let previous = checker.read(chain.items[k - 1], document.scope, protected: protected, lift: [c]).expr {
                var v = checker.judge(previous, e, item: item, before: chain.items[k - 1], free: [name, cls], context: document.context,
                                      known: document.known, unusable: document.unusable)
                if v.verdict == .valid, state != .right { v.reason = "follows from line \(chain.items[k - 1].line), which was wrong" }
                steps.append(v)
                considerFinal(start, segmentEnd)
                restart(k, e, lift: nil)
                states[k] = v.verdict == .invalid ? .wrong : .right
                if v.verdict != .invalid { lastRight = k }
                return
            }
        }
        considerFinal(start, segmentEnd)
        let show = { (s: Set<Index>) in "{" + s.map(\.description).sorted().joined(separator: ", ") + "}" }
        steps.append(StepVerdict(line: item.line, latex: item.latex, verdict: .unverified,
                                 reason: "free indices change from \(show(f)) to \(show(Set(e.freeIndices))): a component or another quantity, not an equality",
                                 counterexample: nil))
        restart(k, e, lift: reading.isVector ? liftIndices : nil)
        states[k] = .right
        lastRight = k
    }

    private mutating func restart(_ k: Int, _ e: Expr, lift: [Index]?) {
        free = Set(e.freeIndices)
        order = e.freeIndices
        chainLift = lift
        protected = free ?? []
        start = k
    }

    /// A line against the one before it (a row of cases against the line before the cases), the error carried
    /// forward where the line before was wrong, a return to the truth recognised.
    private mutating func compare(_ k: Int, _ item: ChainItem, _ e: Expr, free: [String]) {
        var p = k - 1
        if let note = item.note, note.hasPrefix("if") || note.hasPrefix("otherwise") {
            while p > start, let n = chain.items[p].note, n.hasPrefix("if") || n.hasPrefix("otherwise") { p -= 1 }
        }
        // A case the prose names anew ("If $i \neq j$:" after "If $i = j$:") goes on from the line before the cases.
        if item.condition != nil, chain.items[k - 1].condition != nil, Checker.condition(item) != Checker.condition(chain.items[k - 1]) {
            while p > start, chain.items[p].condition != nil { p -= 1 }
        }
        guard let previous = readings[p].expr, let previousState = states[p] else {
            steps.append(resume(k, item, e, free: free))
            // What follows is judged against this line.
            states[k] = .right
            lastRight = k
            return
        }
        if let w = pastShorthand(k, item, e, free: free, after: p, previous) {
            steps.append(w)
            states[k] = .right
            lastRight = k
            return
        }
        var v = checker.judge(previous, e, item: item, before: chain.items[p], free: free, context: document.context,
                              known: document.known, unusable: document.unusable, otherwise: lastCondition)
        if let c = Checker.condition(item) { lastCondition = c }
        if let s = document.substitutionSteps[DocumentContext.key(item)], v.verdict == .valid {
            v.verdict = .unverified
            v.reason = "puts one for the other of \(Printer(.latex).print(.variable(s, []))) and an expression, which nothing else relates: read as its definition, not judged"
        }
        switch (v.verdict, previousState) {
        case (.valid, .right):
            states[k] = .right
            lastRight = k
        case (.valid, _):
            // The error carried forward: the step itself is right.
            states[k] = .carried
            v.reason = "follows from line \(chain.items[k - 1].line), which was wrong"
        case (.invalid, .wrong):
            // Right after a wrong line, a line may return to what was right.
            if let t = lastRight, let truth = readings[t].expr {
                let back = checker.judge(truth, e, item: item, before: chain.items[t], free: free, context: document.context,
                                         known: document.known, unusable: document.unusable, otherwise: lastCondition)
                if back.verdict == .valid {
                    v = back
                    v.reason = "equals line \(chain.items[t].line): the wrong step is undone"
                    states[k] = .right
                    lastRight = k
                    break
                }
            }
            states[k] = .wrong
        case (.invalid, _):
            states[k] = .wrong
        case (.unverified, _):
            states[k] = .right
            lastRight = k
        }
        steps.append(v)
    }

    /// A line after one that brought in a name nothing defines (`\sum_i u_i (...)`, shorthand or a slip) and that has
    /// that name no more: judged against the last line before it without the name. Equal, it is right; unequal, the
    /// mistake may be in the shorthand line, so it is not pinned on this one. Nil where this does not apply.
    private func pastShorthand(_ k: Int, _ item: ChainItem, _ e: Expr, free: [String], after p: Int, _ previous: Expr) -> StepVerdict? {
        let unknown = previous.symbols.filter { !document.known.contains($0) && document.context.definition(of: $0) == nil }
        guard !unknown.isEmpty, e.symbols.isDisjoint(with: unknown), p > start,
              let j = (start..<p).last(where: { n in
                  states[n] == .right && (readings[n].expr.map { $0.symbols.isDisjoint(with: unknown) } ?? false)
              }),
              let truth = readings[j].expr, Set(truth.freeIndices) == Set(e.freeIndices) else { return nil }
        let names = unknown.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
        let v = across(item, e, free: free, from: j,
                       equal: "equals line \(chain.items[j].line), before line \(chain.items[p].line) brought in \(names), which nothing defines",
                       differs: "differs from line \(chain.items[j].line), but line \(chain.items[p].line) between them brings in \(names), which nothing defines")
        return v.verdict == .unverified ? nil : v
    }

    /// `e` against line j, past lines between them that were not judged: equal, it is right (`equal` says why);
    /// unequal, the mistake may lie between them, so it is unverified (`differs`), not pinned on this line; not judged,
    /// `unjudged` words the reason.
    private func across(_ item: ChainItem, _ e: Expr, free: [String], from j: Int, equal: String, differs: String,
                        unjudged: (String?) -> String? = { $0 }) -> StepVerdict {
        guard let truth = readings[j].expr else {
            return StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: differs, counterexample: nil)
        }
        var v = checker.judge(truth, e, item: item, before: chain.items[j], free: free, context: document.context,
                              known: document.known, unusable: document.unusable, otherwise: lastCondition)
        switch v.verdict {
        case .valid: v.reason = equal
        case .invalid: v = StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: differs, counterexample: nil)
        case .unverified: v.reason = unjudged(v.reason)
        }
        return v
    }

    /// A line after one that cannot be read, against the last line read before it: equal, it is right (the
    /// chain resumes); unequal, the mistake may be in the line not read, so it is not pinned on this one.
    private func resume(_ k: Int, _ item: ChainItem, _ e: Expr, free: [String]) -> StepVerdict {
        var why = "cannot be read"
        if case .unreadable(let r) = readings[k - 1] { why = "cannot be read: " + r }
        let skipped = chain.items[k - 1].line
        guard start < k, let j = (start..<k).last(where: { readings[$0].expr != nil && states[$0] == .right }), let truth = readings[j].expr,
              Set(truth.freeIndices) == Set(e.freeIndices) else {
            return StepVerdict(line: item.line, latex: item.latex, verdict: .unverified,
                               reason: "the expression before it (line \(skipped)) \(why)", counterexample: nil)
        }
        return across(item, e, free: free, from: j,
                      equal: "equals line \(chain.items[j].line), the last read (the expression before it, line \(skipped), \(why))",
                      differs: "differs from line \(chain.items[j].line), but the expression between them (line \(skipped)) \(why)",
                      unjudged: { "the expression before it (line \(skipped)) \(why); against line \(chain.items[j].line): " + ($0 ?? "") })
    }

    /// A column shown in part against the last line read: entry n of that line (its one free index, or the index a
    /// vector is read at, set to n) against the n-th entry shown. The lines after it are judged against that line.
    private func entries(_ k: Int, _ item: ChainItem, _ shown: [Expr]) -> StepVerdict {
        var v = StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: nil, counterexample: nil)
        guard let j = (start..<k).last(where: { readings[$0].expr != nil && states[$0] == .right }), let truth = readings[j].expr else {
            v.reason = "a column shown in part, after nothing that was read"
            return v
        }
        let candidates = Set(truth.freeIndices).subtracting(document.scope.fixedIndices)
        let at: Index? = candidates.count == 1 ? candidates.first : (readings[j].isVector ? lift.first : nil)
        guard let i = at, let name = i.name else {
            v.reason = "a column shown in part, beside a line that is not one vector"
            return v
        }
        let others = (free ?? []).compactMap(\.name).filter { $0 != name }.sorted()
        for (n, entry) in shown.enumerated() {
            let expected = truth.substituting([name: .value(n + 1)])
            let w = checker.judge(expected, entry, item: item, before: chain.items[j], free: others, context: document.context,
                                  known: document.known, unusable: document.unusable)
            switch w.verdict {
            case .valid: continue
            case .invalid:
                var out = w
                out.reason = "entry \(n + 1) is not entry \(n + 1) of line \(chain.items[j].line)"
                return out
            case .unverified:
                v.reason = "entry \(n + 1): " + (w.reason ?? "not judged")
                return v
            }
        }
        v.verdict = .valid
        v.reason = shown.count == 1 ? "its one entry shown equals line \(chain.items[j].line)'s" : "its \(shown.count) entries shown equal line \(chain.items[j].line)'s"
        return v
    }

    /// The final expression of the longest stretch that starts with a derivative, against that derivative.
    private mutating func considerFinal(_ from: Int, _ to: Int) {
        guard to > from, to - from + 1 > finalLength, let first = readings[from].expr,
              first.contains(where: { if case .derivative = $0 { return true }; return false }),
              let last = readings[to].expr else { return }
        finalLength = to - from + 1
        var v = checker.judge(first, last, item: chain.items[to], before: chain.items[from],
                              free: Set(first.freeIndices).union(last.freeIndices).compactMap(\.name).sorted(),
                              context: document.context, known: document.known, unusable: document.unusable)
        if v.verdict == .valid { v.reason = "equals the derivative on line \(chain.items[from].line)" }
        final = v
    }
}
