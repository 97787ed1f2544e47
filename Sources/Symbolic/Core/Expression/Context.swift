/// A definition `\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}`: a symbol with formal indices and a body.
///
/// ```swift
/// let d = Definition(symbol: Symbol("y", accent: .hat), indices: [.named("i")], body: softmax)
/// d.instantiate([.named("k")])   // the body with i renamed k
/// ```
public struct Definition: Hashable, Sendable {
    public var symbol: Symbol
    public var indices: [Index]
    public var body: Expr

    public init(symbol: Symbol, indices: [Index], body: Expr) {
        self.symbol = symbol
        self.indices = indices
        self.body = body
    }

    /// The body with the formal indices replaced by `actual`; `nil` when the counts differ.
    public func instantiate(_ actual: [Index]) -> Expr? {
        guard actual.count == indices.count else { return nil }
        var map: [String: Index] = [:]
        for (f, a) in zip(indices, actual) { if let n = f.name { map[n] = a } }
        return body.substituting(map)
    }

    /// The defined symbol applied to its formal indices: the left-hand side.
    public var lhs: Expr { .variable(symbol, indices) }
}

/// What is assumed of an input symbol.
///
/// ```swift
/// Assumption.oneHot(Symbol("y"))      // --assume 'y one-hot': y_i ∈ {0,1}, Σ_i y_i = 1
/// Assumption.probability(Symbol("y")) // --assume '\sum_i y_i = 1'
/// ```
public enum Assumption: Hashable, Sendable {
    /// Exactly one component is 1, the rest 0; the components sum to 1.
    case oneHot(Symbol)
    /// Non-negative components that sum to 1.
    case probability(Symbol)
    /// Every component is positive.
    case positive(Symbol)

    public var symbol: Symbol {
        switch self {
        case .oneHot(let s), .probability(let s), .positive(let s): return s
        }
    }

    /// True when the components of the symbol are known to sum to one.
    public var sumsToOne: Bool {
        switch self {
        case .oneHot, .probability: return true
        case .positive: return false
        }
    }
}

/// Definitions, assumptions and declared index ranges: what a problem knows beyond its loss.
public struct Context: Sendable {
    public var definitions: [Definition]
    public var assumptions: [Assumption]
    /// Functions the input defines in a form not read as a definition (a document's `h(x) = f(x)/g(x)`): the
    /// judge never draws them at random, since a drawn one would not be the function defined.
    public var definedFunctions: Set<String> = []
    /// Letters a document writes both bare and before a bracket (`h` and `h(x)`): a call may be a product, so the
    /// judge does not evaluate it.
    public var ambiguousFunctions: Set<String> = []
    /// Symbols the input differentiates by a variable without defining them (`\partial \hat{y}_i / \partial \theta_k`):
    /// it treats them as functions of that variable, so a step that puts one for an expression of it is not judged.
    public var implicitlyDependent: Set<Symbol> = []

    public init(definitions: [Definition] = [], assumptions: [Assumption] = []) {
        self.definitions = definitions
        self.assumptions = assumptions
    }

    public func definition(of symbol: Symbol) -> Definition? {
        definitions.first { $0.symbol == symbol }
    }

    public func sumsToOne(_ symbol: Symbol) -> Bool {
        assumptions.contains { $0.symbol == symbol && $0.sumsToOne }
    }

    public func isOneHot(_ symbol: Symbol) -> Bool {
        assumptions.contains { if case .oneHot(let s) = $0 { return s == symbol } else { return false } }
    }
}
