import Testing
import Symbolic

@Suite("Render: one expression, one string")
struct PrinterTests {
    @Test(arguments: [
        (#"-\sum_i y_i \log \hat{y}_i"#, #"-\sum_i y_i \log \hat{y}_i"#, "-Σ_i y_i log ŷ_i"),
        (#"\frac{y_i}{\hat{y}_i}"#, #"\frac{y_i}{\hat{y}_i}"#, "y_i/ŷ_i"),
        (#"\hat{y}_k - y_k"#, #"\hat{y}_k - y_k"#, "ŷ_k - y_k"),
        (#"-y_k + \hat{y}_k"#, #"\hat{y}_k - y_k"#, "ŷ_k - y_k"),
        (#"\frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#, #"\frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#, "e^(θ_i)/(Σ_m e^(θ_m))"),
        (#"\left(\sum_m e^{\theta_m}\right) x"#, #"x \sum_m e^{\theta_m}"#, "x Σ_m e^(θ_m)"),
        (#"\left(\sum_m a_m\right) \left(\sum_n b_n\right)"#, #"\left(\sum_m a_m\right) \sum_n b_n"#, "(Σ_m a_m) Σ_n b_n"),
        (#"W^{(1)}_{kd} x_k"#, #"W^{(1)}_{kd} x_k"#, "W⁽¹⁾_kd x_k"),
        (#"\delta_{ik}"#, #"\delta_{ik}"#, "δ_ik"),
        (#"\frac{\partial \hat{y}_i}{\partial \theta_k}"#, #"\frac{\partial \hat{y}_i}{\partial \theta_k}"#, "∂ŷ_i/∂θ_k"),
        (#"\frac{\partial}{\partial \theta_k} (a + b)"#, #"\frac{\partial}{\partial \theta_k} \left(a + b\right)"#, "∂/∂θ_k (a + b)"),
        (#"\sigma(t_c)(1 - \sigma(t_c))"#, #"\sigma(t_c) (1 - \sigma(t_c))"#, "σ(t_c) (1 - σ(t_c))"),
        (#"\frac{1}{2} x^2"#, #"\frac{x^{2}}{2}"#, "x^2/2"),
        (#"x^{-2}"#, #"\frac{1}{x^{2}}"#, "1/x^2"),
        (#"\sum_{i=1}^{K} y_i"#, #"\sum_{i=1}^{K} y_i"#, "Σ_{i=1..K} y_i"),
        (#"(1-y)\log(1-p)"#, #"(1 - y) \log(1 - p)"#, "(1 - y) log(1 - p)"),
        (#"\mathit{CE}"#, #"\mathit{CE}"#, "CE"),
        (#"2 \cdot 3 x"#, #"6 x"#, "6 x"),
    ])
    func prints(_ input: String, _ latex: String, _ text: String) throws {
        let e = try tex(input)
        #expect(Printer(.latex).print(e) == latex)
        #expect(Printer(.unicode).print(e) == text)
    }

    @Test func notationChoicesChangeOnlyTheText() throws {
        let e = try tex(#"e^{\theta_i} \delta_{ik}"#)
        var n = Notation.latex
        n.exponential = .function
        n.delta = .indicator
        #expect(Printer(n).print(e) == #"\exp(\theta_i) \mathbb{1}_{i=k}"#)
        // Both read back as the same tree.
        #expect(try tex(Printer(n).print(e)) == e)
    }

    @Test func vectorFormOnlyForLinearCombinations() throws {
        let k = Index.named("k")
        #expect(try tex(#"\hat{y}_k - y_k"#).vectorForm(index: k).map { Printer(.latex).print($0) } == #"\hat{\mathbf{y}} - \mathbf{y}"#)
        #expect(try tex(#"\frac{\lambda}{2} w_k"#).vectorForm(index: k) != nil)
        // An elementwise product or a function of a vector would be a guess: refused.
        #expect(try tex(#"c_k y_k"#).vectorForm(index: k) == nil)
        #expect(try tex(#"e^{x_k}"#).vectorForm(index: k) == nil)
        #expect(try tex(#"W_{kd} x_d"#).vectorForm(index: k) == nil)
    }
}
