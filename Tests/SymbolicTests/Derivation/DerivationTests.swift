import Foundation
import Testing
import Symbolic

/// A problem a course on neural networks poses, with its answer worked out by hand.
struct CourseProblem: CustomTestStringConvertible, Sendable {
    var name: String
    var loss: String
    var wrt: String
    var lets: [String] = []
    var assumes: [String] = []
    /// The answer as a textbook gives it, in LaTeX (compared by numeric equivalence, not by text).
    var expected: String
    var testDescription: String { name }
}

@Suite("Derivation: the core's problems")
struct DerivationTests {
    static let softmax = #"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#

    static let problems: [CourseProblem] = [
        CourseProblem(name: "binary cross-entropy after a sigmoid", loss: #"-y \log \sigma(z) - (1-y) \log(1 - \sigma(z))"#, wrt: "z",
                      expected: #"\sigma(z) - y"#),
        CourseProblem(name: "squared error of a linear model", loss: #"\frac{1}{2}\sum_n \left(\sum_d w_d x_{nd} - y_n\right)^2"#, wrt: "w_j",
                      expected: #"\sum_n x_{nj} \left(\sum_d w_d x_{nd} - y_n\right)"#),
        CourseProblem(name: "log-sum-exp", loss: #"\log \sum_i e^{x_i}"#, wrt: "x_k", expected: #"\frac{e^{x_k}}{\sum_j e^{x_j}}"#),
        CourseProblem(name: "softmax with a temperature", loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
                      lets: [#"\hat{y}_i = \frac{e^{\theta_i / T}}{\sum_m e^{\theta_m / T}}"#], assumes: ["y one-hot"],
                      expected: #"\frac{\hat{y}_k - y_k}{T}"#),
        CourseProblem(name: "L2 penalty", loss: #"\frac{\lambda}{2}\sum_j w_j^2"#, wrt: "w_k", expected: #"\lambda w_k"#),
        CourseProblem(name: "tanh layer with squared error", loss: #"\sum_i \left(\tanh\left(\sum_j W_{ij} x_j\right) - y_i\right)^2"#, wrt: "W_{ab}",
                      expected: #"2 \left(\tanh\left(\sum_j W_{aj} x_j\right) - y_a\right)\left(1 - \tanh\left(\sum_j W_{aj} x_j\right)^2\right) x_b"#),
        CourseProblem(name: "Gaussian NLL by the mean", loss: #"\frac{1}{2}\log(2\pi\sigma^2) + \frac{(x-\mu)^2}{2\sigma^2}"#, wrt: #"\mu"#,
                      expected: #"\frac{\mu - x}{\sigma^2}"#),
        CourseProblem(name: "Gaussian NLL by the deviation", loss: #"\frac{1}{2}\log(2\pi\sigma^2) + \frac{(x-\mu)^2}{2\sigma^2}"#, wrt: #"\sigma"#,
                      expected: #"\frac{1}{\sigma} - \frac{(x-\mu)^2}{\sigma^3}"#),
        CourseProblem(name: "mean squared error", loss: #"\frac{1}{N}\sum_{n=1}^{N} (y_n - \hat{y}_n)^2"#, wrt: #"\hat{y}_k"#,
                      expected: #"\frac{2}{N}(\hat{y}_k - y_k)"#),
        CourseProblem(name: "logistic regression", loss: #"-\sum_n \left(y_n \log p_n + (1-y_n)\log(1-p_n)\right)"#, wrt: "w_j",
                      lets: [#"p_n = \sigma\left(\sum_d w_d x_{nd}\right)"#], expected: #"\sum_n (p_n - y_n) x_{nj}"#),
        CourseProblem(name: "class-weighted cross-entropy", loss: #"-\sum_i c_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#,
                      lets: [softmax], assumes: ["y one-hot"], expected: #"\hat{y}_k \sum_i c_i y_i - c_k y_k"#),
        CourseProblem(name: "sigmoid layer with squared error", loss: #"\frac{1}{2}\sum_i \left(\sigma\left(\sum_j W_{ij} x_j + b_i\right) - t_i\right)^2"#,
                      wrt: "b_k", expected: #"(h_k - t_k) h_k (1 - h_k)"#),
        CourseProblem(name: "ReLU layer", loss: #"\sum_i v_i \operatorname{relu}\left(\sum_j W_{ij} x_j\right)"#, wrt: "W_{ab}",
                      expected: #"v_a x_b \operatorname{step}\left(\sum_j W_{aj} x_j\right)"#),
        CourseProblem(name: "KL divergence to a softmax", loss: #"\sum_i p_i \log \frac{p_i}{q_i}"#, wrt: #"\theta_k"#,
                      lets: [#"q_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#], assumes: ["p probability"], expected: #"q_k - p_k"#),
        CourseProblem(name: "quadratic form", loss: #"\sum_i \sum_j x_i A_{ij} x_j"#, wrt: "x_k", expected: #"\sum_j (A_{kj} + A_{jk}) x_j"#),
        CourseProblem(name: "entropy of a softmax", loss: #"-\sum_i p_i \log p_i"#, wrt: #"\theta_k"#,
                      lets: [#"p_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#], expected: #"-p_k\left(\log p_k - \sum_i p_i \log p_i\right)"#),
        CourseProblem(name: "Poisson regression", loss: #"\sum_i \left(e^{\eta_i} - y_i \eta_i\right)"#, wrt: #"\eta_k"#, expected: #"e^{\eta_k} - y_k"#),
        // The sum over n splits into \sum_n y_n and a sum whose body lacks n: the judge must give both the range of y.
        CourseProblem(name: "one prediction for every sample", loss: #"\sum_n \left(y_n - \sum_i w_i x_i\right)^2"#, wrt: "w_k",
                      expected: #"-2 x_k \sum_n \left(y_n - \sum_i w_i x_i\right)"#),
        CourseProblem(name: "cross-entropy by the probabilities", loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: #"\hat{y}_j"#,
                      expected: #"-\frac{y_j}{\hat{y}_j}"#),
    ]

    /// `h_k` in an expected answer stands for the layer's output; defined here, not in the problem.
    static func expectedContext(_ p: Problem, _ c: CourseProblem) throws -> Context {
        var ctx = p.context
        if c.expected.contains("h_k") {
            ctx.definitions.append(try Parser.parseDefinition(#"h_i = \sigma\left(\sum_j W_{ij} x_j + b_i\right)"#))
        }
        return ctx
    }

    @Test(arguments: problems)
    func derivesValidatesAndMatchesTheTextbook(_ c: CourseProblem) throws {
        let p = try Problem.parse(loss: c.loss, wrt: c.wrt, lets: c.lets, assumes: c.assumes)
        let d = try Derivation.derive(p)
        #expect(d.steps.count >= 3, "a derivation of one step explains nothing")
        #expect(!d.result.contains { if case .derivative = $0 { return true }; return false }, "derivatives left in \(d.result)")
        // 1. Every step agrees with the dual-number derivative of the loss.
        let report = try d.validate(p)
        #expect(report.passed, "\(DerivationLayout().failure(d, report) ?? "")")
        #expect(report.points >= 50)
        // 2. The result agrees with the textbook's answer, written independently.
        let expected = try Parser.parse(c.expected)
        let check = try Validator(context: try DerivationTests.expectedContext(p, c), seed: 99)
            .validate(reference: .partial(p.loss, wrt: p.wrt), against: [expected, d.result], free: p.free)
        #expect(check.checks[0].verdict == .valid, "the textbook answer itself does not hold: \(c.expected)")
        #expect(check.checks[1].verdict == .valid)
    }

    @Test(.enabled(if: Python.available, "needs python3 with numpy (apt-get install python3-numpy)"), arguments: problems)
    func numpyModuleAgreesWithFiniteDifferences(_ c: CourseProblem) throws {
        let p = try Problem.parse(loss: c.loss, wrt: c.wrt, lets: c.lets, assumes: c.assumes)
        let d = try Derivation.derive(p)
        let module = try NumPyFormat.module(problem: p, gradient: d.result)
        let (status, output) = try checkNumPy(module)
        #expect(status == 0, "\(output)\n\(module)")
        #expect(output.hasPrefix("numpy-check:"))
    }

    @Test func softmaxCrossEntropyReachesTheVectorForm() throws {
        let p = try Catalog.entry(named: "softmax-ce")!.problem()
        let d = try Derivation.derive(p)
        let rules = d.steps.map(\.rule)
        for r in ["d-linearity", "d-log", "unfold", "d-quotient", "d-exp", "d-var", "delta-contract", "fold", "sum-to-one", "vector-form"] {
            #expect(rules.contains(r), "no \(r) step in \(rules)")
        }
        #expect(Printer(.latex).print(d.result) == #"\hat{\mathbf{y}} - \mathbf{y}"#)
        // The line before the vector form is ŷ_k - y_k, symbolically.
        #expect(d.steps[d.steps.count - 2].expr.isAlphaEquivalent(to: try tex(#"\hat{y}_k - y_k"#)))
    }

    @Test func sameInputSameSteps() throws {
        let p = try Catalog.entry(named: "softmax-ce")!.problem()
        let a = DerivationLayout().latex(try Derivation.derive(p), report: try Derivation.derive(p).validate(p))
        let b = DerivationLayout().latex(try Derivation.derive(p), report: try Derivation.derive(p).validate(p))
        #expect(a == b)
    }

    @Test func renamedSymbolsStillWork() throws {
        // A style is a strategy, not a template: other names and indices give the same shape of answer.
        let p = try Problem.parse(loss: #"-\sum_j t_j \log p_j"#, wrt: "a_c",
                                  lets: [#"p_j = \frac{\exp(a_j)}{\sum_r \exp(a_r)}"#], assumes: ["t one-hot"])
        let d = try Derivation.derive(p)
        #expect(try d.validate(p).passed)
        #expect(Printer(.latex).print(d.result) == #"\mathbf{p} - \mathbf{t}"#)
    }

    @Test func problemsThatMakeNoSenseAreRefused() {
        #expect(throws: DerivationError.self) { try Problem.parse(loss: "x_i", wrt: "x_i", lets: []) }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: "a", wrt: "x", lets: ["a = b", "b = a"]) }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: "a_i", wrt: "x_k", lets: ["a_i = x_j"]) }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: "W_{kk}", wrt: "W_{kk}") }
        #expect(throws: Problem.InputError.self) { try Problem.parse(loss: "x +", wrt: "x") }
        #expect(throws: Problem.InputError.self) { try Problem.parse(loss: "x", wrt: "x + y") }
    }

    @Test func budgetsStopRunawayRewriting() throws {
        let p = try Catalog.entry(named: "softmax-ce")!.problem()
        #expect(throws: DerivationError.self) { try Derivation.derive(p, budget: Budget(steps: 3)) }
        #expect(throws: DerivationError.self) { try Derivation.derive(p, budget: Budget(steps: 100, nodes: 10)) }
    }
}
