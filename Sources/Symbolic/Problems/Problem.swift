import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicRender

/// A differentiation problem: a loss, the variable to differentiate by, and what is known.
///
/// ```swift
/// let p = try Problem.parse(loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
///                           lets: [#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#],
///                           assumes: ["y one-hot"])
/// ```
public struct Problem: Sendable {
    public var name: String
    public var summary: String
    /// The loss as a name (`\mathrm{CE}`), for the left side of the derivation.
    public var lossName: Expr
    public var loss: Expr
    public var wrt: Expr
    public var context: Context
    /// Where the loss was written in matrix notation: how, and what each symbol is.
    public var matrix: MatrixSource?

    public init(name: String, summary: String, lossName: Expr, loss: Expr, wrt: Expr, context: Context) {
        self.name = name
        self.summary = summary
        self.lossName = lossName
        self.loss = loss
        self.wrt = wrt
        self.context = context
    }

    /// Free indices of the derivative: those of the loss, then those of the variable.
    public var free: [String] {
        var out: [String] = []
        for i in loss.freeIndices + wrt.freeIndices { if let n = i.name, !out.contains(n) { out.append(n) } }
        return out
    }

    /// Where in the user's input an error lies: which argument, and the parse error in it.
    public struct InputError: Error, Sendable, CustomStringConvertible {
        public var argument: String
        public var error: ParseError
        public init(argument: String, error: ParseError) {
            self.argument = argument
            self.error = error
        }
        public var description: String { "\(argument): \(error)" }
    }

    /// Parses and checks a problem given as LaTeX text. Throws `InputError` for text that does not
    /// parse, and `DerivationError` for a problem that does not make sense.
    public static func parse(name: String = "grad", summary: String = "", lossName: String = "L", loss: String, wrt: String,
                             lets: [String] = [], assumes: [String] = [], functions: Set<String> = []) throws -> Problem {
        let options = ParseOptions(functions: functions)
        if MatrixNotation.isMatrixNotation(loss) || lets.contains(where: MatrixNotation.isMatrixNotation) {
            return try parseMatrix(name: name, summary: summary, lossName: lossName, loss: loss, wrt: wrt, lets: lets, assumes: assumes, options: options)
        }
        func at<T>(_ argument: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as ParseError { throw InputError(argument: argument, error: e) }
        }
        let lossExpr = try at("the loss") { try Parser.parse(loss, options: options) }
        let wrtExpr = try at("--wrt") { try Parser.parseVariable(wrt) }
        var defs: [Definition] = []
        for (n, l) in lets.enumerated() { defs.append(try at("--let #\(n + 1)") { try Parser.parseDefinition(l, options: options) }) }
        let p = Problem(name: name, summary: summary, lossName: Problem.nameExpression(lossName), loss: lossExpr, wrt: wrtExpr,
                        context: Context(definitions: defs, assumptions: try Problem.assumptions(assumes)))
        try p.check()
        return p
    }

    /// The loss's name as an expression: a name of several letters (CE, NLL) is one name, not a product.
    static func nameExpression(_ lossName: String) -> Expr {
        let written = lossName.count > 1 && lossName.allSatisfy(\.isLetter) ? "\\mathrm{\(lossName)}" : lossName
        return (try? Parser.parse(written)) ?? .variable(Symbol("L"), [])
    }

    /// `--assume` facts, each error placed in its argument.
    static func assumptions(_ assumes: [String]) throws -> [Assumption] {
        try assumes.enumerated().map { n, a in
            do { return try Parser.parseAssumption(a) } catch let e as ParseError { throw InputError(argument: "--assume #\(n + 1)", error: e) }
        }
    }

    /// The same problem in other names: `symbols` maps a symbol to its new name (`\theta` to `z`), and
    /// `index` renames the index of the variable differentiated by (capture-avoiding, so a dummy that
    /// already has the new name is renamed first).
    ///
    /// ```swift
    /// try p.renamed(symbols: [Symbol("\\theta"): Symbol("z")], index: "j")
    /// ```
    public func renamed(symbols: [Symbol: Symbol], index: String?) throws -> Problem {
        // A new name may not be one the problem already uses for something else.
        let used = [loss, wrt].reduce(Set<Symbol>()) { $0.union($1.symbols) }
            .union(context.definitions.flatMap { [$0.symbol] + Array($0.body.symbols) })
        if Set(symbols.values).count != symbols.count { throw DerivationError("two symbols were given the same name") }
        for (old, new) in symbols where new != old && used.contains(new) && symbols[new] == nil {
            throw DerivationError("\(Printer(.latex).print(.variable(new, []))) already names something else in this problem")
        }
        func rename(_ e: Expr) -> Expr {
            var out = e
            for (old, new) in symbols { out = out.replacingVariable(old) { .variable(new, $0) } }
            return out
        }
        var p = self
        p.loss = rename(loss)
        p.wrt = rename(wrt)
        p.context.definitions = context.definitions.map { d in
            Definition(symbol: symbols[d.symbol] ?? d.symbol, indices: d.indices, body: rename(d.body))
        }
        p.context.assumptions = context.assumptions.map { a in
            switch a {
            case .oneHot(let s): return .oneHot(symbols[s] ?? s)
            case .probability(let s): return .probability(symbols[s] ?? s)
            case .positive(let s): return .positive(symbols[s] ?? s)
            }
        }
        if let index, case .variable(let s, let idx) = p.wrt, let old = idx.first?.name, old != index {
            guard idx.count == 1 else { throw DerivationError("--index renames the index of a vector variable; this one has \(idx.count)") }
            p.loss = p.loss.substituting([old: .named(index)])
            p.wrt = .variable(s, [.named(index)])
        }
        try p.check()
        return p
    }

    /// Whether the variable plays the part of the logits: a vector from which a definition (the softmax)
    /// is built directly. Not in ce-output (by yhat) nor in logreg (by the weights w_{jd}, through z).
    public var hasLogits: Bool {
        guard case .variable(let x, let idx) = wrt, idx.count == 1 else { return false }
        return context.definitions.contains { d in
            d.body.contains { if case .variable(let s, _) = $0 { return s.component == x.component }; return false }
        }
    }

    /// The definition the loss is written in (the probabilities), else the first.
    var lossDefinitionIndex: Int? {
        let used = loss.symbols
        return context.definitions.firstIndex { used.contains($0.symbol) } ?? (context.definitions.isEmpty ? nil : 0)
    }

    /// The problem in other names for its roles: the logits (the symbol differentiated by), the
    /// probabilities (the definition the loss is written in), the labels (the one-hot input) and the index of the variable.
    /// A role the problem does not have is left alone.
    ///
    /// ```swift
    /// try p.named(Problem.Names(logits: Symbol("x"), index: "j"))   // \theta_k becomes x_j
    /// ```
    public func named(_ names: Names) throws -> Problem {
        var map: [Symbol: Symbol] = [:]
        // The variable is a logit only where a definition is built from it (not in ce-output, by yhat).
        if let s = names.logits, case .variable(let old, _) = wrt, hasLogits { map[old] = s }
        if let s = names.probabilities, let at = lossDefinitionIndex { map[context.definitions[at].symbol] = s }
        if let s = names.labels, let a = context.assumptions.first(where: { if case .oneHot = $0 { return true }; return false }) {
            map[a.symbol] = s
        }
        map = map.filter { $0.key != $0.value }
        var index = names.index
        if case .variable(_, let idx) = wrt, idx.count != 1 || idx.first?.name == index { index = nil }
        var p = map.isEmpty && index == nil ? self : try renamed(symbols: map, index: index)
        // Summation indices in the document's names, where the new name is free in that expression.
        func rebind(_ e: Expr, to name: String?, avoiding other: Set<String>) -> Expr {
            guard let name, let old = e.boundIndexNames.sorted().first, old != name,
                  !e.allIndexNames.contains(name), !other.contains(name) else { return e }
            return e.renamingBound(old, to: name)
        }
        let wrtNames = p.wrt.allIndexNames
        p.loss = rebind(p.loss, to: names.sum, avoiding: wrtNames)
        if let at = p.lossDefinitionIndex {
            var d = p.context.definitions[at]
            d.body = rebind(d.body, to: names.innerSum, avoiding: wrtNames.union(d.indices.compactMap(\.name)))
            p.context.definitions[at] = d
        }
        try p.check()
        return p
    }

    /// A product in which an index that no sum binds stands three times or more, and that index: written
    /// without its sum, `x_c y_c z_c` reads as implicit summation, where an index may stand twice at most.
    /// With the sum written (`\sum_i c_i y_i \log \hat{y}_i`) nothing is ambiguous.
    static func tripleIndex(_ e: Expr) -> (Index, Expr)? {
        func walk(_ node: Expr, _ bound: Set<Index>, _ depth: Int) -> (Index, Expr)? {
            guard depth < 2_000 else { return nil }
            switch node {
            case .sum(let i, _, let body): return walk(body, bound.union([i]), depth + 1)
            case .array(let idx, let body): return walk(body, bound.union(idx), depth + 1)
            case .multiply(let fs):
                var count: [Index: Int] = [:]
                for f in fs {
                    for i in Set(f.freeIndices) where !bound.contains(i) { count[i, default: 0] += f.occurrences(of: i) }
                }
                if let (i, _) = count.filter({ $0.value >= 3 }).min(by: { $0.key < $1.key }) { return (i, node) }
                fallthrough
            default:
                for c in node.children { if let hit = walk(c, bound, depth + 1) { return hit } }
                return nil
            }
        }
        return walk(e, [], 0)
    }

    /// Refuses problems that do not make sense: mismatched indices, a definition that uses itself,
    /// a variable that is defined, repeated indices on the variable.
    public func check() throws {
        do {
            try loss.checkIndices()
            for d in context.definitions {
                try d.body.checkIndices()
                let extra = Set(d.body.freeIndices).subtracting(d.indices)
                if let i = extra.sorted().first {
                    throw DerivationError("the definition of \(Printer(.unicode).print(d.lhs)) uses the index \(i), which is neither on its left side nor summed over")
                }
            }
        } catch let e as IndexError {
            throw DerivationError(e.message)
        }
        // In index notation an index stands once in a term (free) or twice (summed): x_c y_c z_c says neither.
        for (what, e) in [("the loss", loss)] + context.definitions.map({ ("the definition of \(Printer(.unicode).print($0.lhs))", $0.body) }) {
            if let (i, product) = Problem.tripleIndex(e) {
                throw DerivationError("in \(what), the index \(i) appears three times in one product, \(Printer(.unicode).print(product)): an index stands once (free) or twice (summed)")
            }
        }
        // g(u, v): the rules and the judge take functions of one argument.
        for (what, e) in [("the loss", loss)] + context.definitions.map({ ("the definition of \(Printer(.unicode).print($0.lhs))", $0.body) }) {
            var many: Function?
            _ = e.contains { if case .apply(let f, let args) = $0, args.count > 1 { many = f; return true }; return false }
            if let f = many { throw DerivationError("in \(what), \(f) takes several arguments: functions of several variables are not differentiated yet") }
        }
        // An index written also as a number (D a_D, \sum_k k x_k) would be two unrelated things to the engine.
        let bodies = [loss] + context.definitions.map(\.body)
        let sizes = bodies.reduce(into: Set<String>()) { $0.formUnion($1.sizeNames) }
        let defined = Set(context.definitions.map(\.symbol.name))
        for (what, e) in [("the loss", loss)] + context.definitions.map({ ("the definition of \(Printer(.unicode).print($0.lhs))", Expr.multiply([$0.lhs, $0.body])) }) {
            if let n = e.indicesUsedAsNumbers(except: sizes.union(defined)).first {
                throw DerivationError("in \(what), \(n) is an index and also a number: derive reads an index only as a subscript, so the bare \(n) would be a different quantity; rename one of them")
            }
        }
        var seen = Set<Symbol>()
        for d in context.definitions {
            guard seen.insert(d.symbol).inserted else { throw DerivationError("\(Printer(.unicode).print(d.lhs)) is defined twice") }
        }
        let ctx = RuleContext(context)
        if let s = ctx.selfReference() {
            let way = Graph.shortestCycle(from: s, successors: { Array(ctx.bodySymbols[$0] ?? []) }, within: { ctx.definition(of: $0) != nil })
            if way.count <= 2, let d = ctx.definition(of: s) { throw DerivationError("the definition of \(Printer(.unicode).print(d.lhs)) uses itself") }
            throw DerivationError("the definitions go round in a cycle: " + way.map { Printer(.unicode).print(.variable($0, [])) }.joined(separator: " → "))
        }
        guard case .variable(let x, let idx) = wrt else { throw DerivationError("the variable to differentiate by must be a symbol") }
        // \pi is the number wherever nothing defines it, in the loss and in the judge alike.
        if x.name == "\\pi", idx.isEmpty, context.definition(of: x) == nil {
            throw DerivationError("\\pi is the constant 3.14159...; differentiate by a variable")
        }
        // A variable the loss does not hold gives 0 by the constant rule, right and useless: most often a typo.
        if !ctx.depends(loss, on: x) {
            var message = "the loss does not depend on \(Printer(.unicode).print(wrt)): neither it nor its definitions hold \(Printer(.unicode).print(.variable(x, [])))"
            let near = Problem.nearest(to: x, in: loss, ctx).prefix(6).map { Printer(.latex).print($0) }
            if !near.isEmpty { message += "; it holds " + near.joined(separator: ", ") + " (nearest name first)" }
            throw DerivationError(message)
        }
        if idx.isEmpty, sizes.contains(x.name), x.accent == .none, !x.bold, x.label == nil, context.definition(of: x) == nil {
            throw DerivationError("\(x.name) is the size of a sum's range, a whole number; differentiate by a variable")
        }
        let names = idx.compactMap(\.name)
        if Set(names).count != names.count { throw DerivationError("the variable to differentiate by repeats an index") }
        let lossFree = Set(loss.freeIndices.compactMap(\.name))
        // The vector v_c of a family (word2vec's centre vector) is taken at the loss's own c: its family index may be free in both.
        let family = matrix?.shapes[x.component] == .matrix && idx.count == 2 ? idx.first?.name : nil
        if let clash = names.first(where: { lossFree.contains($0) && $0 != family }) {
            throw DerivationError("the index \(clash) is free in the loss and also names the variable's index; rename one")
        }
    }
}

extension Problem {
    /// Names for the roles of a problem's symbols, as a document writes them: the logits (the variable
    /// differentiated by), the probabilities, the labels, the index of the variable, and the summation indices.
    public struct Names: Sendable, Equatable {
        public var logits: Symbol?
        public var probabilities: Symbol?
        public var labels: Symbol?
        public var index: String?
        /// The index of the loss's sum and of the sum in the definition (the logistic-regression homework: `\sum_k` and `\sum_l`).
        public var sum: String?
        public var innerSum: String?
        public init(logits: Symbol? = nil, probabilities: Symbol? = nil, labels: Symbol? = nil, index: String? = nil,
                    sum: String? = nil, innerSum: String? = nil) {
            self.logits = logits
            self.probabilities = probabilities
            self.labels = labels
            self.index = index
            self.sum = sum
            self.innerSum = innerSum
        }
    }
}

extension Problem {
    /// The inputs of the loss (the symbols it holds, directly or through definitions, that are not defined),
    /// nearest name to `x`'s first, with their indices, for a hint.
    static func nearest(to x: Symbol, in loss: Expr, _ ctx: RuleContext) -> [Expr] {
        var inputs: [Symbol: [Index]] = [:]
        var stack = [loss]
        var seen = Set<Symbol>()
        while let e = stack.popLast() {
            _ = e.contains { node in
                if case .variable(let s, let idx) = node, inputs[s] == nil {
                    if let d = ctx.definition(of: s) {
                        if seen.insert(s).inserted { stack.append(d.body) }
                    } else {
                        inputs[s] = idx
                    }
                }
                return false
            }
        }
        let target = Printer(.latex).print(.variable(x, []))
        let distance = Dictionary(uniqueKeysWithValues: inputs.keys.map { ($0, editDistance(Printer(.latex).print(.variable($0, [])), target)) })
        return inputs.keys.sorted { a, b in distance[a] != distance[b] ? (distance[a] ?? 0) < (distance[b] ?? 0) : a < b }
            .map { .variable($0, inputs[$0] ?? []) }
    }

    /// Levenshtein distance, by rows.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var next = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            row = next
        }
        return row[b.count]
    }
}
