import Foundation

/// What a rule may consult besides the expression: definitions, assumptions and which
/// symbols each defined symbol depends on (computed once).
public struct RuleContext: Sendable {
    /// The context the lookups below are built from; extend it with `adding(_:)`, which keeps them in step.
    public private(set) var context: Context
    /// Derivatives worked out in earlier sections, for the rule `use-known`; add with `learn(_:)`.
    public private(set) var known: [KnownDerivative] = []
    /// Their places in `known` by the symbol differentiated by: a deep network knows a derivative per layer,
    /// and each derivative in an expression need only be tried against those by its own variable.
    private var knownByVariable: [Symbol: [Int]] = [:]

    /// One more known derivative.
    public mutating func learn(_ k: KnownDerivative) {
        if case .derivative(_, .variable(let x, _)) = k.derivative { knownByVariable[x, default: []].append(known.count) }
        known.append(k)
    }

    /// These known derivatives instead of the ones so far.
    public mutating func setKnown(_ ks: [KnownDerivative]) {
        known = []
        knownByVariable = [:]
        for k in ks { learn(k) }
    }

    /// The known derivatives by `x`, in the order they were found.
    public func known(by x: Symbol) -> [KnownDerivative] { (knownByVariable[x] ?? []).map { known[$0] } }
    /// For each symbol, the defined symbols whose definitions hold it (the edges of the definitions' graph,
    /// reversed), so that what depends on a variable is found by one walk from it.
    private var usedBy: [Symbol: [Symbol]] = [:]
    /// What depends on each variable asked about, worked out on first use: a deep network asks about a
    /// few variables, where every definition's reach set would cost time and memory quadratic in the depth.
    private var dependentsCache = DependentsCache()
    /// The symbols each definition's body holds, for a quick test of whether it can be folded back.
    public private(set) var bodySymbols: [Symbol: Set<Symbol>] = [:]
    /// Definitions by one symbol of their body (the least in order): only those whose symbol stands in an
    /// expression can fold into it, so folding costs no more with a hundred layers than with two.
    public private(set) var foldIndex: [Symbol: [Definition]] = [:]
    /// Each definition by its symbol, and its place in the list (the first of a symbol counts, as in `Context`).
    private var definitionOf: [Symbol: Definition] = [:]
    private var position: [Symbol: Int] = [:]

    /// The definition of `symbol`, if any (`Context.definition(of:)` without the search).
    public func definition(of symbol: Symbol) -> Definition? { definitionOf[symbol] }

    public init(_ context: Context) {
        self.context = context
        for d in context.definitions where bodySymbols[d.symbol] == nil { record(d) }
        for d in context.definitions { index(d) }
    }

    private mutating func index(_ d: Definition) {
        if definitionOf[d.symbol] == nil {
            definitionOf[d.symbol] = d
            position[d.symbol] = position.count
        }
        guard let key = bodySymbols[d.symbol]?.min() else { foldIndex[Symbol("#")] = (foldIndex[Symbol("#")] ?? []) + [d]; return }
        foldIndex[key, default: []].append(d)
    }

    /// The definitions that may fold into an expression holding `symbols`, latest first.
    public func foldable(into symbols: Set<Symbol>) -> [Definition] {
        var out: [Definition] = foldIndex[Symbol("#")] ?? []
        for s in symbols { if let ds = foldIndex[s] { out += ds.filter { bodySymbols[$0.symbol]?.isSubset(of: symbols) ?? false } } }
        // Later definitions first, as the context lists them.
        return out.sorted { (position[$0.symbol] ?? 0) > (position[$1.symbol] ?? 0) }
    }

    private mutating func record(_ d: Definition) {
        let body = d.body.symbols
        bodySymbols[d.symbol] = body
        for t in body.sorted() { usedBy[t, default: []].append(d.symbol) }
    }

    /// The defined symbols whose definitions reach `target`, directly or through other definitions.
    public func dependents(of target: Symbol) -> Set<Symbol> {
        dependentsCache.value(for: target) {
            // X^{-1} and \det X move with X, and so does what is defined through them.
            let computed = target.matrixFunction == nil ? [target.inverse, target.determinant] : []
            var seen = Set<Symbol>(computed)
            var stack = (usedBy[target] ?? []) + computed.flatMap { usedBy[$0] ?? [] }
            while let s = stack.popLast() {
                guard seen.insert(s).inserted else { continue }
                stack.append(contentsOf: usedBy[s] ?? [])
            }
            return seen
        }
    }

    /// A defined symbol whose definition uses it, directly or through others; the first in the list's order
    /// that a walk finds on a cycle. One depth-first walk, without recursion: time linear in the definitions.
    public func selfReference() -> Symbol? {
        enum Mark { case open, done }
        var mark: [Symbol: Mark] = [:]
        for d in context.definitions where mark[d.symbol] == nil {
            var stack: [(Symbol, [Symbol])] = [(d.symbol, (bodySymbols[d.symbol] ?? []).sorted().filter { definitionOf[$0] != nil })]
            mark[d.symbol] = .open
            while let (s, next) = stack.last {
                guard let t = next.last else {
                    mark[s] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].1.removeLast()
                switch mark[t] {
                case .open: return t
                case .done: continue
                case nil:
                    mark[t] = .open
                    stack.append((t, (bodySymbols[t] ?? []).sorted().filter { definitionOf[$0] != nil }))
                }
            }
        }
        return nil
    }

    /// Whether the definition of `s` reaches `target` (a definition that reaches its own symbol uses itself).
    public func reaches(_ s: Symbol, _ target: Symbol) -> Bool { dependents(of: target).contains(s) }

    /// The same context with one more definition (a name for a result, the adjoint of backpropagation).
    public func adding(_ d: Definition) -> RuleContext {
        var out = self
        out.context.definitions.append(d)
        if out.bodySymbols[d.symbol] == nil {
            out.record(d)
            // What depends on what may change: a new cache, not shared with the context without `d`. (Updating
            // the old sets instead costs more: a deep network asks about a new target at every layer.)
            out.dependentsCache = DependentsCache()
        }
        out.index(d)
        return out
    }

    /// True when `e` may change as `symbol` changes, through definitions too.
    public func depends(_ e: Expr, on symbol: Symbol) -> Bool {
        let through = dependents(of: symbol)
        return e.contains { node in
            guard case .variable(let s, _) = node else { return false }
            return s == symbol || through.contains(s)
        }
    }

    /// The definitions between `f` and the variable `x`, nearest first, when `f` reaches `x` through one
    /// defined symbol at each step (a chain: a network without branches); empty when `f` holds `x` itself,
    /// `nil` when the way branches.
    public func path(from f: Expr, to x: Symbol) -> [Definition]? {
        var out: [Definition] = []
        var visited = Set<Symbol>()
        var current = f
        // What reaches x, found once: a defined symbol is on the way when its definition reaches x.
        let reaching = dependents(of: x)
        for _ in 0...context.definitions.count {
            let symbols = current.symbols
            let through = symbols.filter { s in s != x && reaching.contains(s) && definition(of: s) != nil }
            if symbols.contains(x) { return through.isEmpty ? out : nil }
            guard through.count == 1, let s = through.first, let d = definition(of: s), visited.insert(s).inserted else { return nil }
            out.append(d)
            current = d.body
        }
        return nil
    }

    /// The symbol a derivative is taken with respect to (`\theta` for `\partial \theta_k`).
    public func wrtSymbol(_ x: Expr) -> Symbol? {
        if case .variable(let s, _) = x { return s }
        return nil
    }
}

/// Sets worked out once and shared by the copies of one `RuleContext` (they have the same definitions);
/// a lock, as contexts cross tasks.
final class DependentsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [Symbol: Set<Symbol>] = [:]

    func value(for key: Symbol, _ compute: () -> Set<Symbol>) -> Set<Symbol> {
        lock.lock()
        defer { lock.unlock() }
        if let s = sets[key] { return s }
        let s = compute()
        sets[key] = s
        return s
    }
}
