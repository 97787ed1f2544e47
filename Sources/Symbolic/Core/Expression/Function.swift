/// A function applied to arguments: the elementary functions of the seeds and user-named ones.
///
/// ```swift
/// Function.exp        // e^{x}, \exp(x)
/// Function.sigmoid    // \sigma(x) = 1/(1+e^{-x})
/// Function.prime(.sigmoid)  // \sigma'(x)
/// ```
public indirect enum Function: Hashable, Sendable, Comparable, CustomStringConvertible {
    case exp
    case log
    case sigmoid
    case tanh
    case relu
    /// The Heaviside step, `1` for a positive argument and `0` otherwise (the derivative of ReLU).
    case step
    case sqrt
    /// A function the user named (`f`, `g`); it has no numeric value unless defined.
    case named(String)
    /// The derivative of a one-argument function, written with a prime: `\sigma'(t)`.
    case prime(Function)

    public var description: String {
        switch self {
        case .exp: return "exp"
        case .log: return "log"
        case .sigmoid: return "sigma"
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .step: return "step"
        case .sqrt: return "sqrt"
        case .named(let n): return n
        case .prime(let f): return "\(f)'"
        }
    }

    public static func < (a: Function, b: Function) -> Bool { a.description < b.description }
}
