import Foundation
import Testing
import Symbolic

@Suite("Check: repair and extraction")
struct CheckReadingTests {
    @Test func repairPutsBackEatenEscapes() {
        let damaged = "$$egin{aligned} rac{\\partial CE}{\\partial \theta_k} &= \\left[ a \night] \\ &= -y_iigg[ b igg] \\end{aligned}$$"
            .replacingOccurrences(of: "\t", with: " ")
        let r = Repair.repair(damaged)
        #expect(r.repaired)
        #expect(r.text.contains("\\begin{aligned}"))
        #expect(r.text.contains("\\frac{\\partial CE}{\\partial  \\theta_k}") || r.text.contains("\\frac{\\partial CE}{\\partial \\theta_k}"))
        #expect(r.text.contains("\\right]"))
        #expect(r.text.contains("\\\\ &="))
        #expect(r.text.contains("\\bigg["))
        // Line numbers stay those of the input.
        #expect(r.text.filter { $0 == "\n" }.count == damaged.filter { $0 == "\n" }.count)
        // Sound LaTeX is left alone.
        let sound = "$$\\begin{aligned} \\frac{a}{b} &= c \\\\ &= d \\end{aligned}$$"
        #expect(Repair.repair(sound).text == sound)
        #expect(!Repair.repair(sound).repaired)
    }

    @Test func chainsFollowBlocksRowsAndContinuations() {
        let doc = """
        Intro text.

        $$ a = b \\quad \\text{by definition} \\quad (1) $$

        More prose.
        $$ = c $$

        \\begin{align*}
        x &= y \\\\
          &= z && \\text{note}
        \\end{align*}
        - Case 1 : $k \\neq j$

        $$ f_k = g_k $$
        """
        let chains = Extraction.chains(in: doc)
        #expect(chains.count == 3)
        #expect(chains[0].items.map(\.latex) == ["a", "b", "c"])
        #expect(chains[0].items.map(\.line) == [3, 3, 6])
        #expect(chains[0].items[1].note == "by definition")
        #expect(chains[1].items.map(\.latex) == ["x", "y", "z"])
        #expect(chains[1].items.map(\.line) == [9, 9, 10])
        #expect(chains[2].items[1].condition == "k \\neq j")
    }

    @Test func unreadableBlocksArePositioned() {
        let p = Extraction.problems(in: "text\n$$ \\frac{a}{b $$")
        #expect(p.first?.description == "unbalanced braces: '{' is never closed at line 2, column 12")
        #expect(Extraction.problems(in: "$$ a = b").first?.description == "'$$' is never closed at line 1, column 1")
    }

    @Test func einsteinSumsAreMadeExplicit() throws {
        let e = Einstein.explicit(try Parser.parse(#"-y_i \delta_{ik} + y_i \hat{y}_k"#, options: ParseOptions(checksIndices: false)),
                                protected: [.named("k")])
        #expect(e.isAlphaEquivalent(to: try tex(#"-\sum_i y_i \delta_{ik} + \hat{y}_k \sum_i y_i"#)))
        // A lone index in a denominator is summed where it stands: e^{\theta_m} means \sum_m e^{\theta_m}.
        let f = Einstein.explicit(try tex(#"\frac{e^{\theta_k}}{e^{\theta_m}}"#, functions: []), protected: [.named("k")])
        #expect(f.isAlphaEquivalent(to: try tex(#"\frac{e^{\theta_k}}{\sum_m e^{\theta_m}}"#)))
    }
}

/// The checker on the five seeds, as they are. Every invalid verdict is a mistake of the document,
/// explained beside it; the counts record how much the checker reads (unverified steps give a reason).
@Suite("Check: the seeds")
struct SeedTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        var invalid: [Int]
        var counts: (valid: Int, invalid: Int, unverified: Int)
        var final: StepVerdict.Kind?
        var testDescription: String { file }
    }

    static let seeds: [Expected] = [
        // the row-by-row homework solution, line 41: going from (8) to (9) drops the factor 1 / \sum_m \exp(\theta_m) in front of the
        // derivative of the sum (line 39 has it, line 41 does not).
        // the row-by-row homework solution, line 98: "assuming k is the correct class", the gradient's entry i is written \hat{y}_k - 1 and
        // \hat{y}_k where \hat{y}_i - 1 and \hat{y}_i belong.
        // the row-by-row homework solution, line 69: the case i \neq j writes y_{i\neq j}\hat{y}_j where line 67 has y_{i\neq j}(0 - \hat{y}_j)
        // (the minus is lost; the combination on line 74 has it back).
        Expected(file: "000_aeea1a369af3234f.txt", invalid: [41, 69, 98], counts: (18, 3, 13), final: .valid),
        // the Einstein-notation homework, line 9: the quotient rule's first term is written \partial_k e^{\theta_i} without dividing by
        // e^{\theta_m} (= \sum_m e^{\theta_m}); the next line puts the division back, and is valid.
        Expected(file: "001_92ef95095b984fec.txt", invalid: [9], counts: (72, 1, 1), final: .valid),
        // the logistic-regression homework, line 29 (eq. 10): drops the term -y_j \sigma(z_{1:K}, j) of line 27 (eq. 9).
        // the logistic-regression homework, line 33 (eq. 12): uses \sum_{k \neq j} y_k = 1, but for a one-hot y it is 1 - y_j
        // (the two mistakes cancel in the end, which is why the result looks right).
        Expected(file: "002_51a9bad641ab4da6.txt", invalid: [29, 33], counts: (9, 2, 7), final: .valid),
        // the backpropagation slides, lines 294, 300, 308: the denominator is written \sum_{i'} \exp(\mathbf{a}_L)_\ell, with \ell
        // where i' belongs (later slides correct it).
        // the backpropagation slides, lines 309, 331: (\sum_{i'} (\exp(\mathbf{a}_L)_{i'})^2): the square inside the sum instead of
        // around it (later slides correct it to (\sum_{i'} \exp(\mathbf{a}_L)_{i'})^2).
        Expected(file: "003_27e83d1cb581d850.txt", invalid: [294, 300, 308, 309, 331], counts: (127, 5, 1), final: .valid),
        // the softmax-Jacobian tutorial, line 59: the Jacobian's general form writes y_i(1 - y_i) and -y_i y_j, the labels, where the
        // softmax outputs \hat{y}_i(1 - \hat{y}_i) and -\hat{y}_i \hat{y}_j belong.
        // the softmax-Jacobian tutorial, line 17: \hat{y}_i = [y_1, y_2, y_3, \dots, y_k] lists the labels as the softmax's outputs (a slip
        // for [\hat{y}_1, \dots, \hat{y}_k]; the lines after it use \hat{y}).
        Expected(file: "004_a73212385aff2dac.txt", invalid: [17, 59], counts: (22, 2, 8), final: .valid),
    ]

    /// The same documents read with no flags at all, as a user first tries them: the same mistakes found (the problem
    /// inferred from each document's definitions, substitutions and prose), and how many steps are judged.
    static let noFlags: [Expected] = [
        Expected(file: "000_aeea1a369af3234f.txt", invalid: [41, 69, 98], counts: (16, 3, 15), final: .valid),
        Expected(file: "001_92ef95095b984fec.txt", invalid: [9], counts: (71, 1, 2), final: .valid),
        Expected(file: "002_51a9bad641ab4da6.txt", invalid: [29, 33], counts: (9, 2, 7), final: .valid),
        Expected(file: "003_27e83d1cb581d850.txt", invalid: [294, 300, 308, 309, 331], counts: (127, 5, 1), final: .valid),
        Expected(file: "004_a73212385aff2dac.txt", invalid: [17, 59], counts: (26, 2, 4), final: .valid),
    ]

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seedFolder.path), "needs ../shared/seeds beside the repository"),
          arguments: noFlags)
    func verdictsWithNoFlags(_ e: Expected) throws {
        let text = try String(contentsOf: SeedTests.seedFolder.appendingPathComponent(e.file), encoding: .utf8)
        try SeedTests.expect(Checker().check(text), e, indexErrors: false)
    }

    /// The invalid lines, the counts and the final verdict as expected; every unverified step says why, and every
    /// invalid one shows numbers that disagree (but an index error, where `indexErrors` allows one).
    static func expect(_ r: CheckReport, _ e: Expected, indexErrors: Bool) throws {
        #expect(r.steps.filter { $0.verdict == .invalid }.map(\.line) == e.invalid)
        let c = CheckLayout.counts(r)
        #expect(c.valid == e.counts.valid && c.invalid == e.counts.invalid && c.unverified == e.counts.unverified,
                "counts \(c) for \(e.file)")
        #expect(r.final?.verdict == e.final)
        for s in r.steps where s.verdict == .unverified { #expect(s.reason?.isEmpty == false) }
        for s in r.steps where s.verdict == .invalid && !(indexErrors && s.reason?.hasPrefix("index error") == true) {
            let ce = try #require(s.counterexample)
            #expect(!Tolerance.default.accepts(ce.expected, ce.actual))
        }
    }

    static let seedFolder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seedFolder.path), "needs ../shared/seeds beside the repository"),
          arguments: seeds)
    func verdictsOnTheSeed(_ e: Expected) throws {
        let text = try String(contentsOf: SeedTests.seedFolder.appendingPathComponent(e.file), encoding: .utf8)
        let problem = try Catalog.entry(named: "softmax-ce")?.problem()
        let r = Checker(problem: problem).check(text)
        try SeedTests.expect(r, e, indexErrors: true)
        if e.file.hasPrefix("001") { #expect(r.repaired && r.einstein) } else { #expect(!r.repaired) }
    }
}

@Suite("Check: soundness")
struct CheckSoundnessTests {
    /// Everything `derive solve` and `derive grad` emit reads back as valid, line by line.
    @Test(arguments: ["softmax-ce"] + DerivationTests.problems.map(\.name))
    func roundTrip(_ name: String) throws {
        let problem: Problem
        if let entry = Catalog.entry(named: name) { problem = try entry.problem() } else {
            let c = try #require(DerivationTests.problems.first { $0.name == name })
            problem = try Problem.parse(loss: c.loss, wrt: c.wrt, lets: c.lets, assumes: c.assumes)
        }
        let d = try Derivation.derive(problem)
        let latex = DerivationLayout().latex(d, report: nil)
        let r = Checker(problem: problem).check(latex)
        // One step a line, and one from the left side to the first line.
        #expect(r.steps.count == d.steps.count, "\(name): \(CheckLayout.text(r))")
        for s in r.steps { #expect(s.verdict == .valid, "\(name), line \(s.line): \(s.verdict) \(s.reason ?? "")") }
        #expect(r.final?.verdict == .valid)
    }

    enum Mutation: String, CaseIterable, Sendable { case signFlip, droppedTerm, swappedIndex, hatSwap, coefficient, exponent }

    /// A wrong version of `e` made the way students go wrong, or `nil` where the kind does not apply.
    static func mutate(_ e: Expr, _ kind: Mutation, symbols: Set<Symbol> = []) -> Expr? {
        func firstAdd(_ x: Expr) -> Expr? {
            if case .add(let ts) = x, ts.count >= 2 { return x }
            for c in x.children { if let a = firstAdd(c) { return a } }
            return nil
        }
        func replacingFirst(_ x: Expr, _ target: Expr, _ with: Expr) -> Expr {
            var done = false
            return x.postwalkTopDown { n in
                guard !done, n == target else { return nil }
                done = true
                return with
            }
        }
        switch kind {
        case .signFlip:
            guard let a = firstAdd(e), case .add(let ts) = a else { return .neg(e) }
            return replacingFirst(e, a, .plus([.neg(ts[0])] + ts.dropFirst()))
        case .droppedTerm:
            guard let a = firstAdd(e), case .add(let ts) = a else { return nil }
            return replacingFirst(e, a, .plus(Array(ts.dropLast())))
        case .swappedIndex:
            let free = e.freeIndices
            var target: Expr?
            _ = e.contains { n in
                if case .variable(_, let idx) = n, let i = idx.first, i.isNamed, free.contains(i) { target = n; return true }
                return false
            }
            guard let t = target, case .variable(let s, let idx) = t else { return nil }
            // Swap in another index of the expression, or a fresh one.
            let other = e.allIndexNames.sorted().first { $0 != idx[0].name && !Expr.variable(s, [.named($0)] + idx.dropFirst()).isAlphaEquivalent(to: t) } ?? "q"
            return replacingFirst(e, t, .variable(s, [.named(other)] + idx.dropFirst()))
        case .hatSwap:
            var target: Expr?
            _ = e.contains { n in
                if case .variable(let s, _) = n, s.name == "y" { target = n; return true }
                return false
            }
            guard let t = target, case .variable(var s, let idx) = t else { return nil }
            s.accent = s.accent == .hat ? .none : .hat
            // y for \hat{y} (or back) is a confusion only where the problem has both.
            guard symbols.contains(s) else { return nil }
            return replacingFirst(e, t, .variable(s, idx))
        case .coefficient:
            return .mul([2, e])
        case .exponent:
            var target: Expr?
            _ = e.contains { n in
                if case .power(_, let x) = n, x.numberValue != nil { target = n; return true }
                if case .variable(_, let idx) = n, !idx.isEmpty { target = n; return true }
                return false
            }
            guard let t = target else { return nil }
            if case .power(let b, let x) = t, let r = x.numberValue, let r1 = r.adding(.one) { return replacingFirst(e, t, .pow(b, .number(r1))) }
            return replacingFirst(e, t, .pow(t, 2))
        }
    }

    /// Mutated steps are flagged and correct ones are not: the shares are printed with the test output.
    @Test func mutantsAreCaughtAndCorrectStepsPass() throws {
        var problems: [Problem] = [try #require(Catalog.entry(named: "softmax-ce")).problem()]
        for c in DerivationTests.problems.prefix(4) { problems.append(try Problem.parse(loss: c.loss, wrt: c.wrt, lets: c.lets, assumes: c.assumes)) }
        var correct = 0, falseAlarms = 0, mutants = 0, flagged = 0, equivalent = 0, crashes = 0
        var missed: [String] = []
        for p in problems {
            let d = try Derivation.derive(p)
            let checker = Checker(problem: p, seed: 5)
            let exprs = d.steps.map(\.expr).filter { if case .array = $0 { return false }; return true }
            for k in 1..<exprs.count {
                let before = Printer(.latex).print(exprs[k - 1])
                let doc = "$$ \(before) = \(Printer(.latex).print(exprs[k])) $$"
                let ok = checker.check(doc)
                correct += 1
                if ok.steps.first?.verdict != .valid { falseAlarms += 1 }
                for kind in Mutation.allCases {
                    let symbols = p.loss.symbols.union(p.context.definitions.flatMap { [$0.symbol] + Array($0.body.symbols) })
                    guard let m = CheckSoundnessTests.mutate(exprs[k], kind, symbols: symbols), m != exprs[k] else { continue }
                    // A mutant that is still equal (an independent check with other points says so) is no mistake.
                    let same = try Validator(context: p.context, seed: 77).validate(reference: exprs[k], against: [m], free: p.free)
                    if same.checks[0].verdict == .valid { equivalent += 1; continue }
                    mutants += 1
                    let r = checker.check("$$ \(before) = \(Printer(.latex).print(m)) $$")
                    guard let v = r.steps.first else { crashes += 1; continue }
                    if v.verdict == .invalid { flagged += 1 } else { missed.append("\(kind): \(Printer(.latex).print(m)) [\(v.verdict): \(v.reason ?? "")]") }
                }
            }
        }
        let share = Double(flagged) / Double(max(mutants, 1))
        print("mutation test: \(flagged) of \(mutants) mutated steps flagged invalid (\(String(format: "%.1f", share * 100))%), \(equivalent) equivalent mutants left out; \(falseAlarms) false alarms on \(correct) correct steps; \(crashes) unread")
        #expect(falseAlarms == 0)
        #expect(crashes == 0)
        #expect(mutants >= 200)
        #expect(share >= 0.99, "missed:\n\(missed.prefix(10).joined(separator: "\n"))")
    }
}

extension Expr {
    /// Top-down rewrite: `f` may replace a node (then its children are not visited).
    func postwalkTopDown(_ f: (Expr) -> Expr?) -> Expr {
        if let r = f(self) { return r }
        let cs = children
        return cs.isEmpty ? self : withChildren(cs.map { $0.postwalkTopDown(f) })
    }
}
