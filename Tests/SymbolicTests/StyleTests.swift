import Foundation
import Testing
@testable import Symbolic

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

    /// 001's key lines, in its notation, with its mistake corrected (line 9 lacks the 1/e^{\theta_m}).
    static let einsteinKeys = [
        #"-y_i \frac{\partial}{\partial \theta_k} \log(\hat{y}_i)"#,
        #"-y_i \frac{1}{\hat{y}_i} \frac{\partial}{\partial \theta_k} \hat{y}_i"#,
        #"-y_i \frac{1}{\hat{y}_i} \left[ \frac{1}{e^{\theta_m}} \frac{\partial}{\partial \theta_k} e^{\theta_i} - \frac{e^{\theta_i}}{(e^{\theta_m})^2} \frac{\partial}{\partial \theta_k} e^{\theta_p} \right]"#,
        #"-y_i \left[ \delta_{ik} - \hat{y}_k \right]"#,
        #"-y_k + \hat{y}_k \sum_i y_i"#,
        #"\hat{y}_k - y_k"#,
    ]

    /// Each key matches a step (with `context`, derivatives opaque), at or after the step the key before matched.
    static func matchInOrder(_ keys: [Expr], _ d: Derivation, context: Context, free: [String]) throws {
        let steps = d.steps.map { opaque($0.expr) }
        var position = 0
        for key in keys {
            let k = opaque(key)
            var found: Int?
            for n in position..<steps.count {
                let r = try Validator(context: context, seed: 3, minimumPoints: 8, sizeConfigurations: 3).validate(reference: k, against: [steps[n]], free: free)
                if r.checks[0].verdict == .valid { found = n; break }
            }
            guard let n = found else { Issue.record("no step after \(position) matches \(key)"); return }
            position = n
        }
    }

    @Test func einsteinFollowsDocument001() throws {
        let p = try #require(Catalog.entry(named: "softmax-ce")).problem()
        let d = try Derivation.derive(p, style: .einstein)
        #expect(try d.validate(p).passed)
        // ŷ undefined and derivatives opaque: only lines that agree as written match.
        let bare = Context(assumptions: [.oneHot(Symbol("y"))])
        let keys = try StyleTests.einsteinKeys.map { Reader.einstein(try Parser.parse($0, options: ParseOptions(checksIndices: false)), protected: [.named("k")]) }
        try StyleTests.matchInOrder(keys, d, context: bare, free: ["k"])
        let steps = d.steps.map { StyleTests.opaque($0.expr) }
        // And the opaque comparison is not trivial: the first key does not match the last step.
        let first = StyleTests.opaque(Reader.einstein(try Parser.parse(StyleTests.einsteinKeys[0], options: ParseOptions(checksIndices: false)), protected: [.named("k")]))
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

    /// 003's key lines, in the problem's notation (a_i for 003's a_{L,i}), its slips corrected.
    static let indicatorKeys = [
        #"-\frac{1}{\hat{y}_\ell} \frac{\partial}{\partial a_i} \hat{y}_\ell"#,
        #"-\frac{1}{\hat{y}_\ell} \left(\frac{\frac{\partial}{\partial a_i} \exp(a_\ell)}{\sum_{i'} \exp(a_{i'})} - \frac{\exp(a_\ell) \left(\frac{\partial}{\partial a_i} \sum_{i'} \exp(a_{i'}) \right)}{(\sum_{i'} \exp(a_{i'}))^2} \right)"#,
        #"\frac{-1}{\hat{y}_\ell} (\mathbb{1}_{(\ell=i)} \hat{y}_\ell - \hat{y}_\ell \hat{y}_i)"#,
        #"-(\mathbb{1}_{\ell=i} - \hat{y}_i)"#,
    ]

    @Test func indicatorFollowsDocument003() throws {
        let p = try #require(Catalog.entry(named: "softmax-ce-class")).problem()
        let d = try Derivation.derive(p, style: .indicator)
        #expect(try d.validate(p).passed)
        try StyleTests.matchInOrder(try StyleTests.indicatorKeys.map { try Parser.parse($0) }, d, context: Context(), free: p.free)
        let ce = try Derivation.derive(try #require(Catalog.entry(named: "ce-output")).problem(), style: .indicator)
        #expect(DerivationLayout(notation: Style.indicator.notation).printer.print(ce.result) == #"-\frac{\mathbb{1}_{\ell=i}}{\hat{y}_{\ell}}"#)
    }

    /// A style is a strategy: on variants of its problem (a temperature, class weights) it still derives a
    /// correct result, checked numerically, and its output reads back valid.
    @Test(arguments: ["einstein", "indicator"])
    func stylesWorkOnVariants(_ name: String) throws {
        let style = try #require(Catalog.style(named: name))
        let variants = [
            try Problem.parse(loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
                              lets: [#"\hat{y}_i = \frac{e^{\theta_i / T}}{\sum_m e^{\theta_m / T}}"#], assumes: ["y one-hot"]),
            try Problem.parse(loss: #"-\sum_i c_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
                              lets: [#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#], assumes: ["y one-hot"]),
        ]
        for p in variants {
            let d = try Derivation.derive(p, style: style)
            #expect(try d.validate(p).passed)
            let r = Checker(problem: p).check(DerivationLayout(notation: style.notation).latex(d, report: nil))
            #expect(r.steps.allSatisfy { $0.verdict == .valid }, "\(name): \(CheckLayout.text(r))")
        }
    }

    /// 004's key lines, its slip (y for \hat{y} in the general form) corrected.
    @Test func jacobianFollowsDocument004() throws {
        let p = try #require(Catalog.entry(named: "softmax-jacobian")).problem()
        let d = try Derivation.derive(p, style: .jacobian)
        #expect(try d.validate(p).passed)
        let keys = [#"\hat{y}_i (1 \{i=j\} - \hat{y}_j)"#,
                    #"\begin{cases} \hat{y}_i(1-\hat{y}_i) & \forall i=j \\ -\hat{y}_i \times \hat{y}_j & \forall i \neq j \end{cases}"#]
        try StyleTests.matchInOrder(try keys.map { try Parser.parse(Reader.normalize($0)) }, d, context: Context(), free: p.free)
        #expect(Printer(Style.jacobian.notation).print(d.result)
                == #"\begin{cases} \hat{y}_i (1 - \hat{y}_i) & i = j \\ -\hat{y}_i \hat{y}_j & \text{otherwise} \end{cases}"#)
    }

    /// Rule descriptions go into \text{} of the LaTeX output: plain ASCII, nothing pdflatex cannot set.
    @Test func ruleDescriptionsAreTypesettable() {
        for style in Catalog.styles {
            for rule in style.phases.flatMap(\.rules) {
                #expect(rule.description.unicodeScalars.allSatisfy { $0.isASCII && !"\\{}%$#&_^~".unicodeScalars.contains($0) },
                        "\(rule.name): \(rule.description)")
            }
        }
    }

    static let pairs: [String] = Catalog.entries.flatMap { e in e.styles.map { "\(e.name)/\($0)" } }

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

    /// Every problem in every style reads back all valid through the checker, in the style's own names.
    @Test(arguments: pairs)
    func everyStyleReadsBackValid(_ pair: String) throws {
        let parts = pair.split(separator: "/").map(String.init)
        let name = parts[1]
        let style = try #require(Catalog.style(named: name))
        let p = try #require(Catalog.entry(named: parts[0])).problem().named(style.names)
        let d = try Derivation.derive(p, style: style)
        let notation = style.notation(for: p)
        let r = Checker(problem: p).check(DerivationLayout(notation: notation).latex(d, report: nil))
        #expect(r.steps.count == StyleTests.judgedLines(d, notation))
        for s in r.steps { #expect(s.verdict == .valid, "\(name), line \(s.line): \(s.reason ?? "")") }
    }
}
