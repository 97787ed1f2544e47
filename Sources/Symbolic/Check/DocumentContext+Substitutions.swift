import SymbolicCore
import SymbolicLaTeX
import SymbolicRender

// MARK: - A definition the document gives only by using it: a step that puts an expression for a name it never defines

extension DocumentContext {
    /// A step that replaces a name nothing defines by an expression of the variables, and changes nothing else
    /// (`\frac{\partial}{\partial \theta_k} \hat{y}_i` becoming `\frac{\partial}{\partial \theta_k} \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}`,
    /// or the expression replaced by the name): the document says what the name is, as a reader takes it. The name
    /// is defined so from then on; the step itself only states the definition, so it is not judged. Two different
    /// expressions for one name define nothing.
    mutating func inferSubstitutions(_ checker: Checker, _ chains: [Chain]) {
        let assumed = Set(context.assumptions.map(\.symbol))
        var variables = Set<Symbol>()
        var readings: [[Expr?]] = []
        for chain in chains {
            let row = chain.items.map { checker.read($0, scope, protected: [], lift: []).expr }
            for e in row.compactMap({ $0 }) {
                _ = e.contains { n in
                    if case .derivative(_, let x) = n { variables.formUnion(x.symbols) }
                    return false
                }
            }
            readings.append(row)
        }
        let undefined = { (s: Symbol) in
            self.context.definition(of: s) == nil && !assumed.contains(s) && !variables.contains(s) && !self.unusable.contains(s.component)
                && s.name != Parser.hiddenTerms(1).name
        }
        var found: [Symbol: (definition: Definition, line: Int)] = [:]
        var conflicting = Set<Symbol>()
        var steps: [String: (Symbol, Int)] = [:]
        // A name may be put for an expression of another such name (h_i for \sigma(z_i), z for W x + b, in either
        // order of the lines): a second pass finds the names that reach the variables through those found.
        for _ in 0..<2 {
            for (c, chain) in chains.enumerated() where !definitionChains.contains(c) {
                for k in chain.items.indices.dropFirst() {
                    guard let a = readings[c][k - 1], let b = readings[c][k], a != b else { continue }
                    var pairs: [(Expr, Expr)] = []
                    guard DocumentContext.differOnlyBySubstitution(a, b, undefined, &pairs), !pairs.isEmpty else { continue }
                    guard let d = DocumentContext.definition(from: pairs),
                          !d.body.symbols.intersection(variables.union(found.keys)).isEmpty,
                          // A function of the document's own (\\psi(v_a)) is drawn at random where nothing defines it: no definition by it.
                          !d.body.contains(where: {
                              switch $0 {
                              case .derivative, .apply(.named, _), .apply(.prime, _): return true
                              default: return false
                              }
                          }) else { continue }
                    if let seen = found[d.symbol] {
                        if !DocumentContext.sameDefinition(seen.definition, d) { conflicting.insert(d.symbol) }
                    } else {
                        found[d.symbol] = (d, chain.items[k].line)
                    }
                    steps[DocumentContext.key(chain.items[k])] = (d.symbol, chain.items[k].line)
                }
            }
        }
        for (s, f) in found.sorted(by: { $0.value.line < $1.value.line }) where !conflicting.contains(s) {
            context.definitions.append(f.definition)
            let p = Printer(.latex)
            let lhs = p.print(.variable(s, f.definition.indices))
            notes.append("line \(f.line): \(lhs) = \(p.print(f.definition.body)), read from the step that puts one for the other")
        }
        for (key, v) in steps where !conflicting.contains(v.0) && found[v.0] != nil { substitutionSteps[key] = v.0 }
    }

    static func key(_ item: ChainItem) -> String { "\(item.line):\(item.latex)" }

    /// Whether `a` and `b` differ only where one has an occurrence of a name `candidate` accepts and the other an
    /// expression without that name; the pairs (occurrence, expression) are collected.
    static func differOnlyBySubstitution(_ a: Expr, _ b: Expr, _ candidate: (Symbol) -> Bool, _ out: inout [(Expr, Expr)], depth: Int = 0) -> Bool {
        if a == b { return true }
        guard depth < 200 else { return false }
        if case .variable(let s, _) = a, candidate(s), !b.symbols.contains(s) { out.append((a, b)); return true }
        if case .variable(let s, _) = b, candidate(s), !a.symbols.contains(s) { out.append((b, a)); return true }
        switch (a, b) {
        case (.add(let xs), .add(let ys)), (.multiply(let xs), .multiply(let ys)):
            // Terms or factors in common are set aside; the rest must pair up (sorted trees put them anywhere).
            var rx = xs, ry: [Expr] = []
            for y in ys { if let i = rx.firstIndex(of: y) { rx.remove(at: i) } else { ry.append(y) } }
            let isAdd: Bool = { if case .add = a { return true }; return false }()
            if rx.count == 1, ry.count > 1 { return differOnlyBySubstitution(rx[0], isAdd ? .plus(ry) : .mul(ry), candidate, &out, depth: depth + 1) }
            if ry.count == 1, rx.count > 1 { return differOnlyBySubstitution(isAdd ? .plus(rx) : .mul(rx), ry[0], candidate, &out, depth: depth + 1) }
            guard rx.count == ry.count, (1...3).contains(rx.count) else { return false }
            for order in permutations(of: Array(ry.indices)) {
                var trial: [(Expr, Expr)] = []
                if zip(rx, order).allSatisfy({ differOnlyBySubstitution($0, ry[$1], candidate, &trial, depth: depth + 1) }) {
                    out += trial
                    return true
                }
            }
            return false
        default:
            let xs = a.children, ys = b.children
            guard !xs.isEmpty, xs.count == ys.count, a.withChildren(ys) == b else { return false }
            for (x, y) in zip(xs, ys) where !differOnlyBySubstitution(x, y, candidate, &out, depth: depth + 1) { return false }
            return true
        }
    }

    static func permutations(of xs: [Int]) -> [[Int]] {
        guard xs.count > 1 else { return [xs] }
        var out: [[Int]] = []
        for (n, x) in xs.enumerated() {
            var rest = xs
            rest.remove(at: n)
            for p in permutations(of: rest) { out.append([x] + p) }
        }
        return out
    }

    /// One definition from the pairs (occurrence, expression), all of one name with distinct named indices, the
    /// expressions agreeing once the indices are the definition's; its body's free indices are the name's.
    static func definition(from pairs: [(Expr, Expr)]) -> Definition? {
        var result: Definition?
        for (occurrence, e) in pairs {
            guard case .variable(let s, let idx) = occurrence, idx.allSatisfy(\.isNamed), Set(idx).count == idx.count,
                  Set(e.freeIndices).isSubset(of: Set(idx)) else { return nil }
            let d = Definition(symbol: s, indices: idx, body: e)
            if let r = result { guard r.symbol == s, sameDefinition(r, d) else { return nil } } else { result = d }
        }
        return result
    }

    static func sameDefinition(_ a: Definition, _ b: Definition) -> Bool {
        guard a.symbol == b.symbol, a.indices.count == b.indices.count, let body = b.instantiate(a.indices) else { return false }
        return body.isAlphaEquivalent(to: a.body)
    }
}
