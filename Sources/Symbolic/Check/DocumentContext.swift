import Foundation
import SymbolicCore
import SymbolicLaTeX
import SymbolicProblems
import SymbolicRender

/// What a document says besides its chains, and what the checker knows of it: the definitions (the problem's,
/// the user's, then the document's own, which take the place of the problem's), assumptions its prose states
/// ("one-hot", "\ell = true class"), which symbols stand for vectors and matrices, and which symbols it
/// defines in a form that cannot be used (`t = xW + b`).
struct DocumentContext {
    var context: Context
    /// How the document is read: implicit summation, and the symbols used with indices.
    var scope: Checker.Scope
    /// The definitions read from the document, as the report states them.
    var notes: [String] = []
    /// The chains that are definitions, not derivations.
    var definitionChains = Set<Int>()
    /// The chains whose first expression is a name that the second defines (`E = x^2 + 1 = ...`): judged from the second.
    var namingChains = Set<Int>()
    /// The lines of the document's headings (`DocumentContext.headingLines`).
    var headings: [Int] = []
    /// Symbols the document defines in a form that cannot be used: a step over them gets no verdict.
    var unusable = Set<Symbol>()
    /// Symbols whose meaning is known (defined, or inputs of what is defined): a step that brings in another
    /// is shorthand, not judged.
    var known = Set<Symbol>()
    /// The steps that only put an expression for a name nothing else defines (`DocumentContext.key`), and the name.
    var substitutionSteps: [String: Symbol] = [:]
    /// Those known by the assumptions and the problem, whatever the definitions in force.
    var knownBesidesDefinitions = Set<Symbol>()

    static func known(_ definitions: [Definition], _ others: Set<Symbol>) -> Set<Symbol> {
        var out = others
        for d in definitions { out.insert(d.symbol); out.formUnion(d.body.symbols) }
        return out
    }

    init(_ checker: Checker, text: String, chains: [Chain]) {
        context = checker.problem?.context ?? Context()
        for d in checker.definitions { context.definitions.removeAll { $0.symbol == d.symbol }; context.definitions.append(d) }
        context.assumptions += checker.assumptions
        // What the prose assumes ("$\mathbf{t}$ is one-hot"); with no problem given, "one-hot" alone means y.
        let named = DocumentContext.oneHotSymbols(in: text)
        let oneHot = named.isEmpty && checker.problem == nil && text.range(of: #"(?i)one[- ]hot"#, options: .regularExpression) != nil ? [Symbol("y")] : named
        for s in oneHot where !context.assumptions.contains(where: { $0.symbol == s }) {
            context.assumptions.append(.oneHot(s))
        }
        for s in DocumentContext.probabilitySymbols(in: text) where checker.problem == nil && !context.assumptions.contains(where: { $0.symbol == s }) {
            context.assumptions.append(.probability(s))
        }
        let inline = Extraction.inlineEquations(in: text) + Extraction.noteEquations(of: chains)
        let einstein = checker.einstein ?? (text.range(of: "einstein", options: .caseInsensitive) != nil)
        scope = Checker.Scope(einstein: einstein, ranks: DocumentContext.ranks(checker, chains + inline, context))
        let functions = DocumentContext.functionsDefined(in: text)
        scope.functions.formUnion(functions)
        scope.functions.formUnion(checker.functions)
        // Written only as calls and defined nowhere: drawn at random, as an opaque function is. Written also bare
        // (h, and h(x)): a call may be a product, so it is read as a call and not judged.
        let applied = DocumentContext.functionsApplied(in: text)
        context.ambiguousFunctions = applied.ambiguous.subtracting(scope.functions)
        scope.functions.formUnion(applied.functions.union(applied.ambiguous))
        context.definedFunctions.formUnion(functions)
        trueClass(text)
        headings = DocumentContext.headingLines(in: text)
        scope.fixedIndices = DocumentContext.fixedIndices(checker, chains + inline, einstein: einstein)
        scope.cookbook = DocumentContext.writesCookbookNotation(checker, chains, scope)
        readDefinitions(checker, chains, inline: inline)
        // A vector the document writes only whole (b^{(2)} in v = h W^{(2)} + b^{(2)}) has the rank its definitions
        // give it, so that a gradient by it is read componentwise.
        for (s, r) in DocumentContext.ranks(checker, [], context) where scope.ranks[s] == nil { scope.ranks[s] = r }
        nameTheLoss(checker, chains)
        nameCrossEntropy(checker, text)
        noteImplicitDependence(checker, chains)
        inferSubstitutions(checker, chains)
        unusable.subtract(context.definitions.map(\.symbol))
        for a in context.assumptions { knownBesidesDefinitions.insert(a.symbol) }
        if let problem = checker.problem { knownBesidesDefinitions.formUnion(problem.loss.symbols.union(problem.wrt.symbols)) }
        known = DocumentContext.known(context.definitions, knownBesidesDefinitions)
        unusable.subtract(known)
    }

    /// How many indices each symbol carries where it carries any: written bare, it is the whole vector or matrix.
    static func ranks(_ checker: Checker, _ chains: [Chain], _ context: Context) -> [Symbol: Int] {
        var ranks: [Symbol: Int] = [:]
        func note(_ e: Expr) {
            _ = e.postwalk { n in
                if case .variable(let s, let idx) = n, !idx.isEmpty { ranks[s.component] = max(ranks[s.component] ?? 0, idx.count) }
                return n
            }
        }
        let plain = Checker.Scope(einstein: false, indexed: [])
        for chain in chains {
            for item in chain.items {
                guard let e = checker.read(item, plain, protected: [], lift: []).expr else { continue }
                note(e)
            }
        }
        for d in context.definitions {
            if !d.indices.isEmpty { ranks[d.symbol] = max(ranks[d.symbol] ?? 0, d.indices.count) }
            note(d.body)
        }
        if let problem = checker.problem { note(problem.loss); note(problem.wrt) }
        return ranks
    }

    /// The functions a document defines, `h(x) = \frac{f(x)}{g(x)}` or `\phi(z) := ...`: a name (a letter or a
    /// command) applied to variables, then `=`. Such definitions are not read yet: the name is read as a
    /// function (not as a letter times a bracket), and it is never drawn at random, so a step over it stays
    /// unverified rather than judged against some other function.
    static func functionsDefined(in text: String) -> Set<String> {
        // A letter, a Greek letter, or either in bold or with a hat: J(\theta), L(\mathbf{p}), CE(\mathbf{y}, \hat{\mathbf{y}}).
        let letter = #"(?:[A-Za-z]|\\[A-Za-z]+)"#
        let variable = #"(?:\\(?:mathbf|boldsymbol|bm|hat|widehat)\{\s*)*"# + letter + #"\s*\}*(?:_\{?[A-Za-z0-9]+\}?)?"#
        // At the start of what is said: a line, a display, an aligned column, after \quad, a comma or a colon
        // (not `2 f(x) = ...` inside a chain, where f(x) is a term).
        let start = #"(?:^|\$|\\\[|\\\(|&|\\q?quad|,|:|\\begin\{[a-z]+\*?\})\s*"#
        let pattern = start + #"(\\?[A-Za-z]+)(?:_(?:\\theta|\{\\theta\}|\{\\mathbf\{[a-z]\}\}))?\s*\(\s*"# + variable + #"(?:\s*,\s*"# + variable + #")*\s*\)\s*(?:=|:=|\\coloneqq)"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        var out = Set<String>()
        let ns = text as NSString
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: m.range(at: 1))
            // One letter, a Greek letter, or a word of capitals naming the loss (CE, MSE, NLL).
            if name.count == 1 || Parser.greek[name] != nil || name.allSatisfy(\.isUppercase) { out.insert(Parser.greek[name] ?? name) }
        }
        return out
    }

    /// The indices free on the right of an equation whose left side is a bare symbol (`J = -\sum_d u_{od} v_{cd} + ...`):
    /// the document holds them fixed (the centre word c, the outside word o).
    static func fixedIndices(_ checker: Checker, _ chains: [Chain], einstein: Bool) -> Set<Index> {
        var out = Set<Index>()
        let plain = Checker.Scope(einstein: false, indexed: [])
        for chain in chains where chain.items.count >= 2 {
            let first = checker.read(chain.items[0], plain, protected: [], lift: [])
            // \frac{\partial J}{\partial v_{ck}} = \frac{\partial}{\partial v_{ck}} (-\log ... u_{oi} v_{ci} ...): the indices free in
            // the loss differentiated (c and o) are held as fixed as in `J = ...`.
            if case .expr(.derivative(.variable(_, let named), let x)) = first, named.isEmpty,
               case .expr(.derivative(let loss, x)) = checker.read(chain.items[1], plain, protected: [], lift: []),
               !loss.contains(where: { if case .derivative = $0 { return true }; return false }) {
                out.formUnion(loss.freeIndices.filter(\.isNamed))
                continue
            }
            guard case .expr(.variable(_, let idx)) = first, idx.isEmpty,
                  let rhs = checker.read(chain.items[1], Checker.Scope(einstein: einstein, indexed: []), protected: [], lift: []).expr,
                  !rhs.contains(where: { if case .derivative = $0 { return true }; return false }) else { continue }
            out.formUnion(rhs.freeIndices.filter(\.isNamed))
        }
        return out
    }

    /// The symbols the prose calls one-hot ("$t$ is one-hot", "the one-hot vector $\mathbf{t}$", "$y$ is a
    /// one-hot encoding").
    static func oneHotSymbols(in text: String) -> [Symbol] {
        guard text.range(of: #"(?i)one[- ]hot"#, options: .regularExpression) != nil else { return [] }
        let symbol = #"(?:\\(?:mathbf|boldsymbol|bm|vec)\{\s*)?([A-Za-z])\s*\}?(?:_\{?[a-z]\}?)?"#
        let patterns = [#"\$\s*"# + symbol + #"\s*\$\s+(?:is|are)\s+(?:a\s+|an\s+|the\s+)?one[- ]hot"#,
                        #"(?i)one[- ]hot\s+(?:encoded\s+)?(?:vectors?|labels?|targets?|encodings?)?\s*\$\s*"# + symbol + #"\s*\$"#]
        var out: [Symbol] = []
        for p in patterns {
            guard let regex = try? NSRegularExpression(pattern: p) else { continue }
            let ns = text as NSString
            for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let s = Symbol(ns.substring(with: m.range(at: 1)))
                if !out.contains(s) { out.append(s) }
            }
        }
        return out
    }

    /// "\ell = true class label": the one-hot labels are y_i = 1 exactly when i = \ell.
    mutating func trueClass(_ text: String) {
        guard text.range(of: #"(?i)true class"#, options: .regularExpression) != nil, text.contains("\\ell") else { return }
        let y = Symbol("y")
        context.definitions.removeAll { $0.symbol == y }
        context.definitions.append(Definition(symbol: y, indices: [.named("i")], body: .kronecker(.named("i"), .named("\\ell"))))
        notes.append("y_i = \\mathbb{1}_{i=\\ell}, from \"\\ell = true class\"")
    }

    /// The document's own definitions take the place of the problem's (the Jacobian tutorial defines \hat{y}
    /// over x); the user's --let and an earlier definition in the document stay.
    /// Inline equations (`where $p_i = ...$`) are definitions only, taken in the order of the text with the
    /// display chains.
    mutating func readDefinitions(_ checker: Checker, _ chains: [Chain], inline: [Chain] = []) {
        var fixed = Set(checker.definitions.map(\.symbol))
        // A part after a heading may define a name anew; within a part the first definition stands.
        var definedAt: [Symbol: Int] = [:]
        let candidates = (chains.enumerated().map { ($0.offset as Int?, $0.element) } + inline.map { (nil, $0) })
            .sorted { ($0.1.items.first?.line ?? 0) < ($1.1.items.first?.line ?? 0) }
        for (index, chain) in candidates {
            // A name may open a longer chain (E = ... = ..., CE(y, yhat) = ... = ...): it is defined by the first
            // expression, and the chain's steps after it are judged.
            let named: Bool
            switch checker.read(chain.items[0], scope, protected: [], lift: []) {
            case .expr(.apply(.named, _)), .expr(.variable): named = true
            default: named = false
            }
            // In prose, only a name for the softmax may follow (`$\hat{y} = \text{softmax}(v) = \psi(v)$`).
            let aliasing = chain.items.count > 2 && DocumentContext.softmaxOfVector(chain.items[1].latex) != nil
            guard chain.items.count == 2 || (named && (index != nil || aliasing) && chain.items.count > 2) else { continue }
            let line = chain.items[0].line
            let renewable = definedAt.filter { at in headings.contains { $0 > at.value && $0 <= line } }.keys
            guard let d = cookbookDefinition(chain, fixed: fixed.subtracting(renewable)) ?? documentDefinition(checker, chain, fixed: fixed.subtracting(renewable)) else {
                // "t = xW + b": defined, but in a form that cannot be used; such symbols block verdicts.
                if index != nil, case .expr(.variable(let s, _)) = checker.read(chain.items[0], Checker.Scope(einstein: false, indexed: []), protected: [], lift: []),
                   context.definition(of: s) == nil { unusable.insert(s.component) }
                continue
            }
            // In prose, "only $y_k = 1$" states a value, not a definition: an inline equation defines only by an
            // expression, and never a symbol the assumptions are about (the one-hot labels).
            if index == nil, d.body.isNumber || context.assumptions.contains(where: { $0.symbol == d.symbol }) { continue }
            context.definitions.removeAll { $0.symbol == d.symbol }
            context.definitions.append(d)
            if case .expr(.apply(.named(let f), let args)) = checker.read(chain.items[0], scope, protected: [], lift: []), Symbol(f) == d.symbol {
                let parameters = args.map { a -> Expr in
                    guard case .variable(let x, []) = a, d.body.symbols.contains(Checker.ruleParameter(x)) else { return a }
                    return .variable(Checker.ruleParameter(x), [])
                }
                scope.functionValues[f] = (parameters, d.body)
                // Read after all: drawn from its definition, not refused as a function not read.
                context.definedFunctions.remove(f)
            }
            fixed.insert(d.symbol)
            definedAt[d.symbol] = line
            let aliasOnly = nameFunctions(checker, chain)
            if let index { if chain.items.count == 2 || aliasOnly { definitionChains.insert(index) } else { namingChains.insert(index) } }
            notes.append("line \(chain.items[0].line): \(chain.items[0].latex) = \(chain.items[1].latex)")
        }
    }

    /// Whether a line of the document is matrix notation that only the reader of the Matrix Cookbook's notation
    /// reads (`X^T (X w - y)`, `\nabla_w L`).
    static func writesCookbookNotation(_ checker: Checker, _ chains: [Chain], _ scope: Checker.Scope) -> Bool {
        let lift: [Index] = [.named("k"), .named("l")]
        return chains.contains { chain in
            chain.items.contains { item in
                let text = Normalization.normalize(item.latex)
                guard MatrixNotation.isMatrixNotation(text) || text.contains("\\nabla") else { return false }
                guard case .unreadable = checker.readIndexNotation(item, scope, protected: [], lift: lift) else { return false }
                return Checker.cookbookReading(text, scope, lift: lift) != nil
            }
        }
    }

    /// `z = W x + b` in a document of matrix notation: the symbol's entries, its shape noted for the lines after.
    mutating func cookbookDefinition(_ chain: Chain, fixed: Set<Symbol>) -> Definition? {
        guard chain.items.count >= 2, scope.cookbook else { return nil }
        let text = Normalization.normalize(chain.items[0].latex) + " = " + Normalization.normalize(chain.items[1].latex)
        var shapes = scope.knownShapes
        guard let d = try? Problem.matrixDefinition(text, shapes: &shapes, avoiding: [], options: ParseOptions(functions: scope.functions)),
              !fixed.contains(d.symbol), !d.body.symbols.contains(d.symbol),
              !d.body.contains(where: { if case .derivative = $0 { return true }; return false }) else { return nil }
        scope.matrixShapes = shapes
        return d
    }

    /// `\hat{y}_i = \frac{...}{...}` or `L = ...`: a symbol with distinct index names, defined by an expression without it.
    func documentDefinition(_ checker: Checker, _ chain: Chain, fixed: Set<Symbol>) -> Definition? {
        guard chain.items.count >= 2 else { return nil }
        let plain = Checker.Scope(einstein: false, indexed: [])
        // s(x) = \frac{1}{1 + e^{-x}}: where the document writes s (ds/dx, s(1 - s)), it means s at x; J(\theta) = ... and
        // CE(\mathbf{y}, \hat{\mathbf{y}}) = ... name the loss with its arguments.
        if case .expr(.apply(.named(let f), let args)) = checker.read(chain.items[0], scope, protected: [], lift: []),
           !args.isEmpty, args.allSatisfy({ if case .variable(_, let i) = $0 { return i.isEmpty }; return false }), !fixed.contains(Symbol(f)),
           // A parameter the document uses as a vector elsewhere (x beside x_1, ..., x_k) is another x: a reminder of a
           // rule in f(x), g(x), not a definition over the document's x.
           case .expr(let rhs) = checker.read(chain.items[1], scope, protected: [], lift: []),
           // ...unless the body takes its entries (h_\theta(x) = \theta_0 + \sum_j \theta_j x_j): a vector parameter; or unless
           // the parameter is only what functions of the rule are applied to (h(x) = \frac{f(x)}{g(x)}, f and g defined nowhere):
           // the reminder defines h over whatever x it is called at, and its own lines are read over a scalar x.
           !args.contains(where: { a in
               guard let x = a.symbols.first?.component, scope.ranks[x] != nil else { return false }
               return rhs.contains { if case .variable(let s, let i) = $0 { return s.component == x && i.isEmpty }; return false }
                   && !DocumentContext.onlyArgument(x, of: rhs, opaque: { g in g != f && scope.functionValues[g] == nil && context.definition(of: Symbol(g)) == nil })
           }),
           Set(rhs.freeIndices).isSubset(of: scope.fixedIndices),
           !rhs.contains(where: { if case .derivative = $0 { return true }; if case .apply(.named(f), _) = $0 { return true }; return false }) {
            // A reminder's parameter (x of h(x) = f(x)/g(x) where x is the document's vector) is a scalar of its own.
            let body = args.reduce(rhs) { b, a in
                guard case .variable(let x, []) = a, scope.ranks[x.component] != nil else { return b }
                return b.replacingVariable(x) { idx in idx.isEmpty ? .variable(Checker.ruleParameter(x), []) : nil }
            }
            return Definition(symbol: Symbol(f), indices: [], body: body)
        }
        if let d = matrixDefinition(checker, chain, fixed: fixed) { return d }
        guard case .expr(let lhs) = checker.read(chain.items[0], plain, protected: [], lift: []),
              case .variable(let s, let idx) = lhs, !fixed.contains(s),
              idx.allSatisfy(\.isNamed), Set(idx).count == idx.count,
              case .expr(let rhs) = checker.read(chain.items[1], Checker.Scope(einstein: scope.einstein, indexed: []), protected: Set(idx), lift: []),
              // Matrix notation (t = xW + b where t_d is used elsewhere) is not an index definition.
              !(idx.isEmpty && scope.indexed.contains(s.component)),
              !rhs.contains(where: { if case .variable(let v, let i) = $0 { return i.isEmpty && scope.indexed.contains(v.component) }; return false }),
              !rhs.symbols.contains(s), !rhs.contains(where: { if case .derivative = $0 { return true }; return false }),
              // A scalar over the document's fixed indices (J = ... u_o ... v_c) reads them as they stand at each point.
              Set(rhs.freeIndices).isSubset(of: Set(idx).union(idx.isEmpty ? scope.fixedIndices : [])) else { return nil }
        return Definition(symbol: s, indices: idx, body: rhs)
    }

    /// A loss named on the left of a derivative (CE, L, J) is the problem's loss.
    mutating func nameTheLoss(_ checker: Checker, _ chains: [Chain]) {
        guard let problem = checker.problem else { return }
        for chain in chains {
            guard let first = chain.items.first.flatMap({ checker.read($0, Checker.Scope(einstein: false, indexed: scope.indexed), protected: [],
                                                                      lift: [.named("k")]).expr }),
                  case .derivative(.variable(let s, let idx), _) = first, idx.isEmpty, context.definition(of: s) == nil,
                  !problem.loss.symbols.contains(s) else { continue }
            context.definitions.append(Definition(symbol: s, indices: [], body: problem.loss))
        }
    }

    /// A loss the document calls cross-entropy by its name (`CE(\mathbf{y}, \hat{\mathbf{y}})`, `L_{\text{CE}}`,
    /// `\mathcal{L}_{CCE}`) is the cross-entropy of its labels and predictions, as a grader reads the name: where the
    /// document does not define it, it is `-\sum_i y_i \log \hat{y}_i`, and the labels are a distribution (they sum
    /// to one), which a cross-entropy's labels are by definition. Notes say both. Only where the labels and the
    /// predictions are plain: one symbol with a hat and one index, and the same without the hat.
    mutating func nameCrossEntropy(_ checker: Checker, _ text: String) {
        guard checker.problem == nil, case .variable(let ce, _)? = try? Parser.parse(DocumentContext.crossEntropyName),
              text.range(of: #"(?<![A-Za-z])C?CE(?![A-Za-z])"#, options: .regularExpression) != nil else { return }
        let pairs = scope.ranks.keys.filter { p in
            var label = p
            label.accent = .none
            return p.accent == .hat && scope.ranks[p] == 1 && scope.ranks[label] == 1
        }
        guard pairs.count == 1, let prediction = pairs.first else { return }
        var labels = prediction
        labels.accent = .none
        let p = Printer(.latex)
        if context.definition(of: ce) == nil, !context.assumptions.contains(where: { $0.symbol == ce }) {
            let i = Index.named("i")
            let label = p.print(Expr.variable(labels, [i])), predicted = p.print(Expr.variable(prediction, [i]))
            guard let e = try? Parser.parse("-\\sum_{i} " + label + " \\log " + predicted) else { return }
            context.definitions.append(Definition(symbol: ce, indices: [], body: e))
            notes.append("by its name: \(DocumentContext.crossEntropyName) = \(p.print(e)), the cross-entropy (the document does not define it)")
        }
        guard context.definition(of: ce)?.body.symbols.contains(labels) == true,
              !context.assumptions.contains(where: { $0.symbol == labels }) else { return }
        context.assumptions.append(.probability(labels))
        notes.append("by the name cross-entropy: \(p.print(Expr.variable(labels, []))) sums to one, as the labels of a cross-entropy do")
    }

    /// Whether every bare `x` in `e` is the whole argument of a call of an opaque function (`f(x)`, `g'(x)`), so that
    /// `e` says nothing of what x is.
    static func onlyArgument(_ x: Symbol, of e: Expr, opaque: (String) -> Bool) -> Bool {
        var calls = 0
        var bare = 0
        _ = e.contains { node in
            switch node {
            case .apply(let f, let args):
                var base = f
                while case .prime(let g) = base { base = g }
                if case .named(let name) = base, opaque(name), args == [.variable(x, [])] { calls += 1 }
            case .variable(let s, let i) where s.component == x && i.isEmpty: bare += 1
            default: break
            }
            return false
        }
        return calls > 0 && calls == bare
    }

    /// What `Normalization` makes of the names of the cross-entropy (CE, CCE, a loss labelled so).
    static let crossEntropyName = "\\mathrm{CE}"
}
