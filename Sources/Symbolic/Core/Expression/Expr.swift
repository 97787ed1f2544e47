/// A mathematical expression in canonical form.
///
/// Sums over indices are always explicit (`Σ_i` with a range); Einstein notation, `\mathbb{1}`
/// versus `\delta`, `e^{x}` versus `\exp(x)` are choices of the printers, not of the tree.
/// Division is a negative power and subtraction a term with a negative coefficient.
/// Build nodes with the smart constructors (`Expr.add`, `Expr.mul`, `Expr.pow`, ...), which
/// flatten, sort, fold constants and drop identities, so that equal expressions are equal trees.
///
/// ```swift
/// // -\sum_i y_i \log \hat{y}_i
/// let y = Expr.variable(Symbol("y"), [.named("i")])
/// let yhat = Expr.variable(Symbol("y", accent: .hat), [.named("i")])
/// let ce = Expr.neg(.indexSum("i", Expr.mul([y, .apply(.log, [yhat])])))
/// ```
public indirect enum Expr: Hashable, Sendable {
    case number(Rational)
    case variable(Symbol, [Index])
    case add([Expr])
    case multiply([Expr])
    case power(Expr, Expr)
    case apply(Function, [Expr])
    /// `\sum_{index} body` over a range.
    case sum(Index, IndexRange, Expr)
    /// The Kronecker delta `\delta_{ij}`, equally the indicator `\mathbb{1}_{i=j}`.
    case delta(Index, Index)
    /// The unevaluated partial derivative `\frac{\partial}{\partial wrt} of`.
    case derivative(of: Expr, wrt: Expr)
    /// `cases`: the first piece whose condition holds, else `otherwise`.
    case piecewise([Piece], otherwise: Expr)
    /// The array whose entry at `indices` is `body`: a vector or matrix written without its indices.
    case array([Index], Expr)

    /// One row of a `cases` expression.
    public struct Piece: Hashable, Sendable {
        public var value: Expr
        public var condition: IndexCondition
        public init(_ value: Expr, if condition: IndexCondition) {
            self.value = value
            self.condition = condition
        }
    }

    // MARK: - Traversal

    /// The direct subexpressions, in a fixed order that `withChildren` accepts back.
    public var children: [Expr] {
        switch self {
        case .number, .variable, .delta: return []
        case .add(let ts): return ts
        case .multiply(let fs): return fs
        case .power(let b, let e): return [b, e]
        case .apply(_, let args): return args
        case .sum(_, _, let body): return [body]
        case .derivative(let f, let x): return [f, x]
        case .piecewise(let pieces, let other): return pieces.map(\.value) + [other]
        case .array(_, let body): return [body]
        }
    }

    /// Rebuilds this node from new children through the smart constructors.
    /// `e.withChildren(e.children) == e` holds for every canonical `e`.
    public func withChildren(_ cs: [Expr]) -> Expr {
        switch self {
        case .number, .variable, .delta: return self
        case .add: return .plus(cs)
        case .multiply: return .mul(cs)
        case .power: return cs.count == 2 ? .pow(cs[0], cs[1]) : self
        case .apply(let f, _): return .apply(f, cs)
        case .sum(let i, let r, _): return cs.count == 1 ? .indexSum(i, r, cs[0]) : self
        case .derivative: return cs.count == 2 ? .partial(cs[0], wrt: cs[1]) : self
        case .piecewise(let pieces, _):
            guard cs.count == pieces.count + 1, let other = cs.last else { return self }
            return .cases(zip(pieces, cs).map { Piece($1, if: $0.condition) }, otherwise: other)
        case .array(let idx, _): return cs.count == 1 ? .array(idx, cs[0]) : self
        }
    }

    /// Number of nodes, for budgets.
    public var size: Int { extent.size }

    /// Nesting depth (a leaf is 1), for budgets on recursive algorithms.
    public var depth: Int { extent.depth }

    /// Nodes and nesting depth in one pass. Iterative: the measure that guards the recursive walks never recurses.
    public var extent: (size: Int, depth: Int) {
        var nodes = 0, deepest = 0
        var stack = [(self, 1)]
        while let (e, d) = stack.popLast() {
            nodes += 1
            deepest = max(deepest, d)
            for c in e.children { stack.append((c, d + 1)) }
        }
        return (nodes, deepest)
    }

    /// The deepest expression the engine builds or walks. Every recursive walk over an expression (printers,
    /// rules, index analysis, hashing, matrix form, the judge's compiler) fits in the 8 MB stack of a thread
    /// at this depth, also in a debug build; the parser's nesting limit keeps what it reads far below it
    /// (about 200 levels), and a rewriting run stops when a step goes past it (`StopReason.depthLimit`).
    public static let depthLimit = 1_000

    /// True when `predicate` holds for this node or any node below it.
    public func contains(where predicate: (Expr) -> Bool) -> Bool {
        if predicate(self) { return true }
        return children.contains { $0.contains(where: predicate) }
    }

    /// Bottom-up rewrite: `f` sees every node after its children were rewritten.
    public func postwalk(_ f: (Expr) -> Expr) -> Expr {
        let cs = children
        let node = cs.isEmpty ? self : withChildren(cs.map { $0.postwalk(f) })
        return f(node)
    }

    // MARK: - Queries

    public var isNumber: Bool { if case .number = self { return true } else { return false } }
    public var isProduct: Bool { if case .multiply = self { return true } else { return false } }
    public var numberValue: Rational? { if case .number(let r) = self { return r } else { return nil } }
    public var isZero: Bool { numberValue?.isZero == true }
    public var isOne: Bool { numberValue == .one }

    /// Splits off a rational coefficient: `-2 x y` gives `(-2, x y)`.
    public var coefficientAndRest: (Rational, Expr) {
        switch self {
        case .number(let r): return (r, .one)
        case .multiply(let fs):
            guard let c = fs.first?.numberValue else { return (.one, self) }
            let rest = fs.dropFirst()
            // A product from `mul` is canonical, and so is what follows its coefficient: no need to build it again
            // (in a wide product of sums that rebuilding was most of the time). Another number after the first
            // (a coefficient that overflowed) still goes through `mul`.
            if rest.count > 1, !rest.contains(where: { $0.numberValue != nil }) {
                return (c, .multiply(Array(rest)))
            }
            return (c, .mul(Array(rest)))
            return (.one, self)
        default: return (.one, self)
        }
    }

    /// The factors of a product (a single factor for anything else).
    public var factors: [Expr] { if case .multiply(let fs) = self { return fs } else { return [self] } }
    /// The terms of a sum (a single term for anything else).
    public var terms: [Expr] { if case .add(let ts) = self { return ts } else { return [self] } }

    /// Base and exponent: `x^2` gives `(x, 2)`, anything else `(self, 1)`.
    public var baseAndExponent: (Expr, Expr) {
        if case .power(let b, let e) = self { return (b, e) }
        return (self, .one)
    }
}

// MARK: - Dump

extension Expr: CustomStringConvertible {
    /// A compact prefix form used for sorting, hashing-independent comparison and test failures.
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// `description`, written into one buffer: sort keys dump whole subtrees, and joining the children's
    /// strings at every level would copy each character once per level above it.
    private func write(to out: inout String) {
        func list(_ es: [Expr], _ separator: String) {
            for (n, e) in es.enumerated() {
                if n > 0 { out += separator }
                e.write(to: &out)
            }
        }
        switch self {
        case .number(let r): out += r.description
        case .variable(let s, let idx):
            out += s.description
            if !idx.isEmpty { out += "_{" + idx.map(\.description).joined(separator: ",") + "}" }
        case .add(let ts): out += "(+ "; list(ts, " "); out += ")"
        case .multiply(let fs): out += "(* "; list(fs, " "); out += ")"
        case .power(let b, let e): out += "(^ "; b.write(to: &out); out += " "; e.write(to: &out); out += ")"
        case .apply(let f, let args): out += "(\(f) "; list(args, " "); out += ")"
        case .sum(let i, let r, let body):
            out += "(sum \(i) \(r.lower)..\(r.upper ?? "?") "; body.write(to: &out); out += ")"
        case .delta(let i, let j): out += "(delta \(i) \(j))"
        case .derivative(let f, let x): out += "(d "; f.write(to: &out); out += " / d "; x.write(to: &out); out += ")"
        case .piecewise(let ps, let o):
            out += "(cases "
            for (n, p) in ps.enumerated() {
                if n > 0 { out += " " }
                out += "["; p.value.write(to: &out)
                out += " if \(p.condition.lhs)\(p.condition.isEqual ? "=" : "!=")\(p.condition.rhs)]"
            }
            out += " ["; o.write(to: &out); out += "])"
        case .array(let idx, let body):
            out += "(array [" + idx.map(\.description).joined(separator: ",") + "] "; body.write(to: &out); out += ")"
        }
    }

    /// A tree drawing for test failures:
    /// ```
    /// *
    /// ├─ -1
    /// └─ sum i
    /// ```
    public func dump() -> String {
        var lines: [String] = []
        func label(_ e: Expr) -> String {
            switch e {
            case .number, .variable, .delta: return e.description
            case .add: return "+"
            case .multiply: return "*"
            case .power: return "^"
            case .apply(let f, _): return f.description
            case .sum(let i, let r, _): return "sum \(i) in \(r.lower)..\(r.upper ?? "?")"
            case .derivative: return "d/d"
            case .piecewise: return "cases"
            case .array(let idx, _): return "array \(idx)"
            }
        }
        func walk(_ e: Expr, _ prefix: String, _ childPrefix: String) {
            lines.append(prefix + label(e))
            let cs = e.children
            for (n, c) in cs.enumerated() {
                let last = n == cs.count - 1
                walk(c, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "))
            }
        }
        walk(self, "", "")
        return lines.joined(separator: "\n")
    }
}
