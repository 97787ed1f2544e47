import SymbolicCore
import SymbolicFunctions

/// An error of numeric evaluation: an undefined function, an index out of range, a nested derivative.
public struct NumericError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A reference to an index value while evaluating: a slot of the current frame or a constant.
enum IndexRef: Sendable {
    case slot(Int)
    case value(Int)
    /// An index a definition uses without binding it (`y_i = \mathbb{1}_{i=\ell}`): its value is the
    /// top-level free index of that name.
    case global(String)
}

/// An expression compiled for evaluation: symbols and index sizes resolved to numbers.
indirect enum Node: Sendable {
    case constant(Double)
    case input(symbol: Int, indices: [IndexRef])
    case defined(symbol: Int, indices: [IndexRef])
    case size(element: Int)
    case add([Node])
    case multiply([Node])
    case power(Node, Node)
    case apply(NumericFunction, Node)
    case sum(slot: Int, element: Int, lower: Int, body: Node)
    case delta(IndexRef, IndexRef)
    /// `id` names the node; `slots` are the frame slots its body reads (its value depends on them only).
    case derivative(body: Node, symbol: Int, indices: [IndexRef], id: Int, slots: [Int])
    case piecewise([(Node, IndexRef, IndexRef, Bool)], Node)
    /// An entry of the inverse of the square matrix `symbol` (two indices), or its determinant (none).
    case matrixFunction(Symbol.MatrixFunction, symbol: Int, defined: Bool, indices: [IndexRef])
}

/// A function resolved for evaluation: its value at a dual number, from the function table.
struct NumericFunction: Sendable {
    let value: DualFunction
}

/// A compiled expression with the frame it needs: its free indices occupy the first slots.
public struct CompiledExpr: Sendable {
    let node: Node
    /// The position of its operation in the model's `program`.
    let root: Int
    let frameSize: Int
    public let freeIndices: [String]
}

/// The shapes of a problem, found by unifying index positions, and its compiled definitions.
///
/// Every position of every symbol (`W` position 2), every summation index and every free
/// index is an element of a union-find; an index used at a position joins their classes, so
/// `\sum_k x_k W_{kd}` makes the first axis of `W` as long as `x`. Each class then gets one size.
///
/// ```swift
/// let model = try NumericModel(context: ctx)
/// let loss = try model.compile(ce, free: [])
/// ```
public final class NumericModel: @unchecked Sendable {
    // Union-find over elements.
    private var parent: [Int] = []
    private(set) var minimumSize: [Int] = []
    /// The lowest index value of each class: 1, or 0 where an index 0 is written (`a_0` beside `\sum_{d=1}^{D} a_d`,
    /// `\sum_{j=0}^{n}`). An index of a class runs from it to the class's size: a 0 is one entry more.
    private var lowest: [Int] = []
    private func newElement() -> Int { parent.append(parent.count); minimumSize.append(1); lowest.append(1); return parent.count - 1 }
    /// The lowest index value of the class of `element` (1, or 0).
    package func lowestIndex(of element: Int) -> Int { lowest[find(element)] }
    package func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let n = parent[y]; parent[y] = r; y = n }
        return r
    }
    private func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        guard ra != rb else { return }
        parent[rb] = ra
        minimumSize[ra] = max(minimumSize[ra], minimumSize[rb])
        lowest[ra] = min(lowest[ra], lowest[rb])
    }

    public private(set) var symbols: [Symbol] = []
    private var symbolID: [Symbol: Int] = [:]
    package private(set) var slotElements: [[Int]] = []
    private var namedSizes: [String: Int] = [:]
    /// The size of the sums over each index name that their bodies do not use (see `compileNode`).
    private var unusedSums: [String: Int] = [:]
    /// The first sum over each index name with no range written whose body uses its index: a sum split from it
    /// (`\sum_n (y_n - c)` into `\sum_n y_n - \sum_n c`) runs over the same range.
    private var usedSums: [String: Int] = [:]
    private var freeElements: [String: Int] = [:]
    /// While compiling a definition, an unbound index refers to the top-level free index of its name.
    private var allowGlobals = false
    /// The name of the summation index of each sum's element, for naming sizes.
    private(set) var boundNames: [Int: String] = [:]
    private(set) var definitions: [Int: CompiledExpr] = [:]
    /// Every definition and compiled expression in the flat form the judge runs.
    private(set) var program = Program()
    /// How many elements the union-find holds (every position, sum and free index).
    var elementCount: Int { parent.count }
    let context: Context

    /// Compiles the definitions of `context`; compile expressions with `compile(_:free:)`.
    public init(context: Context) throws {
        self.context = context
        // Register every defined symbol first so bodies can refer to later ones.
        for d in context.definitions { _ = try register(d.symbol, arity: d.indices.count) }
        for d in context.definitions { try NumericModel.checkDepth(d.body) }
        for d in context.definitions { declareSizes(in: d.body) }
        let known = Set(namedSizes.keys).union(context.definitions.map(\.symbol.name))
        for d in context.definitions {
            if let n = Expr.multiply([d.lhs, d.body]).indicesUsedAsNumbers(except: known).first {
                throw NumericError("in the definition of \(d.symbol.name), \(n) is an index and also a number; an index is read only as a subscript")
            }
        }
        for d in context.definitions {
            guard let id = symbolID[d.symbol] else { continue }
            var scope: [String: (Int, Int)] = [:]
            for (p, i) in d.indices.enumerated() {
                guard let n = i.name else { throw NumericError("the definition of \(d.symbol.name) must use index names on its left side") }
                scope[n] = (p, slotElements[id][p])
            }
            var next = d.indices.count
            allowGlobals = true
            defer { allowGlobals = false }
            let node = try compileNode(d.body, &scope, &next, depth: 0)
            definitions[id] = CompiledExpr(node: node, root: program.lower(node), frameSize: next, freeIndices: d.indices.compactMap(\.name))
        }
        // What each definition reaches, and whether it reads the top-level free indices: a seed that a
        // definition does not reach leaves its value a constant, shared by every evaluation at a point.
        var direct: [Int: Set<Int>] = [:]
        var global = Set<Int>()
        for (id, c) in definitions {
            direct[id] = NumericModel.symbolsRead(c.node)
            if NumericModel.readsGlobals(c.node) { global.insert(id) }
        }
        for id in definitions.keys {
            var seen = Set<Int>()
            var stack = Array(direct[id] ?? [])
            while let x = stack.popLast() {
                guard seen.insert(x).inserted else { continue }
                stack += direct[x] ?? []
            }
            reach[id] = seen
            if seen.contains(where: { global.contains($0) }) { global.insert(id) }
        }
        readsGlobals = global
        // A definition that reaches itself has no value: evaluating it would never end.
        if let id = definitions.keys.sorted().first(where: { reach[$0]?.contains($0) == true }) {
            throw NumericError("the definitions go round in a cycle: " + Graph.shortestCycle(from: id, successors: { Array(direct[$0] ?? []) }, within: { definitions[$0] != nil })
                .map { symbols[$0].name }.joined(separator: " → "))
        }
        // How deep the evaluation of each definition recurses: its own height and the tallest definition it
        // reads, worked out bottom-up without recursion (the definitions form no cycle now).
        for root in definitions.keys.sorted() {
            var stack = [(root, false)]
            while let (id, expanded) = stack.popLast() {
                guard chainHeight[id] == nil, let def = definitions[id] else { continue }
                let reads = (direct[id] ?? []).filter { definitions[$0] != nil }
                if expanded {
                    chainHeight[id] = NumericModel.height(def.node) + (reads.compactMap { chainHeight[$0] }.max() ?? 0)
                } else {
                    stack.append((id, true))
                    for r in reads where chainHeight[r] == nil { stack.append((r, false)) }
                }
            }
        }
    }

    /// The deepest an evaluation may recurse: an expression's height plus that of the definitions it reads,
    /// through every definition they read. Deep enough for `solve mlp --layers 256` (its tallest chain is 1,539
    /// levels); at the limit the evaluator needs about 20 MB of stack in a debug build (8 MB runs out between
    /// 1,500 and 2,000 levels), which the CLI gives the thread it works on (a judge without recursion is issue 15's).
    public static let evaluationDepthLimit = 4_000

    /// Evaluation height of each definition (see `evaluationDepthLimit`).
    private var chainHeight: [Int: Int] = [:]

    /// Height of a compiled node (a leaf is 1). Recursive: compiled nodes are no deeper than `Expr.depthLimit`.
    static func height(_ n: Node) -> Int {
        switch n {
        case .constant, .size, .delta, .input, .defined: return 1
        case .matrixFunction: return 2
        case .add(let ns), .multiply(let ns): return 1 + (ns.map(height).max() ?? 0)
        case .power(let a, let b): return 1 + max(height(a), height(b))
        case .apply(_, let a): return 1 + height(a)
        case .sum(_, _, _, let body): return 1 + height(body)
        case .derivative(let body, _, _, _, _): return 1 + height(body)
        case .piecewise(let rows, let o): return 1 + rows.reduce(height(o)) { max($0, height($1.0)) }
        }
    }

    /// The evaluation height of a compiled expression: how deep its evaluation recurses at most.
    private func evaluationHeight(_ n: Node) -> Int {
        NumericModel.height(n) + (NumericModel.symbolsRead(n).compactMap { chainHeight[$0] }.max() ?? 0)
    }

    /// The user's functions without a definition, drawn at random at each point (see `opaque`).
    public private(set) var drawnFunctions = Set<String>()

    /// For each defined symbol, every symbol its definition reaches.
    private(set) var reach: [Int: Set<Int>] = [:]
    /// Defined symbols whose value depends on the top-level free indices (`y_i = \mathbb{1}_{i=\ell}`).
    private(set) var readsGlobals = Set<Int>()

    /// True when the value of the defined symbol `s` may change with the symbol `t`.
    func reaches(_ s: Int, _ t: Int) -> Bool { reach[s]?.contains(t) ?? false }

    static func symbolsRead(_ n: Node) -> Set<Int> {
        switch n {
        case .constant, .size, .delta: return []
        case .input(let s, _), .defined(let s, _), .matrixFunction(_, let s, _, _): return [s]
        case .add(let ns), .multiply(let ns): return ns.reduce(into: Set<Int>()) { $0.formUnion(symbolsRead($1)) }
        case .power(let a, let b): return symbolsRead(a).union(symbolsRead(b))
        case .apply(_, let a): return symbolsRead(a)
        case .sum(_, _, _, let body): return symbolsRead(body)
        case .derivative(let body, let s, _, _, _): return symbolsRead(body).union([s])
        case .piecewise(let rows, let o): return rows.reduce(into: symbolsRead(o)) { $0.formUnion(symbolsRead($1.0)) }
        }
    }

    static func readsGlobals(_ n: Node) -> Bool {
        func global(_ rs: [IndexRef]) -> Bool { rs.contains { if case .global = $0 { return true }; return false } }
        switch n {
        case .constant, .size: return false
        case .input(_, let rs), .defined(_, let rs), .matrixFunction(_, _, _, let rs): return global(rs)
        case .delta(let a, let b): return global([a, b])
        case .add(let ns), .multiply(let ns): return ns.contains(where: readsGlobals)
        case .power(let a, let b): return readsGlobals(a) || readsGlobals(b)
        case .apply(_, let a): return readsGlobals(a)
        case .sum(_, _, _, let body): return readsGlobals(body)
        case .derivative(let body, _, let rs, _, _): return readsGlobals(body) || global(rs)
        case .piecewise(let rows, let o): return readsGlobals(o) || rows.contains { readsGlobals($0.0) || global([$0.1, $0.2]) }
        }
    }

    private func register(_ s: Symbol, arity: Int) throws -> Int {
        if let id = symbolID[s] {
            guard slotElements[id].count == arity else {
                throw NumericError("\(s.name) is used with \(slotElements[id].count) and with \(arity) indices")
            }
            return id
        }
        let id = symbols.count
        symbols.append(s)
        symbolID[s] = id
        slotElements.append((0..<arity).map { _ in newElement() })
        return id
    }

    /// Coefficient `k` of the user's function `name`, as an input without indices; the function is recorded
    /// as drawn.
    func registerCoefficient(_ k: Int, of name: String) throws -> Int {
        drawnFunctions.insert(name)
        return try register(NumericModel.coefficient(k, of: name), arity: 0)
    }

    package func id(of s: Symbol) -> Int? { symbolID[s] }
    package func isDefined(_ id: Int) -> Bool { definitions[id] != nil || context.definition(of: symbols[id]) != nil }

    /// The input symbols (not defined), in order of first use.
    public var inputs: [Symbol] { symbols.indices.filter { !isDefined($0) }.map { symbols[$0] } }

    private func freeElement(_ name: String) -> Int {
        if let e = freeElements[name] { return e }
        let e = newElement()
        freeElements[name] = e
        return e
    }

    /// Refuses an expression deeper than the walks here may recurse, measured without recursion.
    private static func checkDepth(_ e: Expr) throws {
        let d = e.depth
        guard d <= Expr.depthLimit else { throw NumericError("expression nested too deeply to evaluate (\(d) levels, at most \(Expr.depthLimit))") }
    }

    /// Registers the size names of every sum range (`K` in `\\sum_{i=1}^{K}`) so that a bare `K` reads as a size.
    private func declareSizes(in e: Expr) {
        if case .sum(_, let r, _) = e, let u = r.upper { _ = sizeElement(u) }
        e.children.forEach(declareSizes)
    }

    private func unusedSumElement(_ name: String) -> Int {
        if let e = unusedSums[name] { return e }
        let e = newElement()
        unusedSums[name] = e
        return e
    }

    private func sizeElement(_ name: String) -> Int {
        if let e = namedSizes[name] { return e }
        let e = newElement()
        namedSizes[name] = e
        return e
    }

    /// Compiles `e`, whose free indices must be among `free` (they take the first frame slots).
    public func compile(_ e: Expr, free: [String]) throws -> CompiledExpr {
        try NumericModel.checkDepth(e)
        declareSizes(in: e)
        // The same reading as Problem.check: a bare D beside a_D would be judged as an unrelated number.
        let known = Set(namedSizes.keys).union(context.definitions.map(\.symbol.name))
        if let n = e.indicesUsedAsNumbers(except: known).first {
            throw NumericError("\(n) is an index and also a number here; an index is read only as a subscript")
        }
        var scope: [String: (Int, Int)] = [:]
        for (p, n) in free.enumerated() { scope[n] = (p, freeElement(n)) }
        var next = free.count
        let node = try compileNode(e, &scope, &next, depth: 0)
        let height = evaluationHeight(node)
        guard height <= NumericModel.evaluationDepthLimit else {
            throw NumericError("nested too deeply to evaluate: \(height) levels through the definitions it uses (at most \(NumericModel.evaluationDepthLimit))")
        }
        return CompiledExpr(node: node, root: program.lower(node), frameSize: next, freeIndices: free)
    }

    private func ref(_ i: Index, _ scope: [String: (Int, Int)], unify element: Int?) throws -> IndexRef {
        switch i {
        case .value(let v):
            guard v >= 0, v <= 64 else { throw NumericError("index value \(v) is outside 0...64") }
            if let el = element { let r = find(el); minimumSize[r] = max(minimumSize[r], v); lowest[r] = min(lowest[r], v) }
            return .value(v)
        case .named(let n):
            guard let (slot, el) = scope[n] else {
                if allowGlobals {
                    let el = freeElement(n)
                    if let other = element { union(el, other) }
                    return .global(n)
                }
                throw NumericError("index \(n) is neither free nor summed over")
            }
            if let other = element { union(el, other) }
            return .slot(slot)
        }
    }

    private func compileNode(_ e: Expr, _ scope: inout [String: (Int, Int)], _ next: inout Int, depth: Int) throws -> Node {
        guard depth < Expr.depthLimit else { throw NumericError("expression nested too deeply to evaluate (more than \(Expr.depthLimit) levels)") }
        func sub(_ x: Expr) throws -> Node { try compileNode(x, &scope, &next, depth: depth + 1) }
        switch e {
        case .number(let r): return .constant(r.doubleValue)
        case .variable(let s, let idx):
            if idx.isEmpty, s.name == "\\pi", context.definition(of: s) == nil { return .constant(Double.pi) }
            if idx.isEmpty, namedSizes[s.name] != nil, symbolID[s] == nil { return .size(element: sizeElement(s.name)) }
            if let (kind, base) = s.matrixFunction, context.definition(of: s) == nil { return try matrixFunction(kind, of: base, idx, scope) }
            let id = try register(s, arity: idx.count)
            let refs = try idx.enumerated().map { try ref($1, scope, unify: slotElements[id][$0]) }
            return isDefined(id) ? .defined(symbol: id, indices: refs) : .input(symbol: id, indices: refs)
        case .add(let ts): return .add(try ts.map(sub))
        case .multiply(let fs): return .multiply(try fs.map(sub))
        case .power(let b, let x): return .power(try sub(b), try sub(x))
        case .apply(let f, let args):
            guard args.count == 1 else { throw NumericError("\(f) takes one argument") }
            switch FunctionTable.numeric(f) {
            case .success(let value): return .apply(NumericFunction(value: value), try sub(args[0]))
            case .failure(let why):
                if let drawn = try opaque(f, try sub(args[0])) { return drawn }
                throw NumericError(why.message)
            }
        case .sum(let i, let r, let body):
            guard let n = i.name else { throw NumericError("a sum needs an index name") }
            let el = newElement()
            boundNames[el] = n
            if let u = r.upper { union(el, sizeElement(u)) }
            guard (0...1).contains(r.lower) else { throw NumericError("a sum from \(r.lower) is not evaluated (sums start at 0 or 1)") }
            if r.lower == 0 { let root = find(el); lowest[root] = 0 }
            // A sum whose index its body does not use (Σ_B c, a count) takes its size from nothing it holds: one
            // size per index name, shared by every expression compiled, so that the same sum has the same size
            // in the reference and in each line (else the judge finds an expression unequal to itself).
            if r.upper == nil, body.occurrences(of: i) == 0 {
                union(el, unusedSumElement(n))
                if let used = usedSums[n] { union(el, used) }
            } else if r.upper == nil, usedSums[n] == nil {
                usedSums[n] = el
                if let unused = unusedSums[n] { union(el, unused) }
            }
            let slot = next
            next += 1
            let saved = scope[n]
            scope[n] = (slot, el)
            defer { scope[n] = saved }
            return .sum(slot: slot, element: el, lower: r.lower, body: try sub(body))
        case .delta(let a, let b):
            let ra = try ref(a, scope, unify: nil), rb = try ref(b, scope, unify: nil)
            unifyCompared(a, b, scope)
            return .delta(ra, rb)
        case .derivative(let f, let x):
            guard case .variable(let s, let idx) = x else { throw NumericError("a derivative must be taken with respect to a variable") }
            let id = try register(s, arity: idx.count)
            let refs = try idx.enumerated().map { try ref($1, scope, unify: slotElements[id][$0]) }
            let body = try sub(f)
            derivativeCount += 1
            return .derivative(body: body, symbol: id, indices: refs, id: derivativeCount, slots: NumericModel.slotsRead(body).sorted())
        case .piecewise(let ps, let o):
            // Indices compared in a condition range over the same values, as in a delta.
            for p in ps { unifyCompared(p.condition.lhs, p.condition.rhs, scope) }
            let rows = try ps.map { p in (try sub(p.value), try ref(p.condition.lhs, scope, unify: nil), try ref(p.condition.rhs, scope, unify: nil), p.condition.isEqual) }
            return .piecewise(rows, try sub(o))
        case .array(_, let body):
            // The array's indices are positional: they are the free indices of the surrounding problem.
            return try sub(body)
        }
    }

    /// The square matrices whose inverse or determinant is read: they are sampled invertible (`Sampler.draw`).
    package private(set) var squareMatrices = Set<Int>()

    /// `X^{-1}_{ij}` or `\det X`: computed from the entries of `X`, which is square. The inverse is not a symbol of
    /// its own, so nothing samples it apart from `X`.
    private func matrixFunction(_ kind: Symbol.MatrixFunction, of base: Symbol, _ idx: [Index], _ scope: [String: (Int, Int)]) throws -> Node {
        let arity = kind == .inverse ? 2 : 0
        guard idx.count == arity else {
            throw NumericError(kind == .inverse ? "the inverse of \(base.name) needs two indices" : "the determinant of \(base.name) takes no index")
        }
        let b = try register(base, arity: 2)
        union(slotElements[b][0], slotElements[b][1])
        squareMatrices.insert(b)
        let refs = try idx.map { try ref($0, scope, unify: slotElements[b][0]) }
        return .matrixFunction(kind, symbol: b, defined: isDefined(b), indices: refs)
    }

    /// Two indices compared (a delta, a condition of cases) take their values from one range.
    private func unifyCompared(_ a: Index, _ b: Index, _ scope: [String: (Int, Int)]) {
        func elementOf(_ i: Index) -> Int? {
            guard let n = i.name else { return nil }
            return scope[n]?.1 ?? (allowGlobals ? freeElement(n) : nil)
        }
        if let ea = elementOf(a), let eb = elementOf(b) { union(ea, eb) }
    }

    /// How many derivative nodes were compiled, for naming them.
    private var derivativeCount = 0

    /// The frame slots a node reads and does not bind itself.
    static func slotsRead(_ n: Node) -> Set<Int> {
        func refs(_ rs: [IndexRef]) -> Set<Int> { Set(rs.compactMap { if case .slot(let s) = $0 { return s }; return nil }) }
        switch n {
        case .constant, .size: return []
        case .input(_, let rs), .defined(_, let rs), .matrixFunction(_, _, _, let rs): return refs(rs)
        case .add(let ns), .multiply(let ns): return ns.reduce(into: Set<Int>()) { $0.formUnion(slotsRead($1)) }
        case .power(let a, let b): return slotsRead(a).union(slotsRead(b))
        case .apply(_, let a): return slotsRead(a)
        case .sum(let slot, _, _, let body): return slotsRead(body).subtracting([slot])
        case .delta(let a, let b): return refs([a, b])
        case .derivative(let body, _, let rs, _, _): return slotsRead(body).union(refs(rs))
        case .piecewise(let rows, let o):
            return rows.reduce(into: slotsRead(o)) { acc, r in acc.formUnion(slotsRead(r.0)); acc.formUnion(refs([r.1, r.2])) }
        }
    }

    /// The classes of elements that need a size: every root, with its minimum.
    var classes: [Int] { Array(Set(parent.indices.map { find($0) })).sorted() }

    /// A name for each size class: the declared size (`K`), else an index that ranges over it in
    /// upper case (free indices first), else the first symbol position that uses it (`W1[2]`).
    public func classNames() -> [Int: String] {
        var names: [Int: String] = [:]
        var taken = Set<String>()
        func give(_ root: Int, _ name: String) {
            guard names[root] == nil, !taken.contains(name) else { return }
            names[root] = name
            taken.insert(name)
        }
        for (n, el) in namedSizes.sorted(by: { $0.key < $1.key }) { give(find(el), n) }
        // \ell names its size L, not \ELL.
        func sizeName(_ index: String) -> String {
            index.hasPrefix("\\") ? String(index.dropFirst().prefix(1)).uppercased() == "E" ? "L" : String(index.dropFirst().prefix(1)).uppercased() : index.uppercased()
        }
        for (n, el) in freeElements.sorted(by: { $0.key < $1.key }) { give(find(el), sizeName(n)) }
        for (el, n) in boundNames.sorted(by: { $0.key < $1.key }) { give(find(el), sizeName(n)) }
        for (id, s) in symbols.enumerated() {
            for (p, el) in slotElements[id].enumerated() { give(find(el), "\(s.identifier)[\(p + 1)]") }
        }
        return names
    }

    /// The size names declared for a class (`K`), for reporting.
    public func sizeName(of element: Int) -> String? {
        let r = find(element)
        return namedSizes.first { find($0.value) == r }?.key
    }

    /// The class element of position `p` of `symbol`.
    package func element(of symbol: Int, position p: Int) -> Int { slotElements[symbol][p] }
    func freeIndexElement(_ name: String) -> Int? { freeElements[name] }
    var freeIndexElements: [String: Int] { freeElements }
}
