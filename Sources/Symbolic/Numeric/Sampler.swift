import Foundation
import SymbolicCore
import SymbolicFunctions

/// Chooses sizes and input values for validation, following the assumptions of the context.
struct Sampler {
    let model: NumericModel
    let context: Context
    /// Inputs that need positive values: arguments of `\log`, `\sqrt` and denominators.
    let positive: Set<Symbol>
    /// How deeply sums nest in the expressions compared.
    let nesting: Int

    init(model: NumericModel, context: Context, hints: [Expr]) {
        self.model = model
        self.context = context
        var pos = Set<Symbol>()
        func scan(_ e: Expr) {
            switch e {
            case .apply(let f, let a) where FunctionTable.needsPositiveArgument(f):
                if case .variable(let s, _) = a.first { pos.insert(s) }
            case .power(.variable(let s, _), let x):
                if let r = x.numberValue, r.isNegative || !r.isInteger { pos.insert(s) }
            default: break
            }
            e.children.forEach(scan)
        }
        (hints + context.definitions.map(\.body)).forEach(scan)
        func depth(_ e: Expr) -> Int {
            let inner = e.children.map(depth).max() ?? 0
            if case .sum = e { return inner + 1 }
            return inner
        }
        nesting = hints.map(depth).max() ?? 0
        for a in context.assumptions { if case .positive(let s) = a { pos.insert(s) } }
        positive = pos
    }

    /// Sizes of every class for one configuration: class `j` takes `2 + (c + 3j) mod n`, at least its minimum,
    /// with sizes up to 9 (`n = 8`) where sums nest at most two deep, and smaller where they nest deeper: the
    /// chain rule through a network sums over one index a layer, and the work grows as the product of their sizes.
    func sizes(configuration c: Int) -> [Int: Int] {
        let classes = model.classes
        let spread = nesting <= 2 ? 8 : (nesting == 3 ? 5 : 3)
        var out: [Int: Int] = [:]
        for (j, root) in classes.enumerated() {
            out[root] = max(model.minimumSize[root], 2 + (c + 3 * j) % spread)
        }
        return out
    }

    /// The size of every named class.
    func namedSizes(_ sizes: [Int: Int]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (root, name) in model.classNames() where model.symbols.indices.contains(where: { id in model.slotElements[id].contains { model.find($0) == root } }) || model.sizeName(of: root) != nil {
            out[name] = sizes[root] ?? 2
        }
        return out
    }

    /// The length of the class axis of the first one-hot input (the number of class positions to cover).
    func oneHotLength(_ sizes: [Int: Int]) -> Int {
        for a in context.assumptions {
            guard case .oneHot(let s) = a, let id = model.id(of: s), let last = model.slotElements[id].last else { continue }
            return sizes[model.find(last)] ?? 1
        }
        return 1
    }

    /// Entries one input may have; more is refused rather than allocated.
    static let maximumEntries = 1 << 20

    func draw(sizes: [Int: Int], oneHotPosition: Int, rng: inout SeededRandom) throws -> SamplePoint {
        var point = SamplePoint(sizes: sizes, values: [:], oneHotClass: [:])
        point.extents = model.slotElements.map { elements in elements.map { (sizes[model.find($0)] ?? 2, model.lowestIndex(of: $0)) } }
        for (id, s) in model.symbols.enumerated() where !model.isDefined(id) {
            // An index class from 0 has one entry more than its size.
            let shape = point.extents[id].map { $0.size - $0.lowest + 1 }
            var count = 1
            for n in shape {
                let (c, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow, c <= Sampler.maximumEntries else {
                    throw NumericError("\(s.name) has too many entries to sample (\(shape.count) indices)")
                }
                count = c
            }
            let rowLength = shape.last ?? 1
            var data = [Double](repeating: 0, count: count)
            if context.isOneHot(s) {
                for row in 0..<(count / max(rowLength, 1)) {
                    let cls = row == 0 ? oneHotPosition % rowLength : Int(rng.next() % UInt64(rowLength))
                    data[row * rowLength + cls] = 1
                    if row == 0 { point.oneHotClass[s.identifier] = cls + (model.slotElements[id].last.map(model.lowestIndex) ?? 1) }
                }
            } else if context.sumsToOne(s) {
                for row in 0..<(count / max(rowLength, 1)) {
                    var total = 0.0
                    for j in 0..<rowLength { let v = rng.uniform(0.1, 1); data[row * rowLength + j] = v; total += v }
                    for j in 0..<rowLength { data[row * rowLength + j] /= total }
                }
            } else if positive.contains(s) {
                for j in 0..<count { data[j] = rng.uniform(0.2, 2) }
            } else {
                for j in 0..<count { data[j] = rng.normal() }
            }
            if model.squareMatrices.contains(id), shape.count == 2, shape[0] == shape[1] { Sampler.makeInvertible(&data, shape[0]) }
            point.values[id] = data
        }
        return point
    }

    /// A matrix whose inverse or determinant is read, made strictly diagonally dominant with a positive diagonal:
    /// invertible, well conditioned, and of positive determinant (so `\log\det X` has a value).
    static func makeInvertible(_ data: inout [Double], _ n: Int) {
        for r in 0..<n {
            var off = 0.0
            for c in 0..<n where c != r { off += abs(data[r * n + c]) }
            data[r * n + r] = abs(data[r * n + r]) + off + 0.5
        }
    }

    func counterexample(_ point: SamplePoint, tuple: [Int], free: [String], expected: Double, actual: Double) -> Counterexample {
        var inputs: [String: [Double]] = [:]
        for (id, data) in point.values { inputs[model.symbols[id].identifier] = data }
        return Counterexample(sizes: namedSizes(point.sizes), indices: Dictionary(zip(free, tuple), uniquingKeysWith: { a, _ in a }),
                              oneHotClass: point.oneHotClass, inputs: inputs, expected: expected, actual: actual,
                              functions: model.drawnFunctions.sorted())
    }
}
