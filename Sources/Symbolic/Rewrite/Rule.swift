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
        normalized = Set(context.definitions.filter(RuleContext.isNormalized).map(\.symbol))
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
            var seen = Set<Symbol>()
            var stack = usedBy[target] ?? []
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
        if RuleContext.isNormalized(d) { out.normalized.insert(d.symbol) }
        out.index(d)
        return out
    }

    /// Defined symbols whose definition has the form `g_i / \sum_m g_m` (a softmax, for one):
    /// their components sum to one.
    public private(set) var normalized: Set<Symbol>

    /// True when the components of `symbol` are known to sum to one, by assumption or by definition.
    public func sumsToOne(_ symbol: Symbol) -> Bool { context.sumsToOne(symbol) || normalized.contains(symbol) }

    /// Normalized over the last index: `\hat{y}_{nk} = e^{z_{nk}} / \sum_l e^{z_{nl}}` sums to one over `k` for each `n`.
    static func isNormalized(_ d: Definition) -> Bool {
        guard let i = d.indices.last else { return false }
        let fs = d.body.factors
        for (p, f) in fs.enumerated() {
            guard case .power(.sum(let m, _, let g), let ex) = f, ex == .minusOne, let mn = m.name else { continue }
            var rest = fs
            rest.remove(at: p)
            return Expr.mul(rest).isAlphaEquivalent(to: g.substituting([mn: i]))
        }
        return false
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
        var current = f
        for _ in 0...context.definitions.count {
            let through = current.symbols.filter { s in definition(of: s) != nil && s != x && depends(.variable(s, []), on: x) }
            if current.symbols.contains(x) { return through.isEmpty ? out : nil }
            guard through.count == 1, let s = through.first, let d = definition(of: s), !out.contains(where: { $0.symbol == s }) else { return nil }
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

/// A derivative worked out before, `∂ŷ_i/∂x_j = result`, to be used wherever the same derivative
/// appears with any indices.
///
/// ```swift
/// let k = KnownDerivative(derivative: jacobianEntry, result: jacobianResult)
/// k.instance(of: .partial(yhat_a, wrt: x_b))   // the result with i -> a, j -> b
/// ```
public struct KnownDerivative: Sendable {
    /// `∂s_{idx}/∂x_{jdx}` with distinct index names (the formal indices).
    public var derivative: Expr
    public var result: Expr
    /// Where the result holds only under a condition on the formal indices (`k \neq j`).
    public var condition: IndexCondition?

    public init(derivative: Expr, result: Expr, condition: IndexCondition? = nil) {
        self.derivative = derivative
        self.result = result
        self.condition = condition
    }

    /// The result for `e` when `e` is the same derivative with other indices; `nil` otherwise. The indices
    /// of the variable (and of the differentiated symbol, when it is one) are formal: `∂(-\log \hat{y}_\ell)/∂\hat{y}_i`
    /// known gives `∂(-\log \hat{y}_\ell)/∂\hat{y}_\ell` with `i = \ell`.
    public func instance(of e: Expr) -> Expr? { instance(of: e, apart: nil) }

    /// With `apart`, the indices known to differ there: the condition `k \neq j` must map onto them.
    public func instance(of e: Expr, apart: (Index, Index)?) -> Expr? {
        guard case .derivative(let f, .variable(let x, let jdx)) = e,
              case .derivative(let f0, .variable(let x0, let jdx0)) = derivative, x == x0, jdx.count == jdx0.count else { return nil }
        var pairs = Array(zip(jdx0, jdx))
        if case .variable(let s0, let idx0) = f0 {
            guard case .variable(let s, let idx) = f, s == s0, idx.count == idx0.count else { return nil }
            pairs += zip(idx0, idx)
        }
        var map: [String: Index] = [:]
        for (formal, actual) in pairs {
            if let n = formal.name {
                if let seen = map[n], seen != actual { return nil }
                map[n] = actual
            } else if formal != actual {
                return nil
            }
        }
        if case .variable = f0 {} else {
            guard f0.substituting(map).isAlphaEquivalent(to: f) else { return nil }
        }
        if let c = condition {
            func mapped(_ i: Index) -> Index { i.name.flatMap { map[$0] } ?? i }
            let (a, b) = (mapped(c.lhs), mapped(c.rhs))
            if c.isEqual {
                guard a == b else { return nil }
            } else {
                guard let (x, y) = apart, Set([a, b]) == Set([x, y]) else { return nil }
            }
        }
        return result.substituting(map)
    }
}

extension Expr {
    /// The symbols of the variables that occur.
    public var symbols: Set<Symbol> {
        var out = Set<Symbol>()
        func walk(_ e: Expr) {
            if case .variable(let s, _) = e { out.insert(s) }
            e.children.forEach(walk)
        }
        walk(self)
        return out
    }
}

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
    private let body: @Sendable (Expr, RuleContext) -> Expr?

    public init(name: String, description: String, _ body: @escaping @Sendable (Expr, RuleContext) -> Expr?) {
        self.name = name
        self.description = description
        self.body = body
    }

    /// The rewritten node, or `nil` when the rule does not apply here or changes nothing.
    public func apply(_ e: Expr, _ ctx: RuleContext) -> Expr? {
        guard let r = body(e, ctx), r != e else { return nil }
        return r
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
