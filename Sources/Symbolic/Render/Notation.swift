import SymbolicCore
import SymbolicFunctions

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
    /// How an array (a vector or a matrix given by its entry) is shown.
    public enum Arrays: Sendable, Equatable {
        /// A bold vector where the entry is a linear combination (`\hat{\mathbf{y}} - \mathbf{y}`), else `[entry]_i`.
        case compact
        /// Entry by entry: a `bmatrix` column `r_1, r_2, \vdots, r_K`, or a matrix with dots.
        case entries
    }
    /// How a sum over an index is shown.
    public enum Sums: Sendable, Equatable {
        case sigma
        /// Term by term: `y_1 \log \hat{y}_1 + y_2 \log \hat{y}_2 + \dots`.
        case written
    }
    /// How the derivative by a whole vector is shown.
    public enum Gradient: Sendable, Equatable {
        case fraction
        /// `\nabla_{\hat{\mathbf{y}}} L`
        case nabla
    }

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
    public var arrays: Arrays = .compact
    public var sums: Sums = .sigma
    public var gradient: Gradient = .fraction
    /// The name of the last position when an array or a sum is written out (`r_1, r_2, \dots, r_K`).
    public var sizeName: String = "K"
    /// Sums without a written range printed with one: `\sum_{k=1}^{K}` for `\sum_k` (the logistic-regression homework).
    public var sumBounds: String?
    /// Defined symbols printed as a call of a function of the whole vector: `\sigma(z_{1:K}, k)` for `\hat{y}_k`.
    public var calls: [Symbol: Call] = [:]
    /// A defined symbol shown as `function(argument_{1:size}, index)`.
    public struct Call: Sendable, Equatable {
        public var function: String
        public var argument: Symbol
        public var size: String
        public init(function: String, argument: Symbol, size: String) {
            self.function = function
            self.argument = argument
            self.size = size
        }
    }
    /// Products read along their indices (`\frac{y_a}{\hat{y}_a} [\dots]_{ab} W_{cb} \sigma'(t_c) \delta_{cd} W_{kd}`)
    /// instead of by kind of factor: the chain rule's factors in the chain's order (the Einstein-notation homework).
    public var chainOrder: Bool = false
    /// Vectors in matrix notation are rows (`\mathbf{v} W^{T}`, the Einstein-notation homework) or columns (`W \mathbf{v}`).
    public var convention: MatrixConvention = .row
    /// The answer repeated at the end, boxed: `\boxed{\frac{\partial L}{\partial x_j} = \hat{y}_j - y_j}`.
    public var boxResult: Bool = false
    /// Sentences between the steps that say why each is allowed: the rule, the indices, the deltas (`--explain`).
    public var explain: Bool = false

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

/// A change of notation for one line: the same expression, shown another way (written out entry by
/// entry, say). It is how a derivation turns a vector into its column and back.
///
/// ```swift
/// Presentation(arrays: .entries)   // this line shows its vectors as bmatrix columns
/// ```
public struct Presentation: Sendable, Equatable {
    public var arrays: Notation.Arrays?
    public var sums: Notation.Sums?
    public init(arrays: Notation.Arrays? = nil, sums: Notation.Sums? = nil) {
        self.arrays = arrays
        self.sums = sums
    }

    /// `notation` with this line's changes.
    public func applied(to notation: Notation) -> Notation {
        var n = notation
        if let arrays { n.arrays = arrays }
        if let sums { n.sums = sums }
        return n
    }
}
