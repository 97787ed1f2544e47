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
        public var styles: [String]

        public func problem() throws -> Problem {
            try Problem.parse(name: name, summary: summary, lossName: lossName, loss: loss, wrt: wrt, lets: lets, assumes: assumes)
        }
    }

    public static let entries: [Entry] = [
        Entry(name: "softmax-ce",
              summary: "cross-entropy after a softmax, d CE / d theta_k",
              lossName: #"\mathrm{CE}"#,
              loss: #"-\sum_{i} y_i \log \hat{y}_i"#,
              wrt: #"\theta_k"#,
              lets: [#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_{m} e^{\theta_m}}"#],
              assumes: ["y one-hot"],
              styles: ["standard", "expanded", "einstein", "cases", "indicator", "jacobian"]),
        Entry(name: "softmax-jacobian",
              summary: "the Jacobian of the softmax, d yhat_i / d x_j",
              lossName: #"\hat{y}_i"#,
              loss: #"\hat{y}_i"#,
              wrt: #"x_j"#,
              lets: [#"\hat{y}_i = \frac{e^{x_i}}{\sum_{m} e^{x_m}}"#],
              assumes: [],
              styles: ["jacobian", "cases", "einstein", "standard"]),
        Entry(name: "ce-output",
              summary: "cross-entropy of the true class l, -log yhat_l, by the outputs yhat_i",
              lossName: #"\mathcal{L}"#,
              loss: #"-\log \hat{y}_\ell"#,
              wrt: #"\hat{y}_i"#,
              lets: [],
              assumes: [],
              styles: ["indicator", "standard"]),
        Entry(name: "softmax-ce-class",
              summary: "cross-entropy of the true class l after a softmax, by the logits a_i",
              lossName: #"\mathcal{L}"#,
              loss: #"-\log \hat{y}_\ell"#,
              wrt: #"a_i"#,
              lets: [#"\hat{y}_j = \frac{\exp(a_j)}{\sum_{i} \exp(a_i)}"#],
              assumes: [],
              styles: ["indicator", "standard"]),
    ]

    public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    public static let styles: [Style] = [.standard, .expanded, .einstein, .cases, .indicator, .jacobian]
    public static func style(named name: String) -> Style? { styles.first { $0.name == name } }
}
