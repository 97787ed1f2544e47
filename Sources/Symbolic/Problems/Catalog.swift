import SymbolicCore
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicRender

/// The problems `derive solve` knows by name, stated in the notation of their source documents.
///
/// Each entry is a problem statement (loss, variable, definitions, assumptions) in LaTeX; the
/// derivation itself is always computed by the engine.
public enum Catalog {
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var lossName: String
        public var loss: String
        public var wrt: String
        public var lets: [String]
        public var assumes: [String]
        /// The style `derive solve` uses unless told otherwise: that of the document the problem comes from.
        /// Which styles apply at all, the styles say (`Style.applying(to:)`).
        public var style: String
        /// Other variables the problem may be differentiated by (`--wrt`); the first is `wrt`.
        public var variables: [String] = []

        public func problem() throws -> Problem {
            try Problem.parse(name: name, summary: summary, lossName: lossName, loss: loss, wrt: wrt, lets: lets, assumes: assumes)
        }

        /// The problem differentiated by another variable.
        public func problem(wrt variable: String) throws -> Problem {
            try Problem.parse(name: name, summary: summary, lossName: lossName, loss: loss, wrt: variable, lets: lets, assumes: assumes)
        }

        /// Every variable this problem is differentiated by with `--all`.
        public var allVariables: [String] { [wrt] + variables.filter { $0 != wrt } }
    }

    /// the Einstein-notation homework's network with `layers` weight layers: sigmoid hidden layers, a softmax output, the cross-entropy.
    /// Two layers are the Einstein-notation homework's own (t, h, v and the indices k, d, c, b, a); otherwise each layer l has
    /// t^{(l)} = h^{(l-1)} W^{(l)} + b^{(l)} and h^{(l)} = \sigma(t^{(l)}), with h^{(0)} = x.
    public static func network(layers: Int) -> Entry {
        if layers == 2 {
            return Entry(name: "mlp", summary: "a two-layer network (sigmoid, softmax, cross-entropy), d J / d x_k, W, b",
                         lossName: "J", loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: "x_k",
                         lets: [#"t_d = \sum_k x_k W^{(1)}_{kd} + b^{(1)}_d"#, #"h_c = \sigma(t_c)"#,
                                #"v_b = \sum_c h_c W^{(2)}_{cb} + b^{(2)}_b"#, #"\hat{y}_a = \frac{e^{v_a}}{\sum_m e^{v_m}}"#],
                         assumes: ["y one-hot"], style: "backprop",
                         variables: ["x_k", "W^{(2)}_{cd}", "b^{(2)}_c", "W^{(1)}_{fg}", "b^{(1)}_c"])
        }
        var lets: [String] = []
        var input = "x"
        for l in 1...max(1, layers) {
            let out = l == layers ? "v" : "t^{(\(l))}"
            lets.append("\(out)_i = \\sum_j \(input)_j W^{(\(l))}_{ji} + b^{(\(l))}_i")
            if l < layers {
                lets.append("h^{(\(l))}_i = \\sigma(t^{(\(l))}_i)")
                input = "h^{(\(l))}"
            }
        }
        lets.append(#"\hat{y}_a = \frac{e^{v_a}}{\sum_m e^{v_m}}"#)
        var variables = ["x_k"]
        for l in stride(from: layers, through: 1, by: -1) { variables += ["W^{(\(l))}_{fg}", "b^{(\(l))}_c"] }
        return Entry(name: "mlp", summary: "a network of \(layers) layers (sigmoid, softmax, cross-entropy), d J / d x_k, W, b",
                     lossName: "J", loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: "x_k", lets: lets, assumes: ["y one-hot"],
                     style: "backprop", variables: variables)
    }

    public static let entries: [Entry] = [
        Entry(name: "softmax-ce",
              summary: "cross-entropy after a softmax, d CE / d theta_k",
              lossName: #"\mathrm{CE}"#,
              loss: #"-\sum_{i} y_i \log \hat{y}_i"#,
              wrt: #"\theta_k"#,
              lets: [#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_{m} e^{\theta_m}}"#],
              assumes: ["y one-hot"],
              style: "standard"),
        Entry(name: "softmax-jacobian",
              summary: "the Jacobian of the softmax, d yhat_i / d x_j",
              lossName: #"\hat{y}_i"#,
              loss: #"\hat{y}_i"#,
              wrt: #"x_j"#,
              lets: [#"\hat{y}_i = \frac{e^{x_i}}{\sum_{m} e^{x_m}}"#],
              assumes: [],
              style: "jacobian"),
        Entry(name: "ce-output",
              summary: "cross-entropy of the true class l, -log yhat_l, by the outputs yhat_i",
              lossName: #"\mathcal{L}"#,
              loss: #"-\log \hat{y}_\ell"#,
              wrt: #"\hat{y}_i"#,
              lets: [],
              assumes: [],
              style: "indicator"),
        Entry(name: "softmax-ce-class",
              summary: "cross-entropy of the true class l after a softmax, by the logits a_i",
              lossName: #"\mathcal{L}"#,
              loss: #"-\log \hat{y}_\ell"#,
              wrt: #"a_i"#,
              lets: [#"\hat{y}_j = \frac{\exp(a_j)}{\sum_{i} \exp(a_i)}"#],
              assumes: [],
              style: "indicator"),
        network(layers: 2),
        // The logistic-regression homework, questions 2 to 4: multiclass logistic regression through z_k = w_k^T x, one sample, N samples, and MAP
        // with a Gaussian prior whose covariance is C.
        Entry(name: "logreg",
              summary: "the log-likelihood of multiclass logistic regression, one sample, d L / d w_jd",
              lossName: #"\mathcal{L}"#,
              loss: #"\sum_k y_k \log \hat{y}_k"#,
              wrt: "w_{jd}",
              lets: [#"z_k = \sum_{d=1}^{D} w_{kd} x_d"#, #"\hat{y}_k = \frac{e^{z_k}}{\sum_l e^{z_l}}"#],
              assumes: ["y one-hot"],
              style: "backprop"),
        Entry(name: "logreg-samples",
              summary: "the cross-entropy of multiclass logistic regression over N samples, d E / d w_jd",
              lossName: "E",
              loss: #"-\sum_n \sum_k y_{nk} \log \hat{y}_{nk}"#,
              wrt: "w_{jd}",
              lets: [#"z_{nk} = \sum_d w_{kd} x_{nd}"#, #"\hat{y}_{nk} = \frac{e^{z_{nk}}}{\sum_l e^{z_{nl}}}"#],
              assumes: ["y one-hot"],
              style: "backprop"),
        Entry(name: "logreg-map",
              summary: "MAP for multiclass logistic regression with a Gaussian prior of covariance C, d E / d w_jf",
              lossName: #"\hat{E}"#,
              loss: #"\frac{1}{2} \sum_k \sum_d \sum_e w_{kd} C^{-1}_{de} w_{ke} - \sum_n \sum_k y_{nk} \log \hat{y}_{nk}"#,
              wrt: "w_{jf}",
              lets: [#"z_{nk} = \sum_d w_{kd} x_{nd}"#, #"\hat{y}_{nk} = \frac{e^{z_{nk}}}{\sum_l e^{z_{nl}}}"#],
              assumes: ["y one-hot"],
              style: "backprop"),
        // What courses assign after softmax, typed in the matrix notation they use (u_o^T v_c): read into index
        // notation and derived there, the vectors of a family (v_c, u_w) keeping their indices.
        Entry(name: "word2vec",
              summary: "word2vec's naive softmax, -log P(o | c), by the centre vector v_c and an outside vector u_w",
              lossName: "J",
              loss: #"-\log \frac{\exp(u_o^T v_c)}{\sum_{w} \exp(u_w^T v_c)}"#,
              wrt: "v_c",
              lets: [],
              assumes: [],
              style: "standard",
              variables: ["u_w"]),
        Entry(name: "word2vec-neg",
              summary: "word2vec with negative sampling, by the centre vector v_c and the outside vector u_o",
              lossName: "J",
              loss: #"-\log \sigma(u_o^T v_c) - \sum_{s=1}^{S} \log \sigma(-u_s^T v_c)"#,
              wrt: "v_c",
              lets: [],
              assumes: [],
              style: "standard",
              variables: ["u_o"]),
    ]

    public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }
}
