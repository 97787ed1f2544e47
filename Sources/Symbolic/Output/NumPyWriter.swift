import Foundation
import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicFunctions
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// Writes a problem and its gradient as a Python 3 module that imports only numpy, so that
/// anyone can check a result without `derive`:
///
/// ```python
/// INPUTS = {"theta": ["K"], "y": ["K"]}   # input name -> size names ([] for a scalar)
/// WRT = "theta"
/// SAMPLE = {"y": "one-hot"}              # how inputs must be drawn for the result to hold
/// def loss(**inputs): ...
/// def gradient(**inputs): ...            # shaped like inputs[WRT]
/// ```
/// Index sums become `np.einsum` calls. A writer lives for one module: it names the sizes, symbols and
/// indices as it goes (`NumPyFormat` is its public face).
struct NumPyWriter {
    let problem: Problem
    let model: NumericModel
    private var letters: [String: Character] = [:]
    private var dims: [String: String] = [:]         // index name -> size name
    private var names: [Symbol: String] = [:]        // symbol -> python local name
    private var sizeNames: [Int: String] = [:]       // class root -> size name

    typealias Unsupported = NumPyFormat.Unsupported

    init(problem: Problem) throws {
        self.problem = problem
        do {
            model = try NumericModel(context: problem.context)
            _ = try model.compile(.partial(problem.loss, wrt: problem.wrt), free: problem.free)
        } catch let e as NumericError { throw Unsupported(description: e.message) }
        nameSizes()
        nameSymbols()
    }

    // MARK: Names

    private mutating func nameSizes() {
        var taken = Set<String>()
        var counter = 1
        for (root, name) in model.classNames().sorted(by: { $0.key < $1.key }) {
            var n = name
            if !(n.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } && n.first?.isLetter == true) || taken.contains(n) {
                while taken.contains("N\(counter)") { counter += 1 }
                n = "N\(counter)"
            }
            taken.insert(n)
            sizeNames[root] = n
        }
    }

    private static let keywords: Set<String> = ["lambda", "in", "is", "if", "for", "def", "class", "return", "and", "or", "not", "as",
                                                 "pass", "from", "import", "with", "yield", "del", "global", "try", "while", "np", "inputs", "sizes"]

    private mutating func nameSymbols() {
        var taken = Set<String>()
        for s in model.symbols {
            var n = s.identifier
            if NumPyWriter.keywords.contains(n) || n.hasPrefix("_") { n += "_" }
            var candidate = n
            var k = 2
            while taken.contains(candidate) { candidate = "\(n)\(k)"; k += 1 }
            taken.insert(candidate)
            names[s] = candidate
        }
    }

    /// The key of an input in `INPUTS`: the identifier, even when it is a Python keyword.
    private func inputKey(_ s: Symbol) -> String { s.identifier }

    private func sizeName(_ symbol: Symbol, _ position: Int) -> String {
        guard let id = model.id(of: symbol) else { return "N0" }
        return sizeNames[model.find(model.element(of: id, position: position))] ?? "N0"
    }

    /// The letters of several indices, for an einsum specification.
    private mutating func letters(_ indices: [String]) throws -> String {
        var out = ""
        for i in indices { out.append(try letter(i)) }
        return out
    }

    private mutating func letter(_ index: String) throws -> Character {
        if let l = letters[index] { return l }
        let pool = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard letters.count < pool.count else { throw Unsupported(description: "more than 52 distinct indices") }
        let l = pool[letters.count]
        letters[index] = l
        return l
    }

    /// Records the size of every index from the positions where it is used.
    private mutating func learnDims(_ e: Expr) {
        if case .variable(let s, let idx) = e {
            for (p, i) in idx.enumerated() { if let n = i.name, dims[n] == nil { dims[n] = sizeName(s, p) } }
        }
        e.children.forEach { learnDims($0) }
    }

    private func size(of index: String) throws -> String {
        guard let d = dims[index] else { throw Unsupported(description: "cannot tell the size of index \(index)") }
        return "sizes[\"\(d)\"]"
    }

    // MARK: Module

    mutating func render(gradient: Expr) throws -> String {
        learnDims(.partial(problem.loss, wrt: problem.wrt))
        for d in problem.context.definitions { learnDims(d.body); learnDims(d.lhs) }
        learnDims(gradient)
        guard case .variable(let wrtSymbol, let wrtIndices) = problem.wrt else { throw Unsupported(description: "the variable is not a symbol") }
        // v_{ck} of word2vec: the loss holds c fixed, so the gradient is not one array shaped like v.
        if let shared = wrtIndices.first(where: { problem.loss.freeIndices.contains($0) }) {
            throw Unsupported(description: "the variable is one vector of a family (its index \(shared) is fixed in the loss), which has no NumPy form yet")
        }

        var lines: [String] = []
        let inputs = model.inputs
        lines.append("\"\"\"Generated by derive: the loss and its gradient, checkable with numpy alone.")
        lines.append("")
        lines.append("loss:     \(Printer(.latex).print(problem.loss))")
        lines.append("wrt:      \(Printer(.latex).print(problem.wrt))")
        for d in problem.context.definitions { lines.append("let:      \(Printer(.latex).print(d.lhs)) = \(Printer(.latex).print(d.body))") }
        lines.append("gradient: \(Printer(.latex).print(gradient))")
        lines.append("\"\"\"")
        lines.append("import numpy as np")
        lines.append("")
        let inputEntries = inputs.map { s -> String in
            let arity = model.id(of: s).map { model.slotElements[$0].count } ?? 0
            return "\"\(inputKey(s))\": [" + (0..<arity).map { "\"\(sizeName(s, $0))\"" }.joined(separator: ", ") + "]"
        }
        lines.append("INPUTS = {" + inputEntries.joined(separator: ", ") + "}")
        lines.append("WRT = \"\(inputKey(wrtSymbol))\"")
        var sample: [String] = []
        for s in inputs {
            if problem.context.isOneHot(s) { sample.append("\"\(inputKey(s))\": \"one-hot\"") } else if problem.context.sumsToOne(s) {
                sample.append("\"\(inputKey(s))\": \"probability\"")
            } else if needsPositive(s) { sample.append("\"\(inputKey(s))\": \"positive\"") } else if model.id(of: s).map(model.squareMatrices.contains) == true {
                sample.append("\"\(inputKey(s))\": \"invertible\"")
            }
        }
        lines.append("SAMPLE = {" + sample.joined(separator: ", ") + "}")
        lines.append("")
        lines.append(contentsOf: NumPyWriter.helpers)

        let prelude = try functionPrelude(inputs)
        lines.append("def loss(**inputs):")
        lines.append(contentsOf: prelude)
        let (lossCode, lossAxes) = try code(problem.loss)
        let lossFree = problem.loss.freeIndices.compactMap(\.name)
        lines.append("    return " + (lossAxes.isEmpty && lossFree.isEmpty ? "float(\(lossCode))" : try arrange(lossCode, lossAxes, lossFree)))
        lines.append("")
        lines.append("")
        lines.append("def gradient(**inputs):")
        lines.append(contentsOf: prelude)
        var body = gradient
        if case .array(_, let b) = gradient { body = b }
        let (gCode, gAxes) = try code(body)
        let want = lossFree + wrtIndices.compactMap(\.name)
        lines.append("    return " + (try arrange(gCode, gAxes, want)))
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private func needsPositive(_ s: Symbol) -> Bool {
        var found = false
        func scan(_ e: Expr) {
            switch e {
            case .apply(let f, let a) where FunctionTable.needsPositiveArgument(f): if case .variable(s, _) = a.first { found = true }
            case .power(.variable(s, _), let x): if let r = x.numberValue, r.isNegative || !r.isInteger { found = true }
            default: break
            }
            e.children.forEach(scan)
        }
        scan(problem.loss)
        problem.context.definitions.forEach { scan($0.body) }
        return found || problem.context.assumptions.contains(.positive(s))
    }

    static let helpers = [
        "def _sigmoid(x):",
        "    return 0.5 * (1.0 + np.tanh(0.5 * x))",
        "",
        "",
        "def _sizes(inputs):",
        "    sizes = {}",
        "    for name, dims in INPUTS.items():",
        "        shape = np.shape(inputs[name])",
        "        if len(shape) != len(dims):",
        "            raise ValueError(f\"{name} needs {len(dims)} axes, got shape {shape}\")",
        "        for d, n in zip(dims, shape):",
        "            if sizes.setdefault(d, n) != n:",
        "                raise ValueError(f\"size {d} is {sizes[d]} and {n}\")",
        "    return sizes",
        "",
        "",
        "def _arrange(value, have, want, lengths):",
        "    \"\"\"Puts the axes named by `have` in the order `want`, broadcasting missing ones.\"\"\"",
        "    value = np.asarray(value, dtype=float)",
        "    for axis in want:",
        "        if axis not in have:",
        "            value = value[..., None]",
        "            have = have + axis",
        "    value = np.transpose(value, [have.index(a) for a in want]) if want else value",
        "    return np.broadcast_to(value, tuple(lengths[a] for a in want)).copy()",
        "",
        "",
    ]

    private mutating func functionPrelude(_ inputs: [Symbol]) throws -> [String] {
        var out = ["    sizes = _sizes(inputs)"]
        for s in inputs { out.append("    \(names[s] ?? s.identifier) = np.asarray(inputs[\"\(inputKey(s))\"], dtype=float)") }
        // X^{-1} and \det X from X, once X has its value (an input here, a definition below).
        let squares = model.squareMatrices.sorted().map { model.symbols[$0] }
        func computed(_ s: Symbol) -> [String] {
            let x = names[s] ?? s.identifier
            return ["    \(names[s.inverse] ?? s.inverse.identifier) = np.linalg.inv(\(x))",
                    "    \(names[s.determinant] ?? s.determinant.identifier) = np.linalg.det(\(x))"]
        }
        for s in squares where inputs.contains(s) { out += computed(s) }
        // Definitions, each after those it uses.
        var done = Set<Symbol>()
        let defs = problem.context.definitions
        func emit(_ d: Definition, _ depth: Int) throws {
            guard !done.contains(d.symbol), depth < 200 else { return }
            for s in d.body.symbols { if let dd = defs.first(where: { $0.symbol == s }) { try emit(dd, depth + 1) } }
            done.insert(d.symbol)
            let (c, axes) = try code(d.body)
            out.append("    \(names[d.symbol] ?? d.symbol.identifier) = " + (try arrange(c, axes, d.indices.compactMap(\.name))))
        }
        for d in defs { try emit(d, 0) }
        for s in squares where !inputs.contains(s) { out += computed(s) }
        return out
    }

    private mutating func arrange(_ c: String, _ have: [String], _ want: [String]) throws -> String {
        if have == want { return c }
        let h = try letters(have), w = try letters(want)
        let lengths = try want.map { "\"\(try letter($0))\": \(try size(of: $0))" }.joined(separator: ", ")
        return "_arrange(\(c), \"\(h)\", \"\(w)\", {\(lengths)})"
    }

    // MARK: Expressions

    /// Code for `e` and the index names of its axes, in order.
    mutating func code(_ e: Expr, depth: Int = 0) throws -> (String, [String]) {
        guard depth < 400 else { throw Unsupported(description: "expression nested too deeply") }
        switch e {
        case .number(let r):
            return (r.isInteger ? "\(Double(r.numerator))" : "(\(Double(r.numerator)) / \(Double(r.denominator)))", [])
        case .variable(let s, let idx):
            if idx.isEmpty, s.name == "\\pi", model.id(of: s).map({ !model.isDefined($0) }) ?? true, problem.context.definition(of: s) == nil {
                return ("np.pi", [])
            }
            if idx.isEmpty, model.id(of: s) == nil, dims.values.contains(s.name) { return ("float(sizes[\"\(s.name)\"])", []) }
            var base = names[s] ?? s.identifier
            var axes: [String] = []
            var kept: [String] = []
            var slices: [String] = []
            for i in idx {
                switch i {
                case .value(let v): slices.append("\(v - 1)")
                case .named(let n): slices.append(":"); kept.append(n)
                }
            }
            if slices.contains(where: { $0 != ":" }) { base += "[" + slices.joined(separator: ", ") + "]" }
            if Set(kept).count != kept.count {
                let from = try letters(kept)
                var seen: [String] = []
                for k in kept where !seen.contains(k) { seen.append(k) }
                base = "np.einsum(\"\(from)->\(try letters(seen))\", \(base))"
                axes = seen
            } else {
                axes = kept
            }
            return (base, axes)
        case .add(let ts):
            let parts = try ts.map { try code($0, depth: depth + 1) }
            let target = parts.max { $0.1.count < $1.1.count }?.1 ?? []
            var out: [String] = []
            for (c, axes) in parts { out.append(axes.isEmpty || axes == target ? c : try arrange(c, axes, target)) }
            return ("(" + out.joined(separator: " + ") + ")", target)
        case .multiply(let fs):
            return try product(fs, summing: [], depth: depth)
        case .power(let b, let x):
            let (bc, ba) = try code(b, depth: depth + 1)
            let (xc, xa) = try code(x, depth: depth + 1)
            guard xa.isEmpty else { throw Unsupported(description: "an exponent with free indices") }
            return ("np.power(\(bc), \(xc))", ba)
        case .apply(let f, let args):
            guard let a = args.first else { throw Unsupported(description: "a function without argument") }
            let (c, axes) = try code(a, depth: depth + 1)
            guard let call = FunctionTable.numpy(f, c) else { throw Unsupported(description: "the function \(f) has no numpy form") }
            return (call, axes)
        case .sum(let i, _, let body):
            guard let n = i.name else { throw Unsupported(description: "a sum over a fixed index") }
            if case .multiply(let fs) = body { return try product(fs, summing: [n], depth: depth) }
            let (c, axes) = try code(body, depth: depth + 1)
            if let p = axes.firstIndex(of: n) {
                var rest = axes
                rest.remove(at: p)
                return ("np.sum(\(c), axis=\(p))", rest)
            }
            return ("(\(try size(of: n)) * \(c))", axes)
        case .delta(let a, let b):
            switch (a, b) {
            case (.named(let x), .named(let y)): return ("np.eye(\(try size(of: x)))", [x, y])
            case (.named(let x), .value(let v)), (.value(let v), .named(let x)): return ("np.eye(\(try size(of: x)))[\(v - 1)]", [x])
            default: return (a == b ? "1.0" : "0.0", [])
            }
        case .array(_, let body):
            return try code(body, depth: depth + 1)
        case .derivative:
            throw Unsupported(description: "an unevaluated derivative has no numpy form")
        case .piecewise:
            throw Unsupported(description: "cases have no numpy form yet")
        }
    }

    /// A product (and optionally a sum over some of its indices) as one `np.einsum`.
    private mutating func product(_ fs: [Expr], summing: [String], depth: Int) throws -> (String, [String]) {
        var scalars: [String] = []
        var arrays: [(String, [String])] = []
        for f in fs {
            let (c, axes) = try code(f, depth: depth + 1)
            if axes.isEmpty { scalars.append(c) } else { arrays.append((c, axes)) }
        }
        var out: [String] = []
        for (_, axes) in arrays { for a in axes where !out.contains(a) && !summing.contains(a) { out.append(a) } }
        var expr: String
        if arrays.isEmpty {
            expr = scalars.isEmpty ? "1.0" : scalars.joined(separator: " * ")
        } else {
            var specs: [String] = []
            for a in arrays { specs.append(try letters(a.1)) }
            let spec = specs.joined(separator: ",") + "->" + (try letters(out))
            expr = "np.einsum(\"\(spec)\", " + arrays.map(\.0).joined(separator: ", ") + ")"
            if !scalars.isEmpty { expr = "(" + scalars.joined(separator: " * ") + " * " + expr + ")" }
        }
        // Summed indices that no factor carries multiply by their size.
        for n in summing where !arrays.contains(where: { $0.1.contains(n) }) { expr = "(\(try size(of: n)) * \(expr))" }
        return (expr, out)
    }
}
