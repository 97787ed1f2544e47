import Foundation
import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender
import SymbolicRules

// MARK: - Reading an expression of a document: normalised, parsed, vectors read by their entries

extension Checker {
    /// Letters read as functions where an argument in parentheses follows: \psi(v) for the softmax (the Einstein-notation homework).
    static let functionNames: Set<String> = ["f", "g", "\\psi", "\\phi", "\\varphi"]

    /// Matrix notation is recognised by its operators and transposes.
    static func looksLikeMatrixNotation(_ text: String) -> Bool {
        text.contains("\\circ") || text.contains("\\otimes") || text.contains("\\odot")
            || text.range(of: #"\^\{?\(?[A-Za-z0-9]*\)?\s*(T|\\top|\\intercal)\}?(?![A-Za-z])"#, options: .regularExpression) != nil
    }

    func read(_ item: ChainItem, _ scope: Scope, protected: Set<Index>, lift: [Index]) -> Reading {
        if scope.cookbook, let m = Checker.cookbookReading(Normalization.normalize(item.latex), scope, lift: lift) { return m }
        let reading = readIndexNotation(item, scope, protected: protected, lift: lift)
        // What the reader of index notation cannot read may be the matrix notation of the Matrix Cookbook: column
        // vectors, shapes inferred, gradients by whole vectors (x^T A x, \nabla_w L, X^T (X w - y)).
        if case .unreadable = reading, let m = Checker.cookbookReading(Normalization.normalize(item.latex), scope, lift: lift) { return m }
        return reading
    }

    /// A line in matrix notation read by `MatrixNotation`, a vector or matrix at the lifting indices; nil where it is
    /// not matrix notation or does not read.
    static func cookbookReading(_ text: String, _ scope: Scope, lift: [Index]) -> Reading? {
        guard scope.cookbook || MatrixNotation.isMatrixNotation(text) || text.contains("\\nabla") else { return nil }
        let shapes = scope.knownShapes
        let names = lift.compactMap(\.name)
        guard let m = try? MatrixNotation.read(text, shapes: shapes, free: names, avoiding: Set(names), options: ParseOptions(functions: scope.functions)),
              m.free.count <= lift.count else { return nil }
        return m.free.isEmpty ? .expr(m.expr) : .vector(m.expr)
    }

    func readIndexNotation(_ item: ChainItem, _ scope: Scope, protected: Set<Index>, lift: [Index]) -> Reading {
        var text = Normalization.normalize(item.latex)
        for f in scope.softmaxAliases.sorted() { text = Normalization.softmaxEntries(text, named: f) }
        text = Checker.bracketEntries(text, ranks: scope.ranks)
        // Matrix notation ((\hat{y} - y) W^{(2)T} \circ \sigma'(t)), read entry by entry at the lifting indices.
        if Checker.looksLikeMatrixNotation(text), !lift.isEmpty {
            var failure = "cannot read the matrix notation"
            for convention in [MatrixConvention.row, .column] {
                do {
                    let m = try Parser.parseMatrix(text, ranks: scope.ranks, convention: convention)
                    guard m.rank <= lift.count else { break }
                    return .vector(Checker.namedSums(m.entry(at: Array(lift.prefix(m.rank))), avoiding: Set(text.filter(\.isLetter).map(String.init))))
                } catch let err as ParseError {
                    failure = "cannot read the matrix notation: \(err.message)"
                } catch {
                    failure = "cannot read the matrix notation: \(error)"
                }
            }
            return .unreadable(failure)
        }
        do {
            var e = try Parser.parse(text, options: ParseOptions(functions: scope.functions, checksIndices: false, hiddenTerms: true))
            if !scope.functionValues.isEmpty { e = Checker.functionValues(e, scope.functionValues) }
            // Only in a document that recalls a rule so (h(x) = f(x)/g(x) over its vector x): J(\theta) elsewhere is the loss.
            if scope.functionValues.values.contains(where: { $0.parameters.contains { p in p.symbols.contains { $0.label == Checker.ruleParameter(Symbol("x")).label } } }) {
                e = Checker.ruleParameters(e, ranks: scope.ranks)
            }
            e = Checker.sampleLabels(e)
            // The chain rule written without indices (the Einstein-notation homework: "temporarily ignoring the subscripts") is a product of
            // Jacobians, not of entries: read as the sums it stands for, where its factors make one chain.
            let vector = { (x: Symbol) in x.bold || scope.indexed.contains(x.component) }
            let bare = e.factors.filter { f in
                if case .derivative(_, .variable(let x, let xi)) = f { return xi.isEmpty && vector(x) }
                return false
            }
            var lifted = false
            if bare.count >= 2 {
                let letters = Set(text.filter(\.isLetter).map(String.init)).union(e.allIndexNames)
                guard let chained = Checker.jacobianChain(e, lift: lift, isVector: vector, avoiding: letters) else {
                    return .unreadable("the chain rule written without indices (a product of Jacobians) is not read: its factors do not make one chain")
                }
                e = chained
                lifted = !lift.isEmpty && !e.freeIndices.isEmpty
            }
            // A vector written whole (\hat{\mathbf{y}} - \mathbf{y}) is read componentwise.
            if let l = Checker.componentwise(e, indices: lift, ranks: scope.ranks) { e = l; lifted = true }
            if e.contains(where: { if case .derivative(_, .variable(let s, let idx)) = $0 { return idx.isEmpty && (s.bold || scope.indexed.contains(s.component)) }; return false }) {
                return .unreadable("a derivative by a whole vector (the gradient) is read only componentwise")
            }
            if scope.einstein { e = Einstein.explicit(e, protected: protected) }
            do { try e.checkIndices() } catch let err as IndexError {
                // With the fixed indices held at a value, the terms may agree: then it is no mistake of indices.
                let held = Dictionary(uniqueKeysWithValues: scope.fixedIndices.compactMap(\.name).map { ($0, Index.value(1)) })
                if held.isEmpty || (try? e.substituting(held).checkIndices()) == nil { return .indexError(err.message) }
            }
            return lifted ? .vector(e) : .expr(e)
        } catch let err as ParseError {
            if err.message.hasPrefix("a vector or matrix whose entries do not show their pattern"),
               let shown = Checker.shownEntries(text, scope: scope, protected: protected) { return .entries(shown) }
            return .unreadable("cannot read: \(err.message)")
        } catch let err as IndexError {
            return .unreadable("cannot read: \(err.message)")
        } catch {
            return .unreadable("cannot read: \(error)")
        }
    }

    /// The scalar that stands for `x` in a rule's reminder (`h(x) = \frac{f(x)}{g(x)}` in a document over a vector x).
    static func ruleParameter(_ x: Symbol) -> Symbol { Symbol(x.name, label: "scalar") }

    /// A line of a rule's reminder (`\frac{\partial h(x)}{\partial x} = \frac{f'(x) g(x) - g'(x) f(x)}{g(x)^2}`), where x
    /// is written bare only as what functions defined nowhere are applied to, and as the variable of derivatives,
    /// while the document uses x as a vector: that x is a scalar of the rule's own, not the document's vector.
    static func ruleParameters(_ e: Expr, ranks: [Symbol: Int]) -> Expr {
        var bare: [Symbol: Int] = [:]
        var used: [Symbol: Int] = [:]
        var called = Set<Symbol>()
        _ = e.contains { node in
            switch node {
            case .apply(let f, let args):
                var base = f
                while case .prime(let g) = base { base = g }
                // The letters of a rule (f(x), g'(x)), not a name for a function of the document (\psi(v) for the softmax).
                if case .named(let name) = base, name.count == 1, name.first?.isLetter == true, args.count == 1,
                   case .variable(let x, []) = args[0] { used[x, default: 0] += 1; called.insert(x) }
            case .derivative(_, .variable(let x, [])): used[x, default: 0] += 1
            case .variable(let x, []): bare[x, default: 0] += 1
            default: break
            }
            return false
        }
        let local = bare.keys.filter { x in called.contains(x) && ranks[x.component] != nil && !x.bold && used[x] == bare[x] }
        guard !local.isEmpty else { return e }
        return local.reduce(e) { out, x in out.replacingVariable(x) { idx in idx.isEmpty ? .variable(ruleParameter(x), []) : nil } }
    }

    /// Calls of the document's one-variable functions as `Scope.functionValues` reads them.
    static func functionValues(_ e: Expr, _ values: [String: (parameters: [Expr], body: Expr)]) -> Expr {
        // The bodies' own sums get indices the expression does not use, so that none captures an index at the call.
        let taken = e.allIndexNames
        let values = values.mapValues { v in (parameters: v.parameters, body: Checker.freshBound(v.body, avoiding: taken)) }
        return e.postwalk { node in
            // f'(u), f''(u): the body's derivative, worked out by the engine's rules, at u.
            if case .apply(.prime(let g), let args) = node, args.count == 1 {
                var order = 1
                var base = g
                while case .prime(let h) = base { order += 1; base = h }
                guard case .named(let f) = base, let (parameters, body) = values[f], parameters.count == 1,
                      case .variable(let v, []) = parameters[0], let d = derivative(body, by: v, order: order) else { return node }
                return d.replacingVariable(v) { _ in args[0] }
            }
            guard case .apply(.named(let f), let args) = node, let (parameters, body) = values[f] else { return node }
            let s = Expr.variable(Symbol(f), [])
            if args == parameters { return s }
            guard args.count == 1, parameters.count == 1, case .variable(let v, []) = parameters[0], body.symbols.contains(v) else { return node }
            if args[0].symbols.contains(Symbol(f)) { return .mul([s, args[0]]) }
            // A vector parameter at a vector argument: the body's entry x_j is the argument's (x^{(i)}_j).
            if case .variable(let a, let ai) = args[0] { return body.replacingVariable(v) { idx in .variable(a, ai + idx) } }
            return body.replacingVariable(v) { _ in args[0] }
        }
    }

    /// `e` with each index a sum of it binds renamed where `taken` has it.
    static func freshBound(_ e: Expr, avoiding taken: Set<String>) -> Expr {
        var used = taken.union(e.allIndexNames)
        return e.postwalk { node in
            guard case .sum(.named(let n), let r, let body) = node, taken.contains(n) else { return node }
            let fresh = Expr.freshIndexName(like: n, avoiding: used)
            used.insert(fresh)
            return .indexSum(.named(fresh), r, body.replacingIndex(.named(n), with: .named(fresh)))
        }
    }

    /// `[\frac{\partial L}{\partial \hat{y}_1} \\ \vdots]`: a column of one bmatrix that shows its first entries and
    /// then only dots, each entry read in the line's place; nil for anything else (entries after the dots, a matrix).
    static func shownEntries(_ text: String, scope: Scope, protected: Set<Index>) -> [Expr]? {
        guard let open = text.range(of: "\\begin{bmatrix}"), let close = text.range(of: "\\end{bmatrix}", range: open.upperBound..<text.endIndex),
              text.range(of: "\\begin{bmatrix}", range: open.upperBound..<text.endIndex) == nil else { return nil }
        let inside = String(text[open.upperBound..<close.lowerBound])
        guard !inside.contains("&") else { return nil }
        var rows = inside.components(separatedBy: "\\\\").map { $0.trimmingCharacters(in: .whitespaces) }
        while rows.last?.isEmpty == true { rows.removeLast() }
        if let last = rows.last, ["\\vdots", "\\cdots", "\\dots", "\\ldots"].contains(last) {
            rows.removeLast()
        } else {
            // No dots: a column of a few entries (a slide built up row by row, an example of two classes) is its
            // first entries only where row n shows the number n (\mathbb{1}_{\ell=2}, \hat{y}_2), not 1, 2, k.
            guard rows.enumerated().allSatisfy({ n, row in Checker.numbers(in: row).contains(n + 1) }) else { return nil }
        }
        guard !rows.isEmpty, rows.allSatisfy({ !$0.isEmpty && !$0.contains("dots") }) else { return nil }
        var out: [Expr] = []
        for row in rows {
            let line = String(text[..<open.lowerBound]) + "\\left(" + row + "\\right)" + String(text[close.upperBound...])
            guard var e = try? Parser.parse(line, options: ParseOptions(functions: scope.functions, checksIndices: false, hiddenTerms: true)) else { return nil }
            if !scope.functionValues.isEmpty { e = Checker.functionValues(e, scope.functionValues) }
            if scope.einstein { e = Einstein.explicit(e, protected: protected) }
            out.append(e)
        }
        return out
    }

    /// The whole numbers written in a text (`a_{L2}`, `\mathbb{1}_{\ell=2}`: 2 and 1, 2).
    static func numbers(in text: String) -> Set<Int> {
        var out: Set<Int> = []
        var run = ""
        for c in text + " " {
            if c.isASCII, c.isNumber { run.append(c); continue }
            if !run.isEmpty, run.count < 9, let n = Int(run) { out.insert(n) }
            run = ""
        }
        return out
    }

    /// The `order`-th derivative of a function's body by its parameter, or nil where the rules leave a derivative.
    static func derivative(_ body: Expr, by v: Symbol, order: Int) -> Expr? {
        var out = body
        for _ in 0..<order {
            let run = Rewriter(budget: Budget()).run(.partial(out, wrt: .variable(v, [])), [Phase.differentiation(DifferentiationRules.all)],
                                                     RuleContext(Context()))
            guard run.derivativeLeft == nil, run.stop == .saturated else { return nil }
            out = run.result
        }
        return out
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
                // [\hat{y} - y]_b (the Einstein-notation homework): the entry b of a vector written whole.
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
                // By a row of a matrix, \mathbf{w}_j (the logistic-regression homework): by its entry w_{jd}.
                changed = true
                return .partial(walk(f, depth + 1), wrt: .variable(x.component, xi + [k]))
            case .variable(let s, let idx) where isRow(s, idx):
                changed = true
                return .variable(s.component, idx + [k])
            case .derivative(let f, .variable(let x, let xi)) where isVector(x, xi):
                // The gradient by a whole vector or matrix: its entry.
                changed = true
                return .partial(walk(f, depth + 1), wrt: .variable(x.component, entry(x)))
            case .variable(let s, let idx) where s.name == "e" && idx.count == 1 && (s.bold || idx[0] != k) && s.accent == .none:
                // The basis vector e_\ell beside vectors read at their entry k (the slides write it plain).
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

    /// `y_{i\neq j}`, the term of a sum at an i other than j: the condition the line holds under, whatever case the
    /// prose before it was in.
    static func withSubscriptCondition(_ item: ChainItem) -> ChainItem {
        guard item.note == nil,
              let r = item.latex.range(of: #"(?<!\\sum)(?<!\\prod)_\{\s*[a-z]\s*\\neq?\s*[a-z]\s*\}"#, options: .regularExpression) else { return item }
        var item = item
        item.condition = String(item.latex[r].dropFirst(2).dropLast())
        return item
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
}
