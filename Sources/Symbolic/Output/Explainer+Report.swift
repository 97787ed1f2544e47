import SymbolicCore
import SymbolicRender

// MARK: - The index report of one expression (`derive explain EXPR`)

extension Explainer {
    /// What the indices of `e` do, in sentences: the expression with every sum written out, its free indices, its
    /// summed ones (and, in Einstein notation, what implies each), where each delta stands, an index that a term
    /// repeats three times, and the conformance error of a sum whose terms have different free indices.
    /// `written` is the expression as typed, before implicit sums were made explicit (for the three-times check).
    ///
    /// ```swift
    /// Explainer(printer: Printer(.unicode), context: Context()).report(Einstein.explicit(e, protected: []), written: e)
    /// ```
    public func report(_ e: Expr, written: Expr? = nil) -> (sentences: [String], conforms: Bool) {
        var out: [String] = []
        var plain = printer.notation
        plain.einstein = false
        out.append("Read as " + wrap(Printer(plain).print(e)) + ".")
        let hidden = einstein ? Explainer.hiddenSums(e) : []
        if !hidden.isEmpty {
            out.append("In Einstein notation " + list(hidden.map(index)) + (hidden.count == 1 ? " is summed: it is" : " are summed: each is") + " repeated in a product.")
        }
        out += indexSentences(before: nil, after: e)
        if e.freeIndices.isEmpty { out.append("No index is free: it is one number.") }
        for s in Explainer.deltaSites(e) { out.append(status(s)) }
        if let w = written { out += Explainer.tripled(w).map { i, term in
            "Warning: " + index(i) + " stands three times or more in " + math(term) + "; Einstein notation allows an index at most twice in a term (once to be summed with its pair)."
        } }
        do { try e.checkIndices() } catch let error as IndexError {
            out.append("Index error: " + error.message + ". Every term of a sum must carry the same free indices, "
                       + "or some of them and then be the same for every value of the others: an equation holds for each value of its free indices.")
            return (out, false)
        } catch {
            return (out, false)
        }
        return (out, true)
    }

    /// The products of `e` in which an index stands three times or more.
    static func tripled(_ e: Expr) -> [(Index, Expr)] {
        var out: [(Index, Expr)] = []
        var stack = [e]
        var budget = 200_000
        while let node = stack.popLast(), budget > 0 {
            budget -= 1
            if case .multiply(let fs) = node {
                var count: [Index: Int] = [:]
                for f in fs { for i in f.freeIndices where i.isNamed { count[i, default: 0] += f.occurrences(of: i) } }
                for (i, n) in count.sorted(by: { $0.key < $1.key }) where n >= 3 && !out.contains(where: { $0.0 == i }) { out.append((i, node)) }
            }
            stack += node.children.reversed()
        }
        return out
    }
}
