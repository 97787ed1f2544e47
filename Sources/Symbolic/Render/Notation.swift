/// Choices of notation that do not change meaning: the same tree printed several ways.
///
/// ```swift
/// var n = Notation.latex
/// n.exponential = .function     // \exp(x) instead of e^{x}
/// n.delta = .indicator          // \mathbb{1}_{i=k} instead of \delta_{ik}
/// ```
public struct Notation: Sendable, Equatable {
    public enum Target: Sendable, Equatable { case latex, unicode }
    public enum Exponential: Sendable, Equatable { case power, function }
    public enum Delta: Sendable, Equatable { case kronecker, indicator }

    public var target: Target
    public var exponential: Exponential
    public var delta: Delta
    /// The LaTeX command printed for the indicator; the templates define it.
    public var indicatorCommand: String
    /// Parentheses around the argument of a logarithm even when it is a single symbol.
    public var logParentheses: Bool
    /// Implicit summation: a sum whose index appears at least twice in its product is written without `\sum`.
    public var einstein: Bool = false
    /// `\frac{1}{\hat{y}_i}` as a factor of its own rather than a denominator: `y_i \frac{1}{\hat{y}_i} \frac{\partial ...}`.
    public var reciprocals: Bool = false

    public init(target: Target = .latex, exponential: Exponential = .power, delta: Delta = .kronecker,
                indicatorCommand: String = "\\mathbb{1}", logParentheses: Bool = false) {
        self.target = target
        self.exponential = exponential
        self.delta = delta
        self.indicatorCommand = indicatorCommand
        self.logParentheses = logParentheses
    }

    public static let latex = Notation()
    public static let unicode = Notation(target: .unicode)
}
