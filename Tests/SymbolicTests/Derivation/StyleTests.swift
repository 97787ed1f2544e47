import Foundation
import Testing
import Symbolic
@testable import SymbolicCheck

@Suite("Styles")
struct StyleTests {
    /// Derivatives stand for themselves: replaced by a symbol named after their (dummy-normalized) form,
    /// so two lines match only when they agree as written, not merely because both equal the gradient.
    static func opaque(_ e: Expr) -> Expr {
        e.postwalk { n in
            if case .derivative(let f, let x) = n { return .variable(Symbol("∂{\(f.alphaNormalized)}/∂{\(x)}"), n.freeIndices) }
            return n
        }
    }

    /// the Einstein-notation homework's key lines, in its notation, with its mistake corrected (line 9 lacks the 1/e^{\theta_m}).
    static let einsteinKeys = [
        #"-y_i \frac{\partial}{\partial \theta_k} \log(\hat{y}_i)"#,
        #"-y_i \frac{1}{\hat{y}_i} \frac{\partial}{\partial \theta_k} \hat{y}_i"#,
        #"-y_i \frac{1}{\hat{y}_i} \left[ \frac{1}{e^{\theta_m}} \frac{\partial}{\partial \theta_k} e^{\theta_i} - \frac{e^{\theta_i}}{(e^{\theta_m})^2} \frac{\partial}{\partial \theta_k} e^{\theta_p} \right]"#,
        #"-y_i \left[ \delta_{ik} - \hat{y}_k \right]"#,
        #"-y_k + \hat{y}_k \sum_i y_i"#,
        #"\hat{y}_k - y_k"#,
    ]

    /// Each key matches a line (with `context`, derivatives opaque), at or after the line the key before
    /// matched, searching every section in reading order. A line is compared under its section's condition,
    /// free indices and definitions; a key or line that is a whole vector or matrix is compared entry by entry.
    static func matchInOrder(_ keys: [Expr], _ d: Derivation, context: Context, free: [String]) throws {
        let lines = d.sections.flatMap { s in s.steps.map { (s, $0) } }
        var position = 0
        for key in keys {
            var found: Int?
            for n in position..<lines.count {
                let (section, step) = lines[n]
                var names = section.free
                for f in free where !names.contains(f) { names.append(f) }
                let entries = names.map { Index.named($0) }
                func prepare(_ e: Expr) -> Expr {
                    let lifted = Checker.componentwise(e, indices: entries, indexed: []) ?? e
                    let o = opaque(lifted)
                    return section.condition.map { .cases([Expr.Piece(o, if: $0)], otherwise: .zero) } ?? o
                }
                var c = context
                c.definitions += section.definitions
                c.assumptions.removeAll { a in section.definitions.contains { $0.symbol == a.symbol } }
                let r = try Validator(context: c, seed: 3, minimumPoints: 8, sizeConfigurations: 3)
                    .validate(reference: prepare(key), against: [prepare(step.expr)], free: names)
                if r.checks[0].verdict == .valid { found = n; break }
            }
            guard let n = found else { Issue.record("no line after \(position) matches \(key)"); return }
            position = n
        }
    }

    @Test func einsteinFollowsTheEinsteinHomework() throws {
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem()
        let d = try Derivation.derive(p, style: .einstein)
        #expect(try d.validate(p).passed)
        // ŷ undefined and derivatives opaque: only lines that agree as written match.
        let bare = Context(assumptions: [.oneHot(Symbol("y"))])
        let keys = try StyleTests.einsteinKeys.map { Einstein.explicit(try Parser.parse($0, options: ParseOptions(checksIndices: false)), protected: [.named("k")]) }
        try StyleTests.matchInOrder(keys, d, context: bare, free: ["k"])
        let steps = d.steps.map { StyleTests.opaque($0.expr) }
        // And the opaque comparison is not trivial: the first key does not match the last step.
        let first = StyleTests.opaque(Einstein.explicit(try Parser.parse(StyleTests.einsteinKeys[0], options: ParseOptions(checksIndices: false)), protected: [.named("k")]))
        let r = try Validator(context: bare, seed: 3, minimumPoints: 8, sizeConfigurations: 3).validate(reference: first, against: [steps[steps.count - 2]], free: ["k"])
        #expect(r.checks[0].verdict != .valid)
    }

    @Test func einsteinHidesOnlyRepeatedIndices() throws {
        var n = Notation.latex
        n.einstein = true
        #expect(Printer(n).print(try tex(#"-\sum_i y_i \log \hat{y}_i"#)) == #"-y_i \log \hat{y}_i"#)
        // An index that appears once keeps its sum.
        #expect(Printer(n).print(try tex(#"\hat{y}_k \sum_i y_i"#)) == #"\hat{y}_k \sum_i y_i"#)
    }

    /// the backpropagation slides's key lines, as the backpropagation slides writes them (a_{L,i}, read as the layer-labelled a^{(L)}_i), its slips corrected: the gradient
    /// by the outputs by cases and compactly, its vector named e(l), then by the logits through the chain
    /// rule (l for i' in the denominator corrected), and the vector -(e(l) - yhat).
    static let indicatorKeys = [
        #"\begin{cases} -\frac{1}{\hat{y}_\ell} & i = \ell \\ 0 & \text{otherwise} \end{cases}"#,
        #"-\frac{\mathbb{1}_{(\ell=i)}}{\hat{y}_\ell}"#,
        #"-\frac{1}{\hat{y}_\ell} \begin{bmatrix} \mathbb{1}_{\ell=1} \\ \mathbb{1}_{\ell=2} \\ \vdots \\ \mathbb{1}_{\ell=k} \end{bmatrix}"#,
        #"-\frac{1}{\hat{y}_\ell} \mathbf{e}_\ell"#,
        #"\frac{\partial(-\log \hat{y}_\ell)}{\partial \hat{y}_\ell} \frac{\partial \hat{y}_\ell}{\partial a_{L,i}}"#,
        #"-\frac{1}{\hat{y}_\ell} \frac{\partial}{\partial a_{L,i}} \hat{y}_\ell"#,
        #"-\frac{1}{\hat{y}_\ell} \left(\frac{\frac{\partial}{\partial a_{L,i}} \exp(a_{L,\ell})}{\sum_{i'} \exp(a_{L,i'})} - \frac{\exp(a_{L,\ell}) \left(\frac{\partial}{\partial a_{L,i}} \sum_{i'} \exp(a_{L,i'}) \right)}{(\sum_{i'} \exp(a_{L,i'}))^2} \right)"#,
        #"\frac{-1}{\hat{y}_\ell} (\mathbb{1}_{(\ell=i)} \hat{y}_\ell - \hat{y}_\ell \hat{y}_i)"#,
        #"-(\mathbb{1}_{\ell=i} - \hat{y}_i)"#,
        #"\begin{bmatrix} -(\mathbb{1}_{\ell=1} - \hat{y}_1) \\ -(\mathbb{1}_{\ell=2} - \hat{y}_2) \\ \vdots \\ -(\mathbb{1}_{\ell=k} - \hat{y}_k) \end{bmatrix}"#,
        #"-(\mathbf{e}_\ell - \hat{\mathbf{y}})"#,
    ]

    @Test func indicatorFollowsTheBackpropagationSlides() throws {
        let p = try #require(Catalog.entry(named: "softmax-ce-class")).problem().named(Style.indicator.names)
        let d = try Derivation.derive(p, style: .indicator)
        #expect(try d.validate(p).passed)
        try StyleTests.matchInOrder(try StyleTests.indicatorKeys.map { try Parser.parse(Normalization.normalize($0)) }, d, context: Context(), free: p.free)
        let ce = try Derivation.derive(try #require(Catalog.entry(named: "ce-output")).problem(), style: .indicator)
        #expect(DerivationLayout(notation: Style.indicator.notation).printer.print(ce.result) == #"-\frac{\mathbb{1}_{\ell=i}}{\hat{y}_{\ell}}"#)
        // The vector is named by the basis vector e_l, the gradient by the logits by -(e_l - yhat).
        let text = DerivationLayout(notation: Style.indicator.notation).latex(d, report: nil)
        #expect(text.contains(#"-\frac{1}{\hat{y}_{\ell}} \mathbf{e}_{\ell}"#))
        #expect(text.contains(#"-(\mathbf{e}_{\ell} - \hat{\mathbf{y}})"#))
    }

    /// the row-by-row homework solution's key lines in the problem's symbols, its mistakes corrected (line 41 drops 1/sum exp; line 67 drops
    /// the minus of -y_{i != j} yhat_j; line 98 writes yhat_k for yhat_j): the rows, one row with the log of the
    /// quotient split, the term i = j and the terms i != j apart, put back, the vector, the true class k.
    static let expandedKeys = [
        #"-\frac{\partial}{\partial \theta_j} \left( \sum_{i} y_{i} \log \left( \frac{\exp(\theta_{i})}{\sum_{m} \exp(\theta_{m})} \right) \right)"#,
        #"-\sum_{i} y_{i} \left( \frac{\partial \theta_{i}}{\partial \theta_{j}} - \frac{\partial}{\partial \theta_{j}} \left( \log \sum_{m} \exp(\theta_{m}) \right) \right)"#,
        #"-\sum_{i} y_{i} \left( \frac{\partial \theta_{i}}{\partial \theta_{j}} - \left( \frac{1}{\sum_{m} \exp(\theta_{m})} \right) \frac{\partial}{\partial \theta_{j}} \left( \sum_{x} \exp(\theta_{x}) \right) \right)"#,
        #"y_{j} \left(1 - \hat{y}_{j}\right)"#,
        #"y_{j} - y_{j} \hat{y}_{j}"#,
        #"-y_{i} \hat{y}_{j}"#,
        #"-(y_{j} - y_{j}\hat{y}_{j} - \sum_{i \neq j} y_i \hat{y}_{j})"#,
        #"-y_{j} + \hat{y}_{j}\sum_{n}y_{n}"#,
        #"\hat{y}_{j} - y_{j}"#,
        #"\begin{bmatrix} \hat{y}_{1} - y_{1} \\ \hat{y}_{2} - y_{2} \\ \vdots \\ \hat{y}_{k} - y_{k} \\ \vdots \end{bmatrix}"#,
        #"\begin{cases} \hat{y}_j - 1, & j = k \\ \hat{y}_j, & \text{otherwise} \end{cases}"#,
    ]

    @Test func expandedFollowsTheRowByRowSolution() throws {
        let style = Style.expanded
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem().named(style.names)
        let d = try Derivation.derive(p, style: style)
        #expect(try d.validate(p).passed)
        let bare = Context(assumptions: [.oneHot(Symbol("y"))])
        try StyleTests.matchInOrder(try StyleTests.expandedKeys.map { try Parser.parse($0) }, d, context: bare, free: p.free)
        // Sections: the rows, one row, the two terms, put back, the vector, the true class.
        #expect(d.sections.map(\.kind) == [.display, .main, .term, .term, .combination, .display, .assumption])
        // The rows are written out term by term, as the row-by-row homework solution writes them.
        let text = DerivationLayout(notation: style.notation(for: p)).latex(d, report: nil)
        #expect(text.contains(#"y_1 \log(\hat{y}_1) + y_2 \log(\hat{y}_2) + \dots"#))
        #expect(text.contains(#"\sum_{i \neq j}"#))
    }

    /// the logistic-regression homework's key lines (Q1 and Q2 without the x of z_j = w_j^T x, which is the logistic-regression problem),
    /// for the cross-entropy (the negative of the logistic-regression homework's log-likelihood), sigma(z_{1:K}, k) written yhat_k; its
    /// mistakes corrected (line 29 drops -y_j sigma_j, line 33 takes sum_{k != j} y_k = 1).
    static let casesKeys = [
        #"\frac{-e^{z_k}}{(\sum_{l=1}^K e^{z_l})^2} \cdot e^{z_j}"#,
        #"\frac{e^{z_j} (\sum_{l=1}^K e^{z_l}) - e^{2z_j}}{(\sum_{l=1}^K e^{z_l})^2}"#,
        #"-\sum_{k=1}^K \frac{y_k}{\hat{y}_k} \frac{\partial \hat{y}_k}{\partial z_j}"#,
        #"-\left(\sum_{k \in [1, K] \setminus j} \frac{y_k}{\hat{y}_k} \frac{\partial \hat{y}_k}{\partial z_j} + \frac{y_j}{\hat{y}_j} \frac{\partial \hat{y}_j}{\partial z_j} \right)"#,
        #"-[(-\sum_{k \in [1, K] \setminus j} y_k \hat{y}_j) + y_j (1 - \hat{y}_j)]"#,
        #"-[(-\hat{y}_j \sum_{k \in [1, K] \setminus j} y_k) + y_j - y_j \hat{y}_j]"#,
        #"\hat{y}_j - y_j"#,
    ]

    @Test func casesFollowsTheLogisticRegressionHomework() throws {
        let style = Style.cases
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem().named(style.names)
        let d = try Derivation.derive(p, style: style)
        #expect(try d.validate(p).passed)
        // The softmax's formula stands where the keys have no derivative, yhat where they have one.
        let keys = try StyleTests.casesKeys.map { try Parser.parse($0) }
        try StyleTests.matchInOrder(keys, d, context: p.context, free: p.free)
        #expect(d.sections.map(\.kind) == [.term, .term, .main])
        #expect(d.sections[0].condition == IndexCondition(.named("k"), .named("j"), isEqual: false))
        let text = DerivationLayout(notation: style.notation(for: p)).latex(d, report: nil)
        #expect(text.contains(#"\sigma(z_{1:K}, k)"#))
        #expect(text.contains(#"\sum_{k \in [1, K] \setminus j}"#))
    }

    /// the logistic-regression homework's Q2 as it writes it, through z_j = w_j^T x (its bold x is x_d here, one entry of the row w_j):
    /// the chain through z_j, x taken out, the term k = j split off, the cases put in, the cancellations, the
    /// one-hot sum; sigma(z_{1:K}, k) written yhat_k inside derivatives. Mistakes corrected: line 29 drops
    /// -y_j sigma_j, line 33 takes sum_{k != j} y_k = 1.
    static let logisticCasesKeys = [
        #"\frac{-e^{z_k}}{(\sum_{l=1}^K e^{z_l})^2} \cdot e^{z_j}"#,
        #"\frac{e^{z_j} (\sum_{l=1}^K e^{z_l}) - e^{2z_j}}{(\sum_{l=1}^K e^{z_l})^2}"#,
        #"\sum_{k=1}^K \frac{y_k}{\sigma(z_{1:K}, k)} \frac{\partial \hat{y}_k}{\partial z_j} x_d"#,
        #"x_d \left(\sum_{k \in [1, K] \setminus j} \frac{y_k}{\sigma(z_{1:K}, k)} \frac{\partial \hat{y}_k}{\partial z_j} + \frac{y_j}{\sigma(z_{1:K}, j)} \frac{\partial \hat{y}_j}{\partial z_j} \right)"#,
        #"x_d [(-\sum_{k \in [1, K] \setminus j} y_k \sigma(z_{1:K}, j)) + y_j (1 - \sigma(z_{1:K}, j))]"#,
        #"x_d [(-\sum_{k \in [1, K] \setminus j} y_k \sigma(z_{1:K}, j)) + y_j - y_j \sigma(z_{1:K}, j)]"#,
        #"x_d [(-\sigma(z_{1:K}, j) + y_j)]"#,
    ]

    @Test func casesFollowsTheLogisticRegressionHomeworkOnItsProblem() throws {
        let style = Style.cases
        let p = try #require(Catalog.entry(named: "logreg")).problem().named(style.names)
        let d = try Derivation.derive(p, style: style)
        #expect(try d.validate(p).passed)
        let keys = try StyleTests.logisticCasesKeys.map { try Parser.parse(Normalization.normalize($0)) }
        try StyleTests.matchInOrder(keys, d, context: p.context, free: p.free)
        // dz_m/dw_jd first (its delta picks z_j), then the softmax's two cases, then the chain.
        #expect(d.sections.map(\.kind) == [.lemma, .term, .term, .main])
        #expect(d.sections[1].condition == IndexCondition(.named("k"), .named("j"), isEqual: false))
        let text = DerivationLayout(notation: style.notation(for: p)).latex(d, report: nil)
        #expect(text.contains(#"\sigma(z_{1:K}, k)"#))
        #expect(text.contains(#"\frac{\partial z_a}{\partial w_{jd}}"#))
        // The last key is the result: the derivation does not stop early.
        let last = try Parser.parse(Normalization.normalize(StyleTests.logisticCasesKeys[StyleTests.logisticCasesKeys.count - 1]))
        let r = try Validator(context: p.context, seed: 5).validate(reference: last, against: [d.result], free: p.free)
        #expect(r.checks[0].verdict == .valid)
        #expect(Printer(style.notation(for: p)).print(d.result) == #"x_d (y_j - \sigma(z_{1:K}, j))"#)
    }

    /// the Einstein-notation homework (2.c) uses the Jacobian of the softmax as identical work from 2.b: \hat{y}_a \delta_{ab} - \hat{y}_a \hat{y}_b.
    @Test func einsteinDerivesTheJacobian() throws {
        let p = try #require(Catalog.entry(named: "softmax-jacobian")).problem()
        let d = try Derivation.derive(p, style: .einstein)
        #expect(try d.validate(p).passed)
        let key = Einstein.explicit(try Parser.parse(#"\hat{y}_i \delta_{ij} - \hat{y}_i \hat{y}_j"#), protected: [.named("i"), .named("j")])
        try StyleTests.matchInOrder([key], d, context: Context(), free: p.free)
        #expect(Printer(Style.einstein.notation).print(d.result) == #"\hat{y}_i \delta_{ij} - \hat{y}_i \hat{y}_j"#)
    }

    /// A style is a strategy: on variants of its problem (a temperature, class weights) it still derives a
    /// correct result, checked numerically, and its output reads back valid.
    @Test(arguments: Style.all.map(\.name))
    func stylesWorkOnVariants(_ name: String) throws {
        let style = try #require(Style.named(name))
        let variants = [
            try Problem.parse(loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
                              lets: [#"\hat{y}_i = \frac{e^{\theta_i / T}}{\sum_m e^{\theta_m / T}}"#], assumes: ["y one-hot"]),
            try Problem.parse(loss: #"-\sum_i c_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
                              lets: [#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#], assumes: ["y one-hot"]),
        ]
        for p in variants {
            let d = try Derivation.derive(p, style: style)
            #expect(try d.validate(p).passed)
            let r = Checker(problem: p).check(DerivationLayout(notation: style.notation(for: p)).latex(d, report: nil))
            #expect(r.steps.allSatisfy { $0.verdict == .valid }, "\(name): \(CheckLayout.text(r))")
        }
        // And in other names: the logits z, the probabilities p, the labels t, the index j.
        let renamed = try #require(Catalog.entry(named: "softmax-ce")).problem()
            .named(Style.Names(logits: Symbol("z"), probabilities: Symbol("p"), labels: Symbol("t"), index: "j"))
        let d = try Derivation.derive(renamed, style: style)
        #expect(try d.validate(renamed).passed)
        #expect(!d.allSteps.contains { $0.expr.symbols.contains(Symbol("\\theta")) })
    }

    /// Where a style's strategy does not apply, it says so rather than print something wrong.
    @Test(arguments: ["expanded", "cases", "jacobian"])
    func stylesRefuseWhatTheyCannotDerive(_ name: String) throws {
        let style = try #require(Style.named(name))
        let p = try Problem.parse(loss: #"\sum_i w_i^2"#, wrt: "w_k")
        #expect(throws: DerivationError.self) { try Derivation.derive(p, style: style) }
    }

    /// the softmax-Jacobian tutorial's key lines, its slip (y for \hat{y} in the general form) corrected: the entries (1, 1) and (2, 1)
    /// as examples, the general entry, its cases, the matrix, then the cross-entropy's gradient through it, boxed.
    @Test func jacobianFollowsTheJacobianTutorial() throws {
        let p = try #require(Catalog.entry(named: "softmax-jacobian")).problem()
        let d = try Derivation.derive(p, style: .jacobian)
        #expect(try d.validate(p).passed)
        let keys = [#"\frac{e^{x_1} (e^{x_1} + e^{x_2} + \dots + e^{x_k}) - e^{x_1} \times e^{x_1}}{(e^{x_1} + e^{x_2} + \dots + e^{x_k})^2}"#,
                    #"\hat{y}_1 (1 - \hat{y}_1)"#,
                    #"-\hat{y}_1 \times \hat{y}_2"#,
                    #"\hat{y}_i (1 \{i=j\} - \hat{y}_j)"#,
                    #"\begin{cases} \hat{y}_i(1-\hat{y}_i) & \forall i=j \\ -\hat{y}_i \times \hat{y}_j & \forall i \neq j \end{cases}"#,
                    #"\begin{bmatrix} \hat{y}_1(1-\hat{y}_1) & -\hat{y}_1 \cdot \hat{y}_2 & \dots & -\hat{y}_1 \cdot \hat{y}_k \\ -\hat{y}_2 \cdot \hat{y}_1 & \hat{y}_2(1-\hat{y}_2) & \dots & -\hat{y}_2 \cdot \hat{y}_k \\ \vdots & \vdots & \ddots & \vdots \\ -\hat{y}_k \cdot \hat{y}_1 & -\hat{y}_k \cdot \hat{y}_2 & \dots & \hat{y}_k(1-\hat{y}_k) \end{bmatrix}"#]
        try StyleTests.matchInOrder(try keys.map { try Parser.parse(Normalization.normalize($0)) }, d, context: Context(), free: p.free)
        #expect(Printer(Style.jacobian.notation).print(d.result)
                == #"\begin{cases} \hat{y}_i (1 - \hat{y}_i) & i = j \\ -\hat{y}_i \hat{y}_j & \text{otherwise} \end{cases}"#)

        let ce = try #require(Catalog.entry(named: "softmax-ce")).problem().named(Style.jacobian.names)
        let g = try Derivation.derive(ce, style: .jacobian)
        #expect(try g.validate(ce).passed)
        let gradient = [#"-\sum_{i=1}^k y_i \left(\frac{\partial (\log \hat{y}_i)}{\partial x_j} \right)"#,
                        #"-\sum_{i=1}^k \frac{y_i}{\hat{y}_i} \times \left(\hat{y}_i (1 \{i=j\} - \hat{y}_j) \right)"#,
                        #"- \sum_{i=1}^k y_i (\mathbb{1}_{\{i=j\}} - \hat{y}_j)"#,
                        #"\sum_{i=1}^k y_i \cdot \hat{y}_j - y_j"#,
                        #"\hat{y}_j \times \sum_{i=1}^k y_i - y_j"#,
                        #"\hat{y}_j - y_j"#]
        let bare = Context(assumptions: [.oneHot(Symbol("y"))])
        try StyleTests.matchInOrder(try gradient.map { try Parser.parse(Normalization.normalize($0)) }, g, context: bare, free: ce.free)
        #expect(g.sections.map(\.kind) == [.example, .example, .lemma, .display, .main])
        #expect(DerivationLayout(notation: Style.jacobian.notation).latex(g, report: nil)
            .contains(#"\[ \boxed{\frac{\partial \mathrm{CE}}{\partial x_j} = \hat{y}_j - y_j} \]"#))
    }

    /// Rule descriptions go into \text{} of the LaTeX output: plain ASCII, nothing pdflatex cannot set.
    @Test func ruleDescriptionsAreTypesettable() {
        for rule in RuleCatalog.all {
            #expect(rule.description.unicodeScalars.allSatisfy { $0.isASCII && !"\\{}%$#&_^~".unicodeScalars.contains($0) },
                    "\(rule.name): \(rule.description)")
        }
    }

    static let pairs: [String] = Catalog.entries.flatMap { e in ((try? e.problem()).map(Style.applying) ?? []).map { "\(e.name)/\($0.name)" } }

    /// The lines the checker judges in a derivation's LaTeX: every line of every section after its first
    /// expression (a first line that repeats the left side is not printed), and the boxed answer.
    static func judgedLines(_ d: Derivation, _ notation: Notation) -> Int {
        var n = 0
        for s in d.sections {
            let repeats = s.lhs == nil || s.steps.first?.expr == s.lhs
            n += s.steps.count - (repeats ? 1 : 0)
        }
        return n + (notation.boxResult ? 1 : 0)
    }

    /// Names the user gives, the backpropagation slides's layer label among them (`--logits a_L`): every style prints them as valid
    /// LaTeX (`a_{L,j}`, `\sigma(a_{L,1:K}, j)`, never `a_L_j`) and its output still reads back all valid.
    @Test(arguments: Style.applying(to: try #require(Catalog.entry(named: "softmax-ce")).problem()).map(\.name))
    func userNamesReadBackValid(_ name: String) throws {
        let style = try #require(Style.named(name))
        var names = style.names
        names.logits = Symbol("a", label: "L", labelBelow: true)
        names.probabilities = Symbol("p")
        names.labels = Symbol("t")
        names.index = "j"
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem().named(names)
        let d = try Derivation.derive(p, style: style)
        #expect(try d.validate(p).passed)
        let notation = style.notation(for: p)
        let text = DerivationLayout(notation: notation).latex(d, report: nil)
        #expect(text.contains("a_{L,j}") || text.contains("a_{L,1:K}"))
        #expect(!text.contains("a_L_"))
        let r = Checker(problem: p, points: 24, sizeConfigurations: 6).check(text)
        #expect(r.steps.count == StyleTests.judgedLines(d, notation))
        for s in r.steps { #expect(s.verdict == .valid, "\(name), line \(s.line): \(s.reason ?? "")") }
    }

    /// Every problem in every style reads back all valid through the checker, in the style's own names.
    @Test(arguments: pairs)
    func everyStyleReadsBackValid(_ pair: String) throws {
        let parts = pair.split(separator: "/").map(String.init)
        let name = parts[1]
        let style = try #require(Style.named(name))
        let p = try #require(Catalog.entry(named: parts[0])).problem().named(style.names)
        let d = try Derivation.derive(p, style: style)
        let notation = style.notation(for: p)
        // The networks are judged at fewer points: their validation, with more, is in BackpropTests.
        let network = style.name == "backprop"
        let checker = Checker(problem: p, points: network ? 6 : 24, sizeConfigurations: network ? 2 : 6)
        let r = checker.check(DerivationLayout(notation: notation).latex(d, report: nil))
        #expect(r.steps.count == StyleTests.judgedLines(d, notation))
        for s in r.steps { #expect(s.verdict == .valid, "\(name), line \(s.line): \(s.reason ?? "")") }
    }
}
