/// Why a rewriting run stopped.
public enum StopReason: String, Sendable, Equatable {
    /// No rule applies any more.
    case saturated
    /// The step budget ran out.
    case stepLimit = "step-limit"
    /// An expression grew past the node budget.
    case nodeLimit = "node-limit"
    /// An expression grew deeper than the depth budget.
    case depthLimit = "depth-limit"
}

/// Limits on a rewriting run: every loop over rewriting has one.
public struct Budget: Sendable {
    public var steps: Int
    public var nodes: Int
    /// Nesting depth; at most `Expr.depthLimit`, the depth every walk is safe at.
    public var depth: Int
    public init(steps: Int = 200, nodes: Int = 200_000, depth: Int = Expr.depthLimit) {
        self.steps = steps
        self.nodes = nodes
        self.depth = min(depth, Expr.depthLimit)
    }
}

/// One application of a rule set: the new expression and the rules that fired.
public struct Rewrite: Sendable {
    public var result: Expr
    public var rules: [Rule]
}

public enum Strategy {
    /// Applies `rule` at every outermost position where it matches, in one top-down pass.
    /// A node produced by the rule is not revisited in the same pass.
    ///
    /// Returns `nil` when the rule matches nowhere.
    public static func once(_ rule: Rule, _ e: Expr, _ ctx: RuleContext) -> Expr? {
        once([rule], e, ctx)?.result
    }

    /// Like `once(_:_:_:)` for a set: at each node the first matching rule of `rules` fires.
    public static func once(_ rules: [Rule], _ e: Expr, _ ctx: RuleContext) -> Rewrite? {
        var failures = Failures()
        return once(rules, e, ctx, &failures)
    }

    /// The nodes each rule that `remembersFailures` did not match, kept across the steps of one run.
    public struct Failures {
        var nodes: [String: Set<Expr>] = [:]
        public init() {}
    }

    static func once(_ rules: [Rule], _ e: Expr, _ ctx: RuleContext, _ failures: inout Failures) -> Rewrite? {
        var fired: [String: Rule] = [:]
        var order: [String] = []
        func walk(_ e: Expr, _ depth: Int) -> Expr? {
            guard depth < 4_000 else { return nil }
            for r in rules {
                if r.remembersFailures, failures.nodes[r.name]?.contains(e) == true { continue }
                if let out = r.apply(e, ctx) {
                    if fired[r.name] == nil { fired[r.name] = r; order.append(r.name) }
                    return out
                }
                if r.remembersFailures { failures.nodes[r.name, default: []].insert(e) }
            }
            let cs = e.children
            guard !cs.isEmpty else { return nil }
            var changed = false
            var next: [Expr] = []
            next.reserveCapacity(cs.count)
            for c in cs {
                if let n = walk(c, depth + 1) { next.append(n); changed = true } else { next.append(c) }
            }
            guard changed else { return nil }
            let rebuilt = e.withChildren(next)
            return rebuilt == e ? nil : rebuilt
        }
        guard let out = walk(e, 0) else { return nil }
        return Rewrite(result: out, rules: order.compactMap { fired[$0] })
    }

    /// The first rule of `rules` that matches anywhere in `e`, applied at all its outermost places.
    public static func firstRewrite(_ rules: [Rule], _ e: Expr, _ ctx: RuleContext) -> (Expr, Rule)? {
        var failures = Failures()
        return firstRewrite(rules, e, ctx, &failures)
    }

    /// `firstRewrite` that remembers, in `failures`, where the costly rules did not match.
    public static func firstRewrite(_ rules: [Rule], _ e: Expr, _ ctx: RuleContext,
                                    _ failures: inout Failures) -> (Expr, Rule)? {
        for r in rules {
            if let out = once([r], e, ctx, &failures)?.result { return (out, r) }
        }
        return nil
    }
}
