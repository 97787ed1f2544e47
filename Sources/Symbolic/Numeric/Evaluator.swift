import Foundation
import SymbolicCore
import SymbolicFunctions

/// Concrete sizes and input values at which expressions are evaluated.
public struct SamplePoint: Sendable {
    /// Size of each union-find class root.
    var sizes: [Int: Int]
    /// Flat row-major values of each input symbol, by symbol id.
    var values: [Int: [Double]]
    /// The one-hot class chosen for each one-hot symbol (1-based), for reporting.
    public var oneHotClass: [String: Int]
    /// For each symbol by id, the size and lowest index value of each of its positions: worked out once per point
    /// (`Sampler.draw`), not at every entry read.
    var extents: [[(size: Int, lowest: Int)]] = []

    func size(_ model: NumericModel, _ element: Int) -> Int { sizes[model.find(element)] ?? 2 }
}

/// Evaluates compiled expressions at a point, in dual numbers that carry rounding-error bounds (`JudgeNumber`).
///
/// With a seed, inputs carry derivative `1` at the seeded position, so the `d` part of the
/// result is the exact partial derivative. Defined symbols are evaluated once per position
/// (memoized), which keeps deep networks linear in their depth.
final class Evaluation {
    struct Key: Hashable { var symbol: Int; var indices: [Int] }
    /// A derivative node at the values of what it reads: one evaluation serves every repetition in a sum.
    struct DerivativeKey: Hashable { var id: Int; var values: [Int] }
    private var derivatives: [DerivativeKey: JudgeNumber] = [:]

    /// Node evaluations left, shared by every evaluation of one validation so its total work is bounded.
    final class Budget {
        var remaining: Int
        init(_ n: Int) { remaining = n }
    }

    /// Values of defined symbols at one point, shared by every evaluation there: a value does not depend on
    /// the seed (only its derivative part does), so a network's forward pass is computed once per point.
    final class Primals {
        var values: [Key: Rounded] = [:]
        init() {}
    }

    let model: NumericModel
    let point: SamplePoint
    let seed: (symbol: Int, position: [Int])?
    private var memo: [Key: JudgeNumber] = [:]
    private let budget: Budget
    private let primals: Primals
    /// Values of the top-level free indices, by name, for definitions that use them.
    var globals: [String: Int] = [:]

    init(_ model: NumericModel, _ point: SamplePoint, seed: (symbol: Int, position: [Int])? = nil, budget: Budget,
         primals: Primals = Primals()) {
        self.model = model
        self.point = point
        self.seed = seed
        self.budget = budget
        self.primals = primals
    }

    func evaluate(_ c: CompiledExpr, bindings: [Int]) throws -> JudgeNumber {
        for (n, v) in zip(c.freeIndices, bindings) { globals[n] = v }
        var frame = bindings + Array(repeating: 0, count: max(0, c.frameSize - bindings.count))
        return try eval(c.node, &frame)
    }

    private func value(_ r: IndexRef, _ frame: [Int]) -> Int {
        switch r {
        case .slot(let s): return frame[s]
        case .value(let v): return v
        case .global(let n): return globals[n] ?? 0
        }
    }

    private func flatIndex(_ symbol: Int, _ idx: [Int]) throws -> Int {
        var flat = 0
        guard symbol < point.extents.count, point.extents[symbol].count == idx.count else {
            throw NumericError("\(model.symbols[symbol].name) has no shape at this point")
        }
        let extents = point.extents[symbol]
        for (p, v) in idx.enumerated() {
            let (n, lo) = extents[p]
            guard v >= lo, v <= n else { throw NumericError("index value \(v) of \(model.symbols[symbol].name) is outside \(lo)...\(n)") }
            let (m, o1) = flat.multipliedReportingOverflow(by: n - lo + 1)
            let (s, o2) = m.addingReportingOverflow(v - lo)
            guard !o1, !o2 else { throw NumericError("array too large") }
            flat = s
        }
        return flat
    }

    private func eval(_ n: Node, _ frame: inout [Int]) throws -> JudgeNumber {
        budget.remaining -= 1
        guard budget.remaining > 0 else { throw NumericError("too much work to evaluate (more than the evaluation budget)") }
        switch n {
        case .constant(let c): return JudgeNumber(c)
        case .size(let el): return JudgeNumber(Double(point.size(model, el)))
        case .input(let s, let refs):
            let idx = refs.map { value($0, frame) }
            let flat = try flatIndex(s, idx)
            guard let data = point.values[s], flat < data.count else { throw NumericError("no value for \(model.symbols[s].name)") }
            let seeded = seed.map { $0.symbol == s && $0.position == idx } ?? false
            return JudgeNumber(data[flat], seeded ? 1 : 0)
        case .defined(let s, let refs):
            return try defined(s, refs.map { value($0, frame) })
        case .add(let ts):
            var acc = JudgeNumber(0)
            for t in ts { acc = acc + (try eval(t, &frame)) }
            return acc
        case .multiply(let fs):
            var acc = JudgeNumber(1)
            for f in fs { acc = acc * (try eval(f, &frame)) }
            return acc
        case .power(let b, let e):
            let x = try eval(b, &frame), p = try eval(e, &frame)
            return x.pow(p)
        case .apply(let f, let arg):
            return f.value(try eval(arg, &frame))
        case .sum(let slot, let el, let lower, let body):
            let upper = point.size(model, el)
            var acc = JudgeNumber(0)
            guard lower <= upper else { return acc }
            for v in lower...upper {
                frame[slot] = v
                acc = acc + (try eval(body, &frame))
            }
            return acc
        case .delta(let a, let b):
            return JudgeNumber(value(a, frame) == value(b, frame) ? 1 : 0)
        case .derivative(let body, let s, let refs, let id, let slots):
            return try derivative(body, s, refs.map { value($0, frame) }, id: id, slots: slots, frame)
        case .matrixFunction(let kind, let s, let defined, let refs):
            let (inverse, det, n) = try square(s, defined: defined)
            guard kind == .inverse else { return det }
            let lo = point.extents[s].first?.lowest ?? 1
            let (i, j) = (value(refs[0], frame) - lo, value(refs[1], frame) - lo)
            guard (0..<n).contains(i), (0..<n).contains(j) else { throw NumericError("index of the inverse of \(model.symbols[s].name) out of range") }
            return inverse[i * n + j]
        case .piecewise(let rows, let other):
            for (value, l, r, eq) in rows where (self.value(l, frame) == self.value(r, frame)) == eq {
                return try eval(value, &frame)
            }
            return try eval(other, &frame)
        }
    }

    /// The inverse and determinant of the square matrix `s` at this point and seed, worked out once.
    private var squares: [Int: (inverse: [JudgeNumber], determinant: JudgeNumber, size: Int)] = [:]

    private func square(_ s: Int, defined: Bool) throws -> (inverse: [JudgeNumber], determinant: JudgeNumber, size: Int) {
        if let known = squares[s] { return known }
        guard s < point.extents.count, let (size, lo) = point.extents[s].first else { throw NumericError("\(model.symbols[s].name) has no shape at this point") }
        let n = size - lo + 1
        var entries: [JudgeNumber] = []
        var frame: [Int] = []
        for r in lo...size {
            for c in lo...size {
                let refs: [IndexRef] = [.value(r), .value(c)]
                entries.append(try eval(defined ? .defined(symbol: s, indices: refs) : .input(symbol: s, indices: refs), &frame))
            }
        }
        guard let (inverse, det) = SquareMatrix.invert(entries, n) else { throw NumericError("\(model.symbols[s].name) is singular at this point") }
        squares[s] = (inverse, det, n)
        return (inverse, det, n)
    }

    /// A defined symbol at index values: worked out once per point and seed (memoized), in dual numbers where
    /// it moves with the seed, else as a value shared by every evaluation at the point.
    private func defined(_ s: Int, _ idx: [Int]) throws -> JudgeNumber {
        _ = try flatIndex(s, idx)
        let key = Key(symbol: s, indices: idx)
        if let m = memo[key] { return m }
        guard let def = model.definitions[s] else { throw NumericError("\(model.symbols[s].name) has no definition") }
        let shared = !model.readsGlobals.contains(s)
        var result: JudgeNumber
        if let seed, seed.symbol != s, model.reaches(s, seed.symbol) {
            // Its value moves with the seed: worked out here, in dual numbers.
            var inner = idx + Array(repeating: 0, count: max(0, def.frameSize - idx.count))
            result = try eval(def.node, &inner)
        } else if shared, let v = primals.values[key] {
            result = JudgeNumber(v, Rounded(0))
        } else {
            // A constant to this seed: its value, from an evaluation without one.
            let plain = seed == nil ? self : Evaluation(model, point, budget: budget, primals: primals)
            plain.globals = globals
            var inner = idx + Array(repeating: 0, count: max(0, def.frameSize - idx.count))
            result = JudgeNumber(try plain.eval(def.node, &inner).v, Rounded(0))
            if shared { primals.values[key] = result.v }
        }
        if let seed, seed.symbol == s {
            // Differentiating by a defined quantity treats it as an independent variable.
            result.d = Rounded(seed.position == idx ? 1 : 0)
        }
        memo[key] = result
        return result
    }

    /// A derivative node: its body evaluated with the seed on the variable's entry, once per value of what it reads.
    private func derivative(_ body: Node, _ s: Int, _ idx: [Int], id: Int, slots: [Int], _ frame: [Int]) throws -> JudgeNumber {
        guard seed == nil else { throw NumericError("a derivative inside a derivative is not evaluated") }
        _ = try flatIndex(s, idx)
        let key = DerivativeKey(id: id, values: idx + slots.map { frame[$0] })
        if let known = derivatives[key] { return known }
        let inner = Evaluation(model, point, seed: (s, idx), budget: budget, primals: primals)
        inner.globals = globals
        var copy = frame
        let r = JudgeNumber(try inner.eval(body, &copy).d, Rounded(0))
        derivatives[key] = r
        return r
    }
}
