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

/// Node evaluations left, shared by every evaluation of one validation so its total work is bounded.
final class EvaluationBudget {
    var remaining: Int
    init(_ n: Int) { remaining = n }
}

/// Runs a model's `Program` at one point, in dual numbers that carry rounding-error bounds (`JudgeNumber`).
///
/// With a seed (inside a derivative operation), inputs carry derivative `1` at the seeded entry, so the `d` part
/// of the result is the exact partial derivative. Everything per point lives in flat arrays made once here: the
/// input values and index extents by symbol, and the memo of defined symbols by entry, so that a network's
/// layers are each worked out once per point (their values), once per seed (their derivatives where they move
/// with it) and once per free-index tuple (where they read the top-level free indices), and shared by the
/// reference and every expression compared with it.
///
/// A struct, not a class: its state is then accessed without run-time exclusivity checks. Every method is
/// `mutating`, since a non-mutating call from a mutating one copies the whole value first.
///
/// ```swift
/// var judge = try Judge(model, point, budget: EvaluationBudget(1_000_000))
/// let value = try judge.evaluate(compiled, bindings: [2])
/// ```
struct Judge {
    let model: NumericModel
    private let ops: [Op], children: [Int], refs: [Ref], functions: [NumericFunction]
    private let derivatives: [DerivativeOp], rows: [PiecewiseRow], globalNames: [String]
    private let budget: EvaluationBudget
    /// The budget's count, kept here while evaluating (a class's counter is checked for exclusive access at every
    /// change) and written back when an evaluation ends.
    private var remaining: Int

    // The point, by symbol id: input values, the extents of each position (from `extentStart`), the definitions.
    private let inputData: [[Double]]
    private let elementSize: [Int]
    private let extentStart: [Int], extentSize: [Int], extentLow: [Int]
    private let definitionRoot: [Int], definitionFrame: [Int], sharedDefinition: [Bool]

    // The memo of defined symbols, by `memoStart[s] + flat index`: values shared by the whole point (definitions
    // that read no free index), values per tuple of free indices (those that do), dual numbers per seed.
    private let memoStart: [Int]
    private var primal: [Rounded], primalKnown: [Bool]
    private var perTuple: [Rounded], perTupleStamp: [Int]
    private var seeded: [JudgeNumber], seededStamp: [Int]
    private var tuple = 1
    /// The seeded evaluation under way (its stamp in `seededStamp`), and how many have begun.
    private var seedRun = 0, runs = 0

    /// The entry seeded now (`seedSymbol` -1 when none), and which definitions move with its symbol.
    private var seedSymbol = -1, seedFlat = -1
    private var moves: [Bool] = []
    private var movesBySeed: [Int: [Bool]] = [:]

    /// Index values: the frames of the evaluations under way, one above the other; slot `s` is `stack[base + s]`.
    private var stack: [Int] = Array(repeating: 0, count: 256)
    private var base = 0, top = 0
    /// The values of the top-level free indices that definitions read (`Program.globalNames`).
    private var globals: [Int]

    /// Derivative operations by the entry they seed and the slots they read (`derivativeKey`), and inverses and
    /// determinants, while the free indices that definitions read keep their values (or, for those, per seed).
    private var derivativeMemo: [Int: JudgeNumber] = [:]
    private var squares: [Int: (stamp: Int, inverse: [JudgeNumber], determinant: JudgeNumber, size: Int)] = [:]

    /// The entries the memo may hold at one point, over every defined symbol; more is refused rather than allocated.
    static let maximumMemo = 1 << 24

    init(_ model: NumericModel, _ point: SamplePoint, budget: EvaluationBudget) throws {
        self.model = model
        self.budget = budget
        remaining = budget.remaining
        let program = model.program
        (ops, children, refs, functions) = (program.ops, program.children, program.refs, program.functions)
        (derivatives, rows, globalNames) = (program.derivatives, program.rows, program.globalNames)
        globals = Array(repeating: 0, count: program.globalNames.count)
        let count = model.symbols.count
        inputData = (0..<count).map { point.values[$0] ?? [] }
        elementSize = (0..<model.elementCount).map { point.size(model, $0) }
        var start: [Int] = [], size: [Int] = [], low: [Int] = []
        for s in 0..<count {
            start.append(size.count)
            for e in s < point.extents.count ? point.extents[s] : [] { size.append(e.size); low.append(e.lowest) }
        }
        start.append(size.count)
        (extentStart, extentSize, extentLow) = (start, size, low)
        var roots = Array(repeating: -1, count: count), frames = Array(repeating: 0, count: count)
        var memo = Array(repeating: 0, count: count), total = 0
        for (s, def) in model.definitions where s < count {
            (roots[s], frames[s], memo[s]) = (def.root, def.frameSize, total)
            var entries = 1
            for p in start[s]..<start[s + 1] {
                let (m, overflow) = entries.multipliedReportingOverflow(by: max(0, size[p] - low[p] + 1))
                guard !overflow, m <= Judge.maximumMemo else { throw NumericError("\(model.symbols[s].name) has too many entries to evaluate") }
                entries = m
            }
            total += entries
            guard total <= Judge.maximumMemo else { throw NumericError("the definitions have too many entries to evaluate") }
        }
        (definitionRoot, definitionFrame, memoStart) = (roots, frames, memo)
        sharedDefinition = (0..<count).map { !model.readsGlobals.contains($0) }
        (primal, primalKnown) = (Array(repeating: Rounded(0), count: total), Array(repeating: false, count: total))
        (perTuple, perTupleStamp) = (Array(repeating: Rounded(0), count: total), Array(repeating: 0, count: total))
        (seeded, seededStamp) = (Array(repeating: JudgeNumber(0), count: total), Array(repeating: 0, count: total))
    }

    /// The value of `c` with its free indices at `bindings`.
    mutating func evaluate(_ c: CompiledExpr, bindings: [Int]) throws -> JudgeNumber {
        remaining = budget.remaining
        defer { budget.remaining = remaining }
        let now = globalNames.map { name in c.freeIndices.firstIndex(of: name).flatMap { $0 < bindings.count ? bindings[$0] : nil } ?? 0 }
        if now != globals {
            // Other values of the free indices that definitions read: what reads them is worked out again.
            globals = now
            tuple += 1
            derivativeMemo.removeAll(keepingCapacity: true)
            squares.removeAll(keepingCapacity: true)
        }
        seedSymbol = -1
        let size = max(c.frameSize, bindings.count)
        reserve(size)
        for p in 0..<size { stack[p] = p < bindings.count ? bindings[p] : 0 }
        (base, top) = (0, size)
        return try eval(c.root)
    }

    private mutating func reserve(_ n: Int) {
        if stack.count < n { stack += Array(repeating: 0, count: n - stack.count + 256) }
    }

    private mutating func value(_ r: Ref) -> Int {
        switch r.kind {
        case .slot: return stack[base + r.n]
        case .value: return r.n
        case .global: return globals[r.n]
        }
    }

    /// Writes the values of `count` references from `first` above the frames, at `top`, where a definition's
    /// frame would begin.
    private mutating func writeIndices(_ first: Int, _ count: Int) {
        reserve(top + count)
        for p in 0..<count { stack[top + p] = value(refs[first + p]) }
    }

    /// The row-major position of the entry of `s` whose `count` index values are at `stack[at...]`.
    private mutating func flatIndex(_ s: Int, at: Int, _ count: Int) throws -> Int {
        guard s + 1 < extentStart.count, extentStart[s + 1] - extentStart[s] == count else {
            throw NumericError("\(model.symbols[s].name) has no shape at this point")
        }
        var flat = 0
        for p in 0..<count {
            let v = stack[at + p], n = extentSize[extentStart[s] + p], lo = extentLow[extentStart[s] + p]
            guard v >= lo, v <= n else { throw NumericError("index value \(v) of \(model.symbols[s].name) is outside \(lo)...\(n)") }
            let (m, o1) = flat.multipliedReportingOverflow(by: n - lo + 1)
            let (sum, o2) = m.addingReportingOverflow(v - lo)
            guard !o1, !o2 else { throw NumericError("array too large") }
            flat = sum
        }
        return flat
    }

    private mutating func input(_ s: Int, _ flat: Int) throws -> JudgeNumber {
        let data = inputData[s]
        guard flat < data.count else { throw NumericError("no value for \(model.symbols[s].name)") }
        return JudgeNumber(data[flat], s == seedSymbol && flat == seedFlat ? 1 : 0)
    }

    /// One operation's share of the budget.
    private mutating func spend() throws {
        remaining -= 1
        guard remaining > 0 else { throw NumericError("too much work to evaluate (more than the evaluation budget)") }
    }

    private mutating func eval(_ at: Int) throws -> JudgeNumber {
        try spend()
        let o = ops[at]
        switch o.kind {
        case .constant: return JudgeNumber(o.value)
        case .size: return JudgeNumber(Double(elementSize[o.a]))
        case .input:
            writeIndices(o.b, o.c)
            return try input(o.a, try flatIndex(o.a, at: top, o.c))
        case .defined:
            writeIndices(o.b, o.c)
            return try defined(o.a, try flatIndex(o.a, at: top, o.c))
        case .add:
            var acc = JudgeNumber(0)
            for k in o.a..<(o.a + o.b) { acc = acc + (try eval(children[k])) }
            return acc
        case .multiply:
            var acc = JudgeNumber(1)
            for k in o.a..<(o.a + o.b) { acc = acc * (try eval(children[k])) }
            return acc
        case .power:
            let x = try eval(o.a), p = try eval(o.b)
            return x.pow(p)
        case .apply:
            return functions[o.a].value(try eval(o.b))
        case .sum:
            let upper = elementSize[o.b]
            var acc = JudgeNumber(0)
            guard o.c <= upper else { return acc }
            for v in o.c...upper {
                stack[base + o.a] = v
                acc = acc + (try eval(o.d))
            }
            return acc
        case .delta:
            return JudgeNumber(value(refs[o.a]) == value(refs[o.b]) ? 1 : 0)
        case .derivative:
            return try derivative(derivatives[o.a], id: o.a)
        case .piecewise:
            for k in o.a..<(o.a + o.b) where (value(rows[k].lhs) == value(rows[k].rhs)) == rows[k].isEqual {
                return try eval(rows[k].value)
            }
            return try eval(o.c)
        case .matrixFunction:
            let (inverse, det, n) = try square(o.a, defined: o.c == 1)
            guard o.b == 0 else { return det }
            let lo = extentStart[o.a] < extentLow.count ? extentLow[extentStart[o.a]] : 1
            let (i, j) = (value(refs[o.d]) - lo, value(refs[o.d + 1]) - lo)
            guard (0..<n).contains(i), (0..<n).contains(j) else { throw NumericError("index of the inverse of \(model.symbols[o.a].name) out of range") }
            return inverse[i * n + j]
        }
    }

    /// Defined symbol `s` at the entry `flat`, whose index values are at `stack[top...]`: worked out once per
    /// seed in dual numbers where it moves with the seed, else its value, once per point or per tuple.
    private mutating func defined(_ s: Int, _ flat: Int) throws -> JudgeNumber {
        guard definitionRoot[s] >= 0 else { throw NumericError("\(model.symbols[s].name) has no definition") }
        guard seedSymbol >= 0 else { return JudgeNumber(try primalValue(s, flat), Rounded(0)) }
        let k = memoStart[s] + flat
        if seededStamp[k] == seedRun { return seeded[k] }
        var result: JudgeNumber
        if s != seedSymbol, moves[s] {
            result = try evaluateDefinition(s)
        } else {
            // A constant to this seed: its value, from an evaluation without one.
            result = JudgeNumber(try primalValue(s, flat), Rounded(0))
        }
        if s == seedSymbol {
            // Differentiating by a defined quantity treats it as an independent variable.
            result.d = Rounded(flat == seedFlat ? 1 : 0)
        }
        (seeded[k], seededStamp[k]) = (result, seedRun)
        return result
    }

    /// The value of defined symbol `s` at entry `flat` (index values at `stack[top...]`), without a seed.
    private mutating func primalValue(_ s: Int, _ flat: Int) throws -> Rounded {
        let k = memoStart[s] + flat
        let shared = sharedDefinition[s]
        if shared, primalKnown[k] { return primal[k] }
        if !shared, perTupleStamp[k] == tuple { return perTuple[k] }
        // Without the seed; a derivative in the definition seeds its own entry, so the seed is put back after.
        let (savedSymbol, savedFlat, savedRun, savedMoves) = (seedSymbol, seedFlat, seedRun, moves)
        seedSymbol = -1
        defer { (seedSymbol, seedFlat, seedRun, moves) = (savedSymbol, savedFlat, savedRun, savedMoves) }
        let v = try evaluateDefinition(s).v
        if shared { (primal[k], primalKnown[k]) = (v, true) } else { (perTuple[k], perTupleStamp[k]) = (v, tuple) }
        return v
    }

    /// Runs the definition of `s` in a frame of its own at `top`, where its index values already are.
    private mutating func evaluateDefinition(_ s: Int) throws -> JudgeNumber {
        let arity = extentStart[s + 1] - extentStart[s]
        let size = max(definitionFrame[s], arity)
        reserve(top + size)
        for p in arity..<size { stack[top + p] = 0 }
        let (savedBase, savedTop) = (base, top)
        (base, top) = (top, top + size)
        defer { (base, top) = (savedBase, savedTop) }
        return try eval(definitionRoot[s])
    }

    /// A derivative operation: its body evaluated with the seed on the variable's entry, once per tuple and value
    /// of what it reads.
    private mutating func derivative(_ d: DerivativeOp, id: Int) throws -> JudgeNumber {
        guard seedSymbol < 0 else { throw NumericError("a derivative inside a derivative is not evaluated") }
        writeIndices(d.refs.lowerBound, d.refs.count)
        let flat = try flatIndex(d.symbol, at: top, d.refs.count)
        let key = derivativeKey(d, id: id, flat)
        if let key, let known = derivativeMemo[key] { return known }
        (seedSymbol, seedFlat) = (d.symbol, flat)
        runs += 1
        seedRun = runs
        moves = movesWith(d.symbol)
        defer { seedSymbol = -1 }
        let r = JudgeNumber(try eval(d.body).d, Rounded(0))
        if let key { derivativeMemo[key] = r }
        return r
    }

    /// The seeded entry and the values of the slots read, in base 66 (index values are at most 64), then the
    /// derivative's id: one number for one value of the operation. `nil` where it does not fit in an `Int` (ten or
    /// more slots read): then the derivative is worked out each time, never looked up under a wrong key.
    private mutating func derivativeKey(_ d: DerivativeOp, id: Int, _ flat: Int) -> Int? {
        var key = flat
        for slot in d.slots {
            let v = stack[base + slot]
            guard (0..<66).contains(v) else { return nil }
            let (m, o1) = key.multipliedReportingOverflow(by: 66)
            let (s, o2) = m.addingReportingOverflow(v)
            guard !o1, !o2 else { return nil }
            key = s
        }
        let (m, o1) = key.multipliedReportingOverflow(by: derivatives.count)
        let (s, o2) = m.addingReportingOverflow(id)
        return o1 || o2 ? nil : s
    }

    /// Which defined symbols may change with symbol `t`, by id.
    private mutating func movesWith(_ t: Int) -> [Bool] {
        if let known = movesBySeed[t] { return known }
        let out = (0..<definitionRoot.count).map { model.reaches($0, t) }
        movesBySeed[t] = out
        return out
    }

    /// The inverse and determinant of the square matrix `s` at this point and tuple, or seed, worked out once.
    private mutating func square(_ s: Int, defined: Bool) throws -> (inverse: [JudgeNumber], determinant: JudgeNumber, size: Int) {
        let stamp = seedSymbol >= 0 ? -seedRun : tuple
        if let known = squares[s], known.stamp == stamp { return (known.inverse, known.determinant, known.size) }
        guard s + 1 < extentStart.count, extentStart[s + 1] > extentStart[s] else { throw NumericError("\(model.symbols[s].name) has no shape at this point") }
        let (size, lo) = (extentSize[extentStart[s]], extentLow[extentStart[s]])
        let n = size - lo + 1
        var entries: [JudgeNumber] = []
        for r in lo...size {
            for c in lo...size {
                try spend()
                reserve(top + 2)
                (stack[top], stack[top + 1]) = (r, c)
                let flat = try flatIndex(s, at: top, 2)
                entries.append(defined ? try self.defined(s, flat) : try input(s, flat))
            }
        }
        guard let (inverse, det) = SquareMatrix.invert(entries, n) else { throw NumericError("\(model.symbols[s].name) is singular at this point") }
        squares[s] = (stamp, inverse, det, n)
        return (inverse, det, n)
    }
}
