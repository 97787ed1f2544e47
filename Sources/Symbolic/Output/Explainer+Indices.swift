import SymbolicCore
import SymbolicRender

// MARK: - What the indices of an expression are: free, summed, where each delta stands

extension Explainer {
    /// Where a delta stands: the sum that binds one of its indices (innermost), and whether the delta is a plain
    /// factor of that sum's term (confined to the term) or has a sum of terms between (the sum covers terms without it).
    struct DeltaSite: Hashable {
        var a: Index
        var b: Index
        var summed: Index?
        var confined: Bool
        var pair: Set<Index> { [a, b] }
    }

    /// Every delta of `e` and where it stands, walked with a stack of our own (no recursion the input can deepen).
    static func deltaSites(_ e: Expr) -> [DeltaSite] {
        struct Bound { var index: Index; var crossed: Bool }
        var out: [DeltaSite] = []
        var stack: [(Expr, [Bound])] = [(e, [])]
        var budget = 200_000
        while let (node, bound) = stack.popLast(), budget > 0 {
            budget -= 1
            switch node {
            case .delta(let a, let b):
                let binder = bound.last { $0.index == a || $0.index == b }
                let site = DeltaSite(a: a, b: b, summed: binder?.index, confined: binder.map { !$0.crossed } ?? false)
                if !out.contains(site) { out.append(site) }
            case .sum(let i, _, let body):
                stack.append((body, bound + [Bound(index: i, crossed: false)]))
            case .multiply(let fs):
                for f in fs.reversed() { stack.append((f, bound)) }
            default:
                // A sum of terms, a power, a function or a derivative between the sum and the delta: not a plain factor.
                let crossed = bound.map { Bound(index: $0.index, crossed: true) }
                for c in node.children.reversed() { stack.append((c, crossed)) }
            }
        }
        return out
    }

    /// The sums of `e` that Einstein notation must write out, each with a term that shows why (its index once, or
    /// three times).
    static func writtenOutSums(_ e: Expr) -> [(index: Index, term: Expr, count: Int)] {
        var out: [(index: Index, term: Expr, count: Int)] = []
        var stack = [e]
        var budget = 200_000
        while let node = stack.popLast(), budget > 0 {
            budget -= 1
            if case .sum(let i, _, let body) = node, let n = i.name, !n.hasPrefix("#"), !Printer.hidesSum(node), !out.contains(where: { $0.index == i }) {
                let terms: [Expr]
                if case .add(let ts) = body.innermost { terms = ts } else { terms = [body.innermost] }
                if let t = terms.first(where: { $0.occurrences(of: i) != 2 }) { out.append((i, t, t.occurrences(of: i))) }
            }
            stack += node.children.reversed()
        }
        return out
    }

    /// Sentences on the indices where they change: which are free (an equation for each value), which summed.
    func indexSentences(before: Expr?, after: Expr) -> [String] {
        // Indices of the engine's own (#m1, made for a matrix product) are not the reader's: they are left out.
        func shown(_ i: Index) -> Bool { i.name.map { !$0.hasPrefix("#") } ?? false }
        let free = after.freeIndices.filter(shown)
        let dummies = after.summedIndices.filter(shown)
        var out: [String] = []
        if before.map({ $0.freeIndices.filter(shown) != free }) ?? !free.isEmpty {
            out.append(free.isEmpty ? "No index is free: the line is one number."
                       : (free.count == 1 ? "Free index " : "Free indices ") + list(free.map(index)) + ": one equation for each value.")
        }
        if before.map({ Set($0.summedIndices.filter(shown)) != Set(dummies) }) ?? !dummies.isEmpty {
            out.append(dummies.isEmpty ? "No index is summed any more."
                       : (dummies.count == 1 ? "Summed (dummy) index: " : "Summed (dummy) indices: ") + list(dummies.map(index)) + ".")
        }
        return out
    }

    /// Where Einstein notation hides a sum in the first line, and what the line says written out.
    func einsteinOpening(_ e: Expr) -> [String] {
        guard einstein else { return [] }
        let hidden = Explainer.hiddenSums(e)
        guard !hidden.isEmpty else { return [] }
        var plain = printer.notation
        plain.einstein = false
        let written = Printer(plain).print(e)
        return ["In Einstein notation an index repeated in a product is summed over (here " + list(hidden.map(index))
                + "). Written out, this line is " + wrap(written) + "."]
    }

    /// The indices of the sums that Einstein notation leaves unwritten in `e`.
    static func hiddenSums(_ e: Expr) -> [Index] {
        e.summedIndices.filter { i in
            e.contains { if case .sum(let j, _, _) = $0, j == i { return Printer.hidesSum($0) }; return false }
        }
    }

    /// Sums that the step writes out in Einstein notation, and why.
    func einsteinBreaks(before: Expr, after: Expr) -> [String] {
        guard einstein else { return [] }
        let old = Set(Explainer.writtenOutSums(before).map(\.index))
        return Explainer.writtenOutSums(after).filter { !old.contains($0.index) }.map { s in
            s.count >= 3
                ? "Warning: " + index(s.index) + " stands three times in " + math(s.term) + ", which Einstein notation does not allow; the sum over it is written out."
                : "The sum over " + index(s.index) + " is written out: in " + math(s.term) + " the index stands "
                    + (s.count == 1 ? "once" : "\(s.count) times") + ", so no repeated index implies it."
        }
    }
}
