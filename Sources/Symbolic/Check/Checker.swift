import Foundation
import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// The verdict on one step of a written derivation.
public struct StepVerdict: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case valid, invalid, unverified }
    /// 1-based line of the input at which the step's new expression begins.
    public var line: Int
    public var latex: String
    public var verdict: Kind
    public var reason: String?
    public var counterexample: Counterexample?
}

/// What `derive check` found.
public struct CheckReport: Sendable {
    public var steps: [StepVerdict]
    /// The final expression of the main derivation compared with what it derives.
    public var final: StepVerdict?
    public var repaired: Bool
    public var repairNotes: [String]
    public var einstein: Bool
    /// Definitions read from the document, as `line N: latex`.
    public var definitions: [String]
    /// Blocks of display math that could not be read at all, with their positions.
    public var problems: [ParseError] = []

    public init(steps: [StepVerdict], final: StepVerdict?, repaired: Bool, repairNotes: [String], einstein: Bool, definitions: [String],
                problems: [ParseError] = []) {
        self.steps = steps
        self.final = final
        self.repaired = repaired
        self.repairNotes = repairNotes
        self.einstein = einstein
        self.definitions = definitions
        self.problems = problems
    }

    public var firstInvalid: StepVerdict? { steps.first { $0.verdict == .invalid } }
    public var hasInvalid: Bool { firstInvalid != nil || final?.verdict == .invalid }
}

/// Checks written derivations step by step with the same numeric judge that validates `derive`'s own.
///
/// Each new expression of a chain `A = B = C` is compared with the expression before it (after a
/// wrong step, with the last one not found wrong, so one mistake is reported once). A step is
/// `invalid` only with a counterexample over symbols whose meaning is known (defined, or inputs of
/// what is defined); otherwise it is `unverified`, with the reason.
///
/// ```swift
/// let report = Checker(problem: try Catalog.entry(named: "softmax-ce")?.problem()).check(documentText)
/// report.firstInvalid?.line
/// ```
public struct Checker: Sendable {
    public var problem: Problem?
    public var definitions: [Definition]
    public var assumptions: [Assumption]
    /// Implicit summation: `nil` decides from the document (it says it uses Einstein notation).
    public var einstein: Bool?
    public var seed: UInt64
    public var tolerance: Tolerance
    /// Work allowed for one comparison (node evaluations).
    public var evaluationBudget: Int
    /// Points and size configurations each step is judged at (sizes 2 to 7, every one-hot class position at each).
    public var points: Int
    public var sizeConfigurations: Int

    public init(problem: Problem? = nil, definitions: [Definition] = [], assumptions: [Assumption] = [], einstein: Bool? = nil,
                seed: UInt64 = 2026, tolerance: Tolerance = .default, evaluationBudget: Int = 10_000_000, points: Int = 24,
                sizeConfigurations: Int = 6) {
        self.points = points
        self.sizeConfigurations = sizeConfigurations
        self.problem = problem
        self.definitions = definitions
        self.assumptions = assumptions
        self.einstein = einstein
        self.seed = seed
        self.tolerance = tolerance
        self.evaluationBudget = evaluationBudget
    }

    /// An expression as read, or why it could not be read.
    enum Reading {
        case expr(Expr)
        /// A vector written whole, read componentwise: a line after it may be one component.
        case vector(Expr)
        case unreadable(String)
        /// Terms with incompatible free indices (`\hat{y}_q - y_k`): an index mistake.
        case indexError(String)

        var expr: Expr? {
            switch self {
            case .expr(let e), .vector(let e): return e
            default: return nil
            }
        }
        var isVector: Bool { if case .vector = self { return true } else { return false } }
    }

    /// What the reader needs to know about the document.
    struct Scope {
        var einstein: Bool
        /// Symbols used with indices somewhere, and how many: written bare, they stand for the whole vector
        /// (one index) or matrix (two).
        var ranks: [Symbol: Int]
        var indexed: Set<Symbol> { Set(ranks.keys) }
        init(einstein: Bool, ranks: [Symbol: Int]) {
            self.einstein = einstein
            self.ranks = ranks
        }
        init(einstein: Bool, indexed: Set<Symbol>) {
            self.init(einstein: einstein, ranks: Dictionary(uniqueKeysWithValues: indexed.map { ($0, 1) }))
        }
    }

    /// Letters read as functions where an argument in parentheses follows: \psi(v) for the softmax (001).
    static let functionNames: Set<String> = ["f", "g", "\\psi", "\\phi", "\\varphi"]

    /// Matrix notation is recognised by its operators and transposes.
    static func looksLikeMatrixNotation(_ text: String) -> Bool {
        text.contains("\\circ") || text.contains("\\otimes") || text.contains("\\odot")
            || text.range(of: #"\^\{?\(?[A-Za-z0-9]*\)?\s*(T|\\top|\\intercal)\}?(?![A-Za-z])"#, options: .regularExpression) != nil
    }

    func read(_ item: ChainItem, _ scope: Scope, protected: Set<Index>, lift: [Index]) -> Reading {
        let text = Normalization.normalize(item.latex)
        // Matrix notation ((\hat{y} - y) W^{(2)T} \circ \sigma'(t)), read entry by entry at the lifting indices.
        if Checker.looksLikeMatrixNotation(text), !lift.isEmpty {
            var failure = "cannot read the matrix notation"
            for convention in [MatrixConvention.row, .column] {
                do {
                    let m = try Parser.parseMatrix(text, ranks: scope.ranks, convention: convention)
                    guard m.rank <= lift.count else { break }
                    return .vector(m.entry(at: Array(lift.prefix(m.rank))))
                } catch let err as ParseError {
                    failure = "cannot read the matrix notation: \(err.message)"
                } catch {
                    failure = "cannot read the matrix notation: \(error)"
                }
            }
            return .unreadable(failure)
        }
        do {
            var e = try Parser.parse(text, options: ParseOptions(functions: Checker.functionNames, checksIndices: false))
            // The chain rule written without indices (001: "temporarily ignoring the subscripts") is a product of
            // Jacobians, not of entries: not read.
            let bare = e.factors.filter { f in
                if case .derivative(_, .variable(let x, let xi)) = f { return xi.isEmpty && (x.bold || scope.indexed.contains(x.component)) }
                return false
            }
            if bare.count >= 2 { return .unreadable("the chain rule written without indices (a product of Jacobians) is not read") }
            // A vector written whole (\hat{\mathbf{y}} - \mathbf{y}) is read componentwise.
            var lifted = false
            if let l = Checker.componentwise(e, indices: lift, ranks: scope.ranks) { e = l; lifted = true }
            if e.contains(where: { if case .derivative(_, .variable(let s, let idx)) = $0 { return idx.isEmpty && (s.bold || scope.indexed.contains(s.component)) }; return false }) {
                return .unreadable("a derivative by a whole vector (the gradient) is read only componentwise")
            }
            if scope.einstein { e = Einstein.explicit(e, protected: protected) }
            do { try e.checkIndices() } catch let err as IndexError { return .indexError(err.message) }
            return lifted ? .vector(e) : .expr(e)
        } catch let err as ParseError {
            return .unreadable("cannot read: \(err.message)")
        } catch let err as IndexError {
            return .unreadable("cannot read: \(err.message)")
        } catch {
            return .unreadable("cannot read: \(error)")
        }
    }

    /// `\hat{\mathbf{y}} - \mathbf{y}` as `\hat{y}_k - y_k`: every bold symbol, and every bare symbol that is
    /// used with an index elsewhere, takes the index `k`; a matrix (an array of two indices, or the
    /// derivative of a vector by a vector) takes `k` and the second index; the basis vector `\mathbf{e}_\ell`
    /// is `\delta_{k\ell}`. `nil` when nothing is a vector.
    static func componentwise(_ e: Expr, indices: [Index], indexed: Set<Symbol>) -> Expr? {
        componentwise(e, indices: indices, ranks: Dictionary(uniqueKeysWithValues: indexed.map { ($0, 1) }))
    }

    static func componentwise(_ e: Expr, indices: [Index], ranks: [Symbol: Int]) -> Expr? {
        guard let k = indices.first else { return nil }
        var changed = false
        func isVector(_ s: Symbol, _ idx: [Index]) -> Bool { idx.isEmpty && (s.bold || ranks[s.component] != nil) }
        // A bold symbol with one index whose entries have two, \mathbf{w}_j: the row j of the matrix w.
        func isRow(_ s: Symbol, _ idx: [Index]) -> Bool { s.bold && idx.count == 1 && ranks[s.component] == 2 && !idx.contains(k) }
        // A matrix written bare takes both lifting indices; a vector the first.
        func entry(_ s: Symbol) -> [Index] { (ranks[s.component] ?? 1) >= 2 && indices.count >= 2 ? Array(indices.prefix(2)) : [k] }
        func walk(_ node: Expr, _ depth: Int) -> Expr {
            guard depth < 1_000 else { return node }
            switch node {
            case .array(let idx, let body) where !idx.contains(where: { body.freeIndices.contains($0) }):
                // [\hat{y} - y]_b (001): the entry b of a vector written whole.
                changed = true
                return componentwise(body, indices: idx, ranks: ranks) ?? body
            case .array(let idx, let body) where idx.count <= indices.count && idx.allSatisfy(\.isNamed):
                // A vector or matrix written as a column, a bmatrix or a gradient: its entry (k, ...).
                changed = true
                var map: [String: Index] = [:]
                for (i, v) in zip(idx, indices) { if let n = i.name { map[n] = v } }
                return body.substituting(map)
            case .derivative(.variable(let f, let fi), .variable(let x, let xi)) where indices.count >= 2 && isVector(f, fi) && isVector(x, xi):
                changed = true
                return .partial(.variable(f.component, [k]), wrt: .variable(x.component, [indices[1]]))
            case .derivative(let f, .variable(let x, let xi)) where isRow(x, xi):
                // By a row of a matrix, \mathbf{w}_j (002): by its entry w_{jd}.
                changed = true
                return .partial(walk(f, depth + 1), wrt: .variable(x.component, xi + [k]))
            case .variable(let s, let idx) where isRow(s, idx):
                changed = true
                return .variable(s.component, idx + [k])
            case .derivative(let f, .variable(let x, let xi)) where isVector(x, xi):
                // The gradient by a whole vector or matrix: its entry.
                changed = true
                return .partial(walk(f, depth + 1), wrt: .variable(x.component, entry(x)))
            case .variable(let s, let idx) where s.bold && s.name == "e" && idx.count == 1:
                changed = true
                return .kronecker(k, idx[0])
            case .variable(let s, let idx) where isVector(s, idx):
                changed = true
                return .variable(s.component, entry(s))
            default:
                let cs = node.children
                return cs.isEmpty ? node : node.withChildren(cs.map { walk($0, depth + 1) })
            }
        }
        let out = walk(e, 0)
        return changed ? out : nil
    }

    public func check(_ input: String) -> CheckReport {
        let repair = Repair.repair(input)
        let text = repair.text
        let useEinstein = einstein ?? (text.range(of: "einstein", options: .caseInsensitive) != nil)
        let chains = Extraction.chains(in: text)

        // The context: the problem's, the user's, then what the document defines.
        var context = problem?.context ?? Context()
        for d in definitions { context.definitions.removeAll { $0.symbol == d.symbol }; context.definitions.append(d) }
        context.assumptions += assumptions
        if problem == nil, text.range(of: #"(?i)one[- ]hot"#, options: .regularExpression) != nil {
            context.assumptions.append(.oneHot(Symbol("y")))
        }
        var ranks: [Symbol: Int] = [:]
        func note(_ e: Expr) {
            _ = e.postwalk { n in
                if case .variable(let s, let idx) = n, !idx.isEmpty { ranks[s.component] = max(ranks[s.component] ?? 0, idx.count) }
                return n
            }
        }
        let plain = Scope(einstein: false, indexed: [])
        for chain in chains {
            for item in chain.items {
                guard let e = read(item, plain, protected: [], lift: []).expr else { continue }
                note(e)
            }
        }
        for d in context.definitions {
            if !d.indices.isEmpty { ranks[d.symbol] = max(ranks[d.symbol] ?? 0, d.indices.count) }
            note(d.body)
        }
        if let problem { note(problem.loss); note(problem.wrt) }
        let indexed = Set(ranks.keys)
        let scope = Scope(einstein: useEinstein, ranks: ranks)

        var definitionNotes: [String] = []
        var definitionChains = Set<Int>()
        // "\ell = true class label": the one-hot labels are y_i = 1 exactly when i = \ell.
        if text.range(of: #"(?i)true class"#, options: .regularExpression) != nil, text.contains("\\ell") {
            let y = Symbol("y")
            context.definitions.removeAll { $0.symbol == y }
            context.definitions.append(Definition(symbol: y, indices: [.named("i")], body: .kronecker(.named("i"), .named("\\ell"))))
            definitionNotes.append("y_i = \\mathbb{1}_{i=\\ell}, from \"\\ell = true class\"")
        }
        // The document's own definitions take the place of the problem's (004 defines \hat{y} over x);
        // the user's --let and an earlier definition in the document stay.
        var fixed = Set(definitions.map(\.symbol))
        var unusable = Set<Symbol>()
        for (n, chain) in chains.enumerated() {
            guard chain.items.count == 2 else { continue }
            guard let d = documentDefinition(chain, context: context, scope: scope, fixed: fixed) else {
                // "t = xW + b": defined, but in a form that cannot be used; such symbols block verdicts.
                if case .expr(.variable(let s, _)) = read(chain.items[0], Scope(einstein: false, indexed: []), protected: [], lift: []),
                   context.definition(of: s) == nil { unusable.insert(s.component) }
                continue
            }
            context.definitions.removeAll { $0.symbol == d.symbol }
            context.definitions.append(d)
            fixed.insert(d.symbol)
            definitionChains.insert(n)
            definitionNotes.append("line \(chain.items[0].line): \(chain.items[0].latex) = \(chain.items[1].latex)")
        }
        // A loss named on the left of a derivative (CE, L, J) is the problem's loss.
        if let problem {
            for chain in chains {
                guard let first = chain.items.first.flatMap({ read($0, Scope(einstein: false, indexed: indexed), protected: [], lift: [.named("k")]).expr }),
                      case .derivative(.variable(let s, let idx), _) = first, idx.isEmpty, context.definition(of: s) == nil,
                      !problem.loss.symbols.contains(s) else { continue }
                context.definitions.append(Definition(symbol: s, indices: [], body: problem.loss))
            }
        }
        unusable.subtract(context.definitions.map(\.symbol))
        var known = Set<Symbol>()
        for d in context.definitions { known.insert(d.symbol); known.formUnion(d.body.symbols) }
        for a in context.assumptions { known.insert(a.symbol) }
        if let problem { known.formUnion(problem.loss.symbols); known.formUnion(problem.wrt.symbols) }
        unusable.subtract(known)

        var steps: [StepVerdict] = []
        var final: StepVerdict?
        var finalLength = 0
        for (n, chain) in chains.enumerated() where !definitionChains.contains(n) && chain.items.count >= 2 {
            var readings: [Reading] = []
            var protected = Set<Index>()
            var free: Set<Index>?
            // The free indices in the order the chain's first expression has them (a derivative: the function's,
            // then the variable's), so that a matrix written whole takes its row and column indices.
            var order: [Index] = []
            var chainLift: [Index]?
            var start = 0
            // Per line: right (equal to the truth so far), carried (follows from a wrong line), wrong.
            enum State { case right, carried, wrong }
            var states: [State?] = []
            var lastRight: Int?
            let chainKnown = known
            // A vector written whole is read with an index no line of the chain uses for anything else.
            var used = Set<String>()
            for item in chain.items { if let e = read(item, plain, protected: [], lift: []).expr { used.formUnion(e.allIndexNames) } }
            let liftIndex = Index.named(Expr.freshIndexName(like: "k", avoiding: used))
            let liftIndex2 = Index.named(Expr.freshIndexName(like: "l", avoiding: used.union([liftIndex.name ?? ""])))
            var segmentEnd = 0
            var lastCondition: IndexCondition?
            for (k, item) in chain.items.enumerated() {
                // A chain that began with a whole vector or matrix keeps its lifting indices; otherwise whole
                // vectors take the chain's one free index, whole matrices its two (rows, then columns).
                let lift: [Index]
                if let l = chainLift { lift = l } else if let f = free {
                    lift = f.count == 1 ? Array(f) : (f.count == 2 && Set(order) == f ? order : [])
                } else {
                    lift = [liftIndex, liftIndex2]
                }
                let reading = read(item, scope, protected: protected, lift: lift)
                readings.append(reading)
                states.append(nil)
                guard let e = reading.expr else {
                    if k > 0 {
                        let v = unverified(item, reading)
                        steps.append(v)
                        if v.verdict == .invalid { states[k] = .wrong }
                    }
                    continue
                }
                // The chain's free indices are those of its first expression (for a derivative, also of the variable).
                if free == nil || k == 0 {
                    if k > 0 {
                        var why = "cannot be read"
                        if case .unreadable(let r) = readings[k - 1] { why = r }
                        steps.append(StepVerdict(line: item.line, latex: item.latex, verdict: .unverified,
                                                 reason: "the expression before it (line \(chain.items[k - 1].line)): \(why)", counterexample: nil))
                    }
                    free = Set(e.freeIndices)
                    order = e.freeIndices
                    chainLift = reading.isVector ? [liftIndex, liftIndex2] : nil
                    protected = free ?? []
                    if case .derivative(let f, let x) = e { protected = Set(x.freeIndices).union(f.freeIndices) }
                    start = k
                    states[k] = .right
                    lastRight = k
                    continue
                }
                // Free indices that grow by a parameter the line before hid in a name (003: L and \ell) are
                // compared as they stand; growth by the variable's index, or any other change, starts anew.
                if let f = free, f.isSubset(of: Set(e.freeIndices)), Set(e.freeIndices) != f,
                   !e.contains(where: { if case .derivative(_, let x) = $0 { return !Set(x.freeIndices).isSubset(of: f) }; return false }),
                   readings[k - 1].expr != nil {
                    free = Set(e.freeIndices)
                    order = e.freeIndices
                    protected.formUnion(e.freeIndices)
                }
                // Other free indices than the line before: a mistake of indices, unless the line before is a
                // whole vector (or cannot be read), when a component may follow (000's "j-th row").
                var judgeFree = (free ?? []).compactMap(\.name).sorted()
                if let f = free, Set(e.freeIndices) != f, let previous = readings[k - 1].expr, !readings[k - 1].isVector,
                   !previous.contains(where: { if case .derivative(_, .variable(_, let idx)) = $0 { return idx.isEmpty }; return false }) {
                    judgeFree = f.union(e.freeIndices).compactMap(\.name).sorted()
                } else if let f = free, Set(e.freeIndices) != f {
                    // After a whole vector, with "k is the true class" in the prose: a component of that vector at
                    // the one other free index (000's last line), judged as such.
                    if let cls = item.trueClass, readings[k - 1].isVector, let state = states[k - 1] {
                        let others = Set(e.freeIndices).subtracting([Index.named(cls)])
                        if others.count == 1, let c = others.first, let name = c.name,
                           let previous = read(chain.items[k - 1], scope, protected: protected, lift: [c]).expr {
                            var v = judge(previous, e, item: item, before: chain.items[k - 1], free: [name, cls], context: context,
                                          known: chainKnown, unusable: unusable)
                            if v.verdict == .valid, state != .right { v.reason = "follows from line \(chain.items[k - 1].line), which was wrong" }
                            steps.append(v)
                            considerFinal(start, segmentEnd)
                            free = Set(e.freeIndices)
                            order = e.freeIndices
                            chainLift = nil
                            protected = free ?? []
                            start = k
                            states[k] = v.verdict == .invalid ? .wrong : .right
                            if v.verdict != .invalid { lastRight = k }
                            continue
                        }
                    }
                    considerFinal(start, segmentEnd)
                    // Not an equality with the line before: a component or another quantity. It starts anew
                    // (000 turns from the gradient to "the j-th row" of it).
                    let show = { (s: Set<Index>) in "{" + s.map(\.description).sorted().joined(separator: ", ") + "}" }
                    steps.append(StepVerdict(line: item.line, latex: item.latex, verdict: .unverified,
                                             reason: "free indices change from \(show(f)) to \(show(Set(e.freeIndices))): a component or another quantity, not an equality",
                                             counterexample: nil))
                    free = Set(e.freeIndices)
                    order = e.freeIndices
                    chainLift = reading.isVector ? [liftIndex, liftIndex2] : nil
                    protected = free ?? []
                    start = k
                    states[k] = .right
                    lastRight = k
                    continue
                }
                segmentEnd = k
                // A row of cases ("= 0 otherwise") is a case of the line before the cases began.
                var p = k - 1
                if let note = item.note, note.hasPrefix("if") || note.hasPrefix("otherwise") {
                    while p > start, let n = chain.items[p].note, n.hasPrefix("if") || n.hasPrefix("otherwise") { p -= 1 }
                }
                guard let previous = readings[p].expr, let previousState = states[p] else {
                    steps.append(StepVerdict(line: item.line, latex: item.latex, verdict: .unverified,
                                             reason: "the expression before it (line \(chain.items[k - 1].line)) cannot be read", counterexample: nil))
                    // What follows is judged against this line, whose own truth is not known.
                    states[k] = .right
                    lastRight = k
                    continue
                }
                let freeNames = judgeFree
                var v = judge(previous, e, item: item, before: chain.items[p], free: freeNames, context: context,
                              known: chainKnown, unusable: unusable, otherwise: lastCondition)
                if let c = Checker.condition(item) { lastCondition = c }
                switch (v.verdict, previousState) {
                case (.valid, .right):
                    states[k] = .right
                    lastRight = k
                case (.valid, _):
                    // The error carried forward: the step itself is right.
                    states[k] = .carried
                    v.reason = "follows from line \(chain.items[k - 1].line), which was wrong"
                case (.invalid, .wrong):
                    // Right after a wrong line, a line may return to what was right.
                    if let t = lastRight, let truth = readings[t].expr {
                        let back = judge(truth, e, item: item, before: chain.items[t], free: freeNames, context: context,
                                         known: chainKnown, unusable: unusable, otherwise: lastCondition)
                        if back.verdict == .valid {
                            v = back
                            v.reason = "equals line \(chain.items[t].line): the wrong step is undone"
                            states[k] = .right
                            lastRight = k
                            break
                        }
                    }
                    states[k] = .wrong
                case (.invalid, _):
                    states[k] = .wrong
                case (.unverified, _):
                    states[k] = .right
                    lastRight = k
                }
                steps.append(v)
            }
            considerFinal(start, segmentEnd)

            // The final expression of the longest stretch that starts with a derivative, against that derivative.
            func considerFinal(_ from: Int, _ to: Int) {
                guard to > from, to - from + 1 > finalLength, let first = readings[from].expr,
                      first.contains(where: { if case .derivative = $0 { return true }; return false }),
                      let last = readings[to].expr else { return }
                finalLength = to - from + 1
                var v = judge(first, last, item: chain.items[to], before: chain.items[from],
                              free: Set(first.freeIndices).union(last.freeIndices).compactMap(\.name).sorted(),
                              context: context, known: chainKnown, unusable: unusable)
                if v.verdict == .valid { v.reason = "equals the derivative on line \(chain.items[from].line)" }
                final = v
            }
        }
        return CheckReport(steps: steps, final: final, repaired: repair.repaired, repairNotes: repair.notes, einstein: useEinstein,
                           definitions: definitionNotes, problems: Extraction.problems(in: text))
    }

    func unverified(_ item: ChainItem, _ r: Reading) -> StepVerdict {
        switch r {
        case .indexError(let why):
            return StepVerdict(line: item.line, latex: item.latex, verdict: .invalid, reason: "index error: \(why)", counterexample: nil)
        case .unreadable(let why):
            return StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: why, counterexample: nil)
        default:
            return StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: "cannot read", counterexample: nil)
        }
    }

    /// Indices a defined name hides: with `L = -\log \hat{y}_\ell`, every `L` depends on `\ell`, which must
    /// then take every value like a free index.
    static func hiddenIndices(_ e: Expr, _ context: Context) -> [String] {
        var out: [String] = []
        var seen = Set<Symbol>()
        var stack = Array(e.symbols).sorted()
        while let s = stack.popLast() {
            guard seen.insert(s).inserted, let d = context.definition(of: s) else { continue }
            for i in d.body.freeIndices where !d.indices.contains(i) { if let n = i.name, !out.contains(n) { out.append(n) } }
            stack += d.body.symbols.sorted()
        }
        return out
    }

    /// `\hat{y}_i = \frac{...}{...}` or `L = ...`: a symbol with distinct index names, defined by an expression without it.
    func documentDefinition(_ chain: Chain, context: Context, scope: Scope, fixed: Set<Symbol>) -> Definition? {
        let plain = Scope(einstein: false, indexed: [])
        guard case .expr(let lhs) = read(chain.items[0], plain, protected: [], lift: []),
              case .variable(let s, let idx) = lhs, !fixed.contains(s),
              idx.allSatisfy(\.isNamed), Set(idx).count == idx.count,
              case .expr(let rhs) = read(chain.items[1], Scope(einstein: scope.einstein, indexed: []), protected: Set(idx), lift: []),
              // Matrix notation (t = xW + b where t_d is used elsewhere) is not an index definition.
              !(idx.isEmpty && scope.indexed.contains(s.component)),
              !rhs.contains(where: { if case .variable(let v, let i) = $0 { return i.isEmpty && scope.indexed.contains(v.component) }; return false }),
              !rhs.symbols.contains(s), !rhs.contains(where: { if case .derivative = $0 { return true }; return false }),
              Set(rhs.freeIndices).isSubset(of: Set(idx)) else { return nil }
        return Definition(symbol: s, indices: idx, body: rhs)
    }

    /// A condition `k \neq j` or `i = \ell` from a note or the prose.
    static func condition(_ item: ChainItem) -> IndexCondition? {
        if let note = item.note, let c = condition(note.replacingOccurrences(of: "if", with: "")) { return c }
        return item.condition.flatMap { condition($0) }
    }

    static func condition(_ source: String) -> IndexCondition? {
        var text = source.trimmingCharacters(in: .whitespaces)
        text = text.replacingOccurrences(of: "\\forall", with: "")
        let equal = !text.contains("\\neq") && !text.contains("\\ne ")
        let parts = text.components(separatedBy: equal ? "=" : (text.contains("\\neq") ? "\\neq" : "\\ne"))
        guard parts.count == 2 else { return nil }
        func index(_ s: String) -> Index? {
            let t = s.trimmingCharacters(in: .whitespaces)
            if t == "\\ell" { return .named("\\ell") }
            if t.count == 1, let c = t.first, c.isLetter { return .named(t) }
            return nil
        }
        guard let a = index(parts[0]), let b = index(parts[1]) else { return nil }
        return IndexCondition(a, b, isEqual: equal)
    }

    func judge(_ before: Expr, _ after: Expr, item: ChainItem, before beforeItem: ChainItem, free: [String],
               context: Context, known: Set<Symbol>, unusable: Set<Symbol>, otherwise: IndexCondition? = nil) -> StepVerdict {
        var v = StepVerdict(line: item.line, latex: item.latex, verdict: .unverified, reason: nil, counterexample: nil)
        var a = after, b = before
        var context = context
        var free = free
        if let k = item.trueClass {
            // "k is the true class": the one-hot labels are y_i = \delta_{ik} in this block, for every k.
            let y = context.assumptions.first { if case .oneHot = $0 { return true }; return false }?.symbol ?? Symbol("y")
            let i = Index.named(k == "i" ? "j" : "i")
            context.definitions.removeAll { $0.symbol == y }
            context.definitions.append(Definition(symbol: y, indices: [i], body: .kronecker(i, .named(k))))
            context.assumptions.removeAll { $0.symbol == y }
            if !free.contains(k) { free.append(k) }
        }
        var condition: IndexCondition?
        if item.note != nil || item.condition != nil {
            condition = Checker.condition(item)
            // "otherwise" after a case holds where that case does not.
            if condition == nil, let note = item.note, note.hasPrefix("otherwise"), let c = otherwise {
                condition = IndexCondition(c.lhs, c.rhs, isEqual: !c.isEqual)
            }
            if condition == nil, let note = item.note, note.hasPrefix("if") || note.hasPrefix("otherwise") || note.hasPrefix("\\forall") {
                v.reason = "holds only under a condition (\(note)) that is not read"
                return v
            }
        }
        if let c = condition {
            // Both sides under the condition, zero elsewhere: equal exactly where the condition holds.
            a = .cases([Expr.Piece(a, if: c)], otherwise: .zero)
            b = .cases([Expr.Piece(b, if: c)], otherwise: .zero)
        }
        // A symbol the step brings in that nothing defines (004's \Sigma for the sum) is shorthand, not a quantity.
        let introduced = after.symbols.subtracting(before.symbols).subtracting(known).filter { $0.name != "\\pi" }
        if !introduced.isEmpty {
            let names = introduced.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
            v.reason = "brings in \(names), which nothing defines"
            return v
        }
        // ∂z_j/∂w_j with nothing saying how z depends on w would be 0 by default: that is no judgement.
        let rc = RuleContext(context)
        for side in [before, after] {
            var vacuous: Expr?
            _ = side.contains { node in
                guard case .derivative(let f, .variable(let x, _)) = node, !rc.depends(f, on: x),
                      !f.symbols.subtracting(known).isEmpty || !known.contains(x) else { return false }
                vacuous = node
                return true
            }
            if let d = vacuous {
                var unknown = d.children[0].symbols.subtracting(known)
                if unknown.isEmpty { unknown = d.children[0].symbols }
                let names = unknown.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
                v.reason = "nothing defines how \(names) depends on the variable in \(Printer(.latex).print(d))"
                return v
            }
        }
        var freeNames = free
        for i in a.freeIndices + b.freeIndices { if let n = i.name, !freeNames.contains(n) { freeNames.append(n) } }
        for n in Checker.hiddenIndices(a, context) + Checker.hiddenIndices(b, context) where !freeNames.contains(n) { freeNames.append(n) }
        // Sizes 2 to 7, every one-hot class position at each: enough to refute a wrong step, at half the cost.
        let validator = Validator(context: context, tolerance: tolerance, seed: seed, minimumPoints: points, sizeConfigurations: sizeConfigurations,
                                  evaluationBudget: evaluationBudget)
        let report: ValidationReport
        do { report = try validator.validate(reference: b, against: [a], free: freeNames) } catch {
            v.reason = "\(error)"
            return v
        }
        switch report.checks[0].verdict {
        case .valid:
            v.verdict = .valid
            if let c = condition { v.reason = "where \(c.lhs) \(c.isEqual ? "=" : "≠") \(c.rhs)" }
        case .unverified(let why):
            v.reason = why
        case .invalid(let c):
            // Undefined symbols are inputs, free to take any value; but one the document defines in a form
            // that cannot be used (t = xW + b) might make the step right: no verdict then.
            let blocked = after.symbols.union(before.symbols).map(\.component).filter { unusable.contains($0) }
            if !blocked.isEmpty {
                let names = blocked.map { Printer(.latex).print(.variable($0, [])) }.sorted().joined(separator: ", ")
                v.reason = "not equal unless the definition of \(names), which is not in index form, makes it so; give --let"
            } else {
                v.verdict = .invalid
                v.counterexample = c
                v.reason = "not equal to the expression on line \(beforeItem.line)"
            }
        }
        return v
    }
}
