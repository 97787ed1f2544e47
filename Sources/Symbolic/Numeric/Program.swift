import SymbolicCore
import SymbolicFunctions

// MARK: - The compiled form the judge runs: one flat table of operations for a whole model

/// What one operation of a `Program` does; the meaning of its operands is given case by case.
enum OpKind: UInt8, Sendable {
    /// `value`.
    case constant
    /// The size of element `a`'s class.
    case size
    /// Input symbol `a` at the `c` references from `b`.
    case input
    /// Defined symbol `a` at the `c` references from `b`.
    case defined
    /// The sum, or product, of the `b` operations listed in `children` from `a`.
    case add, multiply
    /// Operation `a` to the power of operation `b`.
    case power
    /// Function `a` of `Program.functions` at operation `b`.
    case apply
    /// The sum of operation `d` with slot `a` running from `c` to the size of element `b`.
    case sum
    /// 1 where references `a` and `b` are equal, else 0.
    case delta
    /// Derivative `a` of `Program.derivatives`.
    case derivative
    /// The `b` rows of `Program.rows` from `a`, else operation `c`.
    case piecewise
    /// The inverse (`b` = 0, an entry at the two references from `d`) or the determinant (`b` = 1) of symbol `a`,
    /// which is defined where `c` is 1.
    case matrixFunction
}

/// One operation: a kind and up to four operands (`OpKind` says what they are).
struct Op: Sendable {
    var kind: OpKind
    var a = 0, b = 0, c = 0, d = 0
    var value = 0.0
}

/// An index value while evaluating: a slot of the current frame, a constant, or a top-level free index.
struct Ref: Sendable {
    enum Kind: UInt8, Sendable { case slot, value, global }
    var kind: Kind
    var n: Int
}

/// A derivative operation: its body, and the variable's entry it seeds.
struct DerivativeOp: Sendable {
    var body: Int
    var symbol: Int
    var refs: Range<Int>
    /// The frame slots the body reads: its value depends on them (and on the seeded entry) only.
    var slots: [Int]
}

/// A row of cases: `value` where references `lhs` and `rhs` are equal (`isEqual`) or differ (not `isEqual`).
struct PiecewiseRow: Sendable {
    var value: Int
    var lhs: Ref, rhs: Ref
    var isEqual: Bool
}

/// Every expression of a model compiled into flat tables, with no indirect nodes and no per-node allocation:
/// an operation reads its operands as positions in these arrays, so the judge walks plain arrays of values.
///
/// ```swift
/// var p = Program()
/// let root = p.lower(.add([.constant(1), .constant(2)]))   // the add, after its two operands
/// ```
struct Program: Sendable {
    var ops: [Op] = []
    var children: [Int] = []
    var refs: [Ref] = []
    var functions: [NumericFunction] = []
    var derivatives: [DerivativeOp] = []
    var rows: [PiecewiseRow] = []
    /// The names of the top-level free indices that definitions read, by `Ref.n` of a global reference.
    var globalNames: [String] = []

    private mutating func append(_ op: Op) -> Int { ops.append(op); return ops.count - 1 }

    private mutating func ref(_ r: IndexRef) -> Ref {
        switch r {
        case .slot(let s): return Ref(kind: .slot, n: s)
        case .value(let v): return Ref(kind: .value, n: v)
        case .global(let name):
            if let k = globalNames.firstIndex(of: name) { return Ref(kind: .global, n: k) }
            globalNames.append(name)
            return Ref(kind: .global, n: globalNames.count - 1)
        }
    }

    private mutating func refList(_ rs: [IndexRef]) -> Range<Int> {
        let start = refs.count
        for r in rs { refs.append(ref(r)) }
        return start..<refs.count
    }

    /// A sum or product of `nodes`: its operands first, then their positions in `children`.
    private mutating func list(_ kind: OpKind, _ nodes: [Node]) -> Int {
        let operands = nodes.map { lower($0) }
        let start = children.count
        children += operands
        return append(Op(kind: kind, a: start, b: operands.count))
    }

    /// Appends `node` and everything under it; the position of its operation. Recursive: compiled nodes are no
    /// deeper than `Expr.depthLimit`.
    mutating func lower(_ node: Node) -> Int {
        switch node {
        case .constant(let x): return append(Op(kind: .constant, value: x))
        case .size(let el): return append(Op(kind: .size, a: el))
        case .input(let s, let rs):
            let r = refList(rs)
            return append(Op(kind: .input, a: s, b: r.lowerBound, c: r.count))
        case .defined(let s, let rs):
            let r = refList(rs)
            return append(Op(kind: .defined, a: s, b: r.lowerBound, c: r.count))
        case .add(let ns): return list(.add, ns)
        case .multiply(let ns): return list(.multiply, ns)
        case .power(let x, let e):
            let (bx, be) = (lower(x), lower(e))
            return append(Op(kind: .power, a: bx, b: be))
        case .apply(let f, let x):
            let arg = lower(x)
            functions.append(f)
            return append(Op(kind: .apply, a: functions.count - 1, b: arg))
        case .sum(let slot, let el, let lowest, let body):
            let b = lower(body)
            return append(Op(kind: .sum, a: slot, b: el, c: lowest, d: b))
        case .delta(let x, let y):
            let (rx, ry) = (refList([x]), refList([y]))
            return append(Op(kind: .delta, a: rx.lowerBound, b: ry.lowerBound))
        case .derivative(let body, let s, let rs, _, let slots):
            let b = lower(body)
            derivatives.append(DerivativeOp(body: b, symbol: s, refs: refList(rs), slots: slots))
            return append(Op(kind: .derivative, a: derivatives.count - 1))
        case .piecewise(let cases, let other):
            let lowered = cases.map { (lower($0.0), $0.1, $0.2, $0.3) }
            let o = lower(other)
            let start = rows.count
            for (v, l, r, eq) in lowered { rows.append(PiecewiseRow(value: v, lhs: ref(l), rhs: ref(r), isEqual: eq)) }
            return append(Op(kind: .piecewise, a: start, b: lowered.count, c: o))
        case .matrixFunction(let kind, let s, let defined, let rs):
            let r = refList(rs)
            return append(Op(kind: .matrixFunction, a: s, b: kind == .inverse ? 0 : 1, c: defined ? 1 : 0, d: r.lowerBound))
        }
    }
}
