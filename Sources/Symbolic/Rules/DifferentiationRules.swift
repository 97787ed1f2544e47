import SymbolicCore
import SymbolicFunctions

// MARK: - Differentiation rules
//
// Each rule rewrites one `.derivative(of:wrt:)` node one level down and leaves the inner
// derivatives it creates for later steps, so that the trace shows every rule as it fires.

/// The named differentiation rules, in the order a strategy tries them.
public enum DifferentiationRules {
    /// `∂c/∂x = 0` for anything that does not depend on `x`.
    public static let constant = Rule(name: "d-const", description: "constant") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x) else { return nil }
        return ctx.depends(f, on: s) ? nil : .zero
    }

    /// `∂(a + b) = ∂a + ∂b`, `∂(c f) = c ∂f`, `∂ Σ_i f = Σ_i ∂f`, pushed down to the first non-linear node.
    public static let linearity = Rule(name: "d-linearity", description: "linearity") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x), ctx.depends(f, on: s) else { return nil }
        let pushed = pushLinear(f, x, s, ctx, depth: 0)
        return pushed == e ? nil : pushed
    }

    static func pushLinear(_ f: Expr, _ x: Expr, _ s: Symbol, _ ctx: RuleContext, depth: Int) -> Expr {
        guard depth < 500, ctx.depends(f, on: s) else { return ctx.depends(f, on: s) ? .partial(f, wrt: x) : .zero }
        switch f {
        case .add(let ts):
            return .plus(ts.map { pushLinear($0, x, s, ctx, depth: depth + 1) })
        case .multiply(let fs):
            let constant = fs.filter { !ctx.depends($0, on: s) }
            guard !constant.isEmpty else { return .partial(f, wrt: x) }
            let rest = Expr.mul(fs.filter { ctx.depends($0, on: s) })
            return .mul(constant + [pushLinear(rest, x, s, ctx, depth: depth + 1)])
        case .sum(let i, let r, let body):
            // A dummy that clashes with an index of the variable is renamed first.
            if let n = i.name, x.freeIndices.contains(i) {
                let fresh = Expr.freshIndexName(like: n, avoiding: f.allIndexNames.union(x.allIndexNames))
                let renamed = body.substituting([n: .named(fresh)])
                return .indexSum(.named(fresh), r, pushLinear(renamed, x, s, ctx, depth: depth + 1))
            }
            return .indexSum(i, r, pushLinear(body, x, s, ctx, depth: depth + 1))
        default:
            return .partial(f, wrt: x)
        }
    }

    /// `∂(c f) = c ∂f` for a number `c` only: the minus sign in front, as the row-by-row homework solution takes it out first.
    public static let constantFactor = Rule(name: "d-constant-factor", description: "constant factor") { e, _ in
        guard case .derivative(let f, let x) = e, case .multiply(let fs) = f, fs.count >= 2, let c = fs.first?.numberValue else { return nil }
        return .mul([.number(c), .partial(.mul(Array(fs.dropFirst())), wrt: x)])
    }

    /// `∂(a + b) = ∂a + ∂b` at the top only: a loss of several terms (a prior and a likelihood) taken term by term.
    public static let termByTerm = Rule(name: "d-term-by-term", description: "term by term") { e, _ in
        guard case .derivative(let f, let x) = e, case .add(let ts) = f else { return nil }
        return .plus(ts.map { .partial($0, wrt: x) })
    }

    /// `∂x_i/∂x_j = δ_ij`, `∂W_ij/∂W_kl = δ_ik δ_jl`, `∂x/∂x = 1`.
    public static let variable = Rule(name: "d-var", description: "index derivative") { e, _ in
        guard case .derivative(let f, let x) = e, case .variable(let a, let ia) = f, case .variable(let b, let ib) = x,
              a == b, ia.count == ib.count else { return nil }
        return .mul(zip(ia, ib).map { Expr.kronecker($0, $1) })
    }

    /// `∂(X^{-1})_{ij} = -\sum_a \sum_b (X^{-1})_{ia} ∂X_{ab} (X^{-1})_{bj}`: the derivative of `X X^{-1} = I`.
    public static let inverse = Rule(name: "d-inverse", description: "derivative of an inverse") { e, ctx in
        guard case .derivative(.variable(let inv, let idx), let x) = e, idx.count == 2, let s = ctx.wrtSymbol(x),
              let (kind, base) = inv.matrixFunction, kind == .inverse, inv != s, ctx.depends(.variable(base, []), on: s) else { return nil }
        let (a, b) = freshPair(avoiding: e.allIndexNames)
        let body = Expr.mul([.minusOne, .variable(inv, [idx[0], a]), .partial(.variable(base, [a, b]), wrt: x), .variable(inv, [b, idx[1]])])
        return .indexSum(a, IndexRange(), .indexSum(b, IndexRange(), body))
    }

    /// `∂ \det X = \det X \sum_a \sum_b (X^{-1})_{ba} ∂X_{ab}`: Jacobi's formula.
    public static let determinant = Rule(name: "d-det", description: "Jacobi's formula") { e, ctx in
        guard case .derivative(.variable(let det, let idx), let x) = e, idx.isEmpty, let s = ctx.wrtSymbol(x),
              let (kind, base) = det.matrixFunction, kind == .determinant, det != s,
              ctx.depends(.variable(base, []), on: s) else { return nil }
        let (a, b) = freshPair(avoiding: e.allIndexNames)
        let body = Expr.mul([.variable(base.inverse, [b, a]), .partial(.variable(base, [a, b]), wrt: x)])
        return .mul([.variable(det, []), .indexSum(a, IndexRange(), .indexSum(b, IndexRange(), body))])
    }

    /// Two dummy names for the entries of a matrix: the first two free letters of `a, b, c, ...`.
    static func freshPair(avoiding taken: Set<String>) -> (Index, Index) {
        var free = ["a", "b", "c", "d", "e", "p", "q", "r", "s"].filter { !taken.contains($0) }
        while free.count < 2 { free.append(Expr.freshIndexName(like: "a", avoiding: taken.union(free))) }
        return (.named(free[0]), .named(free[1]))
    }

    /// `∂ f(u) = f'(u) ∂u` for each elementary function of the table that has a derivative, in the table's order:
    /// `d-exp`, `d-log`, `d-sigmoid`, ...
    public static let elementary: [Rule] = FunctionTable.entries.compactMap { entry in
        guard entry.derivative(.zero) != nil else { return nil }
        return Rule(name: entry.rule.name, description: entry.rule.description) { e, _ in
            guard case .derivative(let f, let x) = e, case .apply(entry.function, let args) = f, args.count == 1,
                  let outer = entry.derivative(args[0]) else { return nil }
            return .mul([outer, .partial(args[0], wrt: x)])
        }
    }

    /// The chain rule of one elementary function (`.log` gives `d-log`).
    public static func rule(for f: Function) -> Rule? {
        guard let name = FunctionTable.entry(for: f)?.rule.name else { return nil }
        return elementary.first { $0.name == name }
    }

    /// `∂e^u = e^u ∂u`.
    public static let exp = rule(for: .exp) ?? function
    /// `∂ log u = (1/u) ∂u`.
    public static let log = rule(for: .log) ?? function

    /// `∂ f(u) = f'(u) ∂u` for a function named by the user.
    public static let function = Rule(name: "d-function", description: "chain rule") { e, ctx in
        guard case .derivative(let f, let x) = e, case .apply(let fn, let args) = f, args.count == 1 else { return nil }
        switch fn {
        case .named, .prime: return .mul([.apply(.prime(fn), args), .partial(args[0], wrt: x)])
        default: return nil
        }
    }

    /// `∂(f/g) = (∂f g - f ∂g) / g^2`, for a product with a denominator that depends on `x`.
    public static let quotient = Rule(name: "d-quotient", description: "quotient rule") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x), case .multiply(let fs) = f else { return nil }
        let (num, den) = Expr.splitFraction(fs)
        guard !den.isEmpty, ctx.depends(.mul(den), on: s), ctx.depends(.mul(num), on: s) else { return nil }
        let n = Expr.mul(num), d = Expr.mul(den)
        return .mul([.sub(.mul([.partial(n, wrt: x), d]), .mul([n, .partial(d, wrt: x)])), .pow(d, .int(-2))])
    }

    /// `∂(f/g) = ∂f / g - f / g^2 ∂g`: the quotient rule as the Einstein-notation homework and the backpropagation slides write it.
    public static let quotientSplit = Rule(name: "d-quotient-split", description: "quotient rule") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x), case .multiply(let fs) = f else { return nil }
        let (num, den) = Expr.splitFraction(fs)
        guard !den.isEmpty, ctx.depends(.mul(den), on: s), ctx.depends(.mul(num), on: s) else { return nil }
        let n = Expr.mul(num), d = Expr.mul(den)
        return .sub(.mul([.partial(n, wrt: x), .pow(d, .minusOne)]), .mul([n, .pow(d, .int(-2)), .partial(d, wrt: x)]))
    }

    /// `∂(f g) = ∂f g + f ∂g`, over every factor that depends on `x`.
    public static let product = Rule(name: "d-product", description: "product rule") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x), case .multiply(let fs) = f else { return nil }
        let dependent = fs.indices.filter { ctx.depends(fs[$0], on: s) }
        guard dependent.count >= 2 else { return nil }
        return .plus(dependent.map { k in .mul(fs.enumerated().map { $0.offset == k ? .partial($0.element, wrt: x) : $0.element }) })
    }

    /// `∂ u^n = n u^{n-1} ∂u` for an exponent that does not depend on `x`.
    public static let power = Rule(name: "d-power", description: "power rule") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x), case .power(let u, let n) = f,
              !ctx.depends(n, on: s) else { return nil }
        return .mul([n, .pow(u, .plus([n, .minusOne])), .partial(u, wrt: x)])
    }

    /// `∂ \hat{y}_i / ∂θ_k`: replace a defined symbol by its definition where it is differentiated.
    public static let unfold = Rule(name: "unfold", description: "definition") { e, ctx in
        guard case .derivative(let f, let x) = e, let s = ctx.wrtSymbol(x), case .variable(let sym, let idx) = f,
              sym != s, let def = ctx.definition(of: sym), ctx.depends(f, on: s),
              let body = def.instantiate(idx) else { return nil }
        // Keep the body's dummies apart from the indices of the variable differentiated by.
        var b = body
        for n in x.allIndexNames where b.boundIndexNames.contains(n) {
            let fresh = Expr.freshIndexName(like: n, avoiding: b.allIndexNames.union(x.allIndexNames))
            b = b.renamingBound(n, to: fresh)
        }
        return .partial(b, wrt: x)
    }

    /// A derivative worked out in an earlier section, used where it appears again (with any indices).
    public static let known = Rule(name: "use-known", description: "the result above") { e, ctx in
        guard case .derivative(_, .variable(let x, _)) = e else { return nil }
        for k in ctx.known(by: x) where k.condition == nil { if let r = k.instance(of: e) { return r } }
        return nil
    }

    /// A derivative worked out where two indices differ, used where they do: inside `\sum_{k \neq j}`, and in
    /// the `otherwise` row of cases `k = j`.
    public static let knownApart = Rule(name: "use-known-apart", description: "the result above") { e, ctx in
        let apart = ctx.known.filter { $0.condition?.isEqual == false }
        guard !apart.isEmpty else { return nil }
        func replace(_ body: Expr, _ a: Index, _ b: Index) -> Expr {
            body.postwalk { node in
                for k in apart { if let r = k.instance(of: node, apart: (a, b)) { return r } }
                return node
            }
        }
        switch e {
        case .sum(let i, let r, let body):
            guard let (j, _) = body.exclusion(of: i) else { return nil }
            return .indexSum(i, r, replace(body, i, j))
        case .piecewise(let ps, let o):
            guard ps.count == 1, let c = ps.first?.condition, c.isEqual else { return nil }
            return .cases(ps, otherwise: replace(o, c.lhs, c.rhs))
        default:
            return nil
        }
    }

    /// `∂f/∂x = Σ_m ∂f/∂s_m ∂s_m/∂x` when `f` depends on `x` only through one defined symbol `s`; when `f`
    /// holds `s` at one fixed index (`-\log \hat{y}_\ell`), the sum has that one term.
    public static let chainThrough = Rule(name: "d-chain", description: "chain rule") { e, ctx in
        guard case .derivative(let f, let x) = e, let xs = ctx.wrtSymbol(x), !f.symbols.contains(xs) else { return nil }
        let through = f.symbols.filter { s in ctx.definition(of: s) != nil && ctx.depends(.variable(s, []), on: xs) }
        guard through.count == 1, let s = through.first, let def = ctx.definition(of: s) else { return nil }
        if case .variable(s, _) = f { return nil }
        // Where f holds s: one index tuple free of bound indices gives one term.
        var tuples = Set<[Index]>()
        var bound = false
        func walk(_ e: Expr, _ b: Set<Index>) {
            switch e {
            case .variable(s, let idx):
                tuples.insert(idx)
                if idx.contains(where: { b.contains($0) }) { bound = true }
            case .sum(let i, _, let body): walk(body, b.union([i]))
            case .array(let idx, let body): walk(body, b.union(idx))
            default: e.children.forEach { walk($0, b) }
            }
        }
        walk(f, [])
        if !bound, tuples.count == 1, let t = tuples.first {
            let via = Expr.variable(s, t)
            return .mul([.partial(f, wrt: via), .partial(via, wrt: x)])
        }
        var taken = e.allIndexNames
        var fresh: [Index] = []
        for _ in def.indices {
            let n = Expr.freshIndexName(like: ["m", "n", "p", "q"].first { !taken.contains($0) } ?? "m", avoiding: taken)
            taken.insert(n)
            fresh.append(.named(n))
        }
        let via = Expr.variable(s, fresh)
        var out = Expr.mul([.partial(f, wrt: via), .partial(via, wrt: x)])
        for i in fresh.reversed() { out = .indexSum(i, IndexRange(), out) }
        return out
    }

    /// `∂J/∂x_k = \sum ∂J/∂\hat{y}_a ∂\hat{y}_a/∂v_b ∂v_b/∂h_c ∂h_c/∂t_d ∂t_d/∂x_k`: the chain rule through every
    /// definition between the loss and the variable at once (the Einstein-notation homework), each defined symbol with an index of its own
    /// (its definition's, where free), summed over.
    public static let chainPath = Rule(name: "d-chain-all", description: "chain rule through every definition") { e, ctx in
        guard case .derivative(let f, let x) = e, let xs = ctx.wrtSymbol(x), var path = ctx.path(from: f, to: xs) else { return nil }
        // A defined name (the loss J) is the chain's start, not a step of it.
        if case .variable(let s0, _) = f, path.first?.symbol == s0 { path.removeFirst() }
        guard !path.isEmpty else { return nil }
        var taken = e.allIndexNames
        var chained: [Index] = []
        var factors: [Expr] = []
        var previous = f
        for d in path {
            let idx = dummies(for: d, avoiding: &taken)
            chained += idx
            let via = Expr.variable(d.symbol, idx)
            factors.append(.partial(previous, wrt: via))
            previous = via
        }
        factors.append(.partial(previous, wrt: x))
        // The index nearest the loss innermost, so that the product can be summed up from the loss's side.
        var out = Expr.mul(factors)
        for i in chained { out = .indexSum(i, IndexRange(), out) }
        return out
    }

    /// Indices for a defined symbol in a chain: its definition's own names where they are free, else fresh.
    static func dummies(for d: Definition, avoiding taken: inout Set<String>) -> [Index] {
        d.indices.map { formal in
            let base = formal.name ?? "a"
            let n = taken.contains(base) ? Expr.freshIndexName(like: ["a", "b", "c", "d", "e"].first { !taken.contains($0) } ?? base, avoiding: taken) : base
            taken.insert(n)
            return .named(n)
        }
    }

    /// `∂F/∂x = \sum_a ∂F/∂s_a ∂s_a/∂x` through one given definition `s`: backpropagation one layer at a time.
    public static func chain(via d: Definition) -> Rule {
        Rule(name: "d-chain-via", description: "chain rule") { e, _ in
            guard case .derivative(let f, let x) = e else { return nil }
            if case .variable(d.symbol, _) = f { return nil }
            var taken = e.allIndexNames
            let idx = dummies(for: d, avoiding: &taken)
            let via = Expr.variable(d.symbol, idx)
            var out = Expr.mul([.partial(f, wrt: via), .partial(via, wrt: x)])
            for i in idx { out = .indexSum(i, IndexRange(), out) }
            return out
        }
    }

    /// `∂f/∂x_i` where `f` holds `x` only as `x_\ell`: `∂f/∂x_\ell` where `i = \ell`, and `0` elsewhere (the backpropagation slides).
    public static let indexCases = Rule(name: "d-index-cases", description: "where the indices agree, and elsewhere") { e, ctx in
        guard case .derivative(let f, .variable(let xs, let jdx)) = e, jdx.count == 1, let i = jdx.first, i.isNamed else { return nil }
        var tuples = Set<[Index]>()
        var clean = true
        func walk(_ e: Expr, _ b: Set<Index>) {
            switch e {
            case .variable(let s, let idx):
                if s == xs {
                    tuples.insert(idx)
                    if idx.contains(where: { b.contains($0) }) { clean = false }
                } else if ctx.reaches(s, xs) {
                    clean = false
                }
            case .sum(let k, _, let body): walk(body, b.union([k]))
            case .array(let idx, let body): walk(body, b.union(idx))
            default: e.children.forEach { walk($0, b) }
            }
        }
        walk(f, [])
        guard clean, tuples.count == 1, let t = tuples.first, t.count == 1, let l = t.first, l != i, l.isNamed else { return nil }
        return .cases([Expr.Piece(.partial(f, wrt: .variable(xs, [l])), if: IndexCondition(i, l))], otherwise: .zero)
    }

    /// `∂ cases(v_1 if c_1, ..., w otherwise) = cases(∂v_1 if c_1, ..., ∂w otherwise)`: conditions on indices do not move.
    public static let cases = Rule(name: "d-cases", description: "derivative of each case") { e, _ in
        guard case .derivative(let f, let x) = e, case .piecewise(let ps, let o) = f else { return nil }
        return .cases(ps.map { Expr.Piece(.partial($0.value, wrt: x), if: $0.condition) }, otherwise: .partial(o, wrt: x))
    }

    /// Every differentiation rule, in the order the default strategy tries them.
    public static let all: [Rule] = all(quotient: quotient)

    /// Every differentiation rule with the given form of the quotient rule (styles write it differently);
    /// with `known`, a derivative worked out in an earlier section is used before a definition is unfolded.
    public static func all(quotient q: Rule, known useKnown: Bool = false) -> [Rule] {
        // The exponential and the logarithm before the product rules, the other functions after them: the
        // order in which the rules fire, so the order of the lines.
        let early = elementary.filter { $0.name == exp.name || $0.name == log.name }
        let late = elementary.filter { $0.name != exp.name && $0.name != log.name }
        return [constant, linearity, variable, inverse, determinant] + (useKnown ? [known] : []) + [unfold] + early + [q, product, power] + late + [cases, function]
    }
}
