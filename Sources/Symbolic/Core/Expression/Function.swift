/// A function applied to arguments: an elementary function (exp, log, the sigmoid, ...: each declared by
/// the Functions layer, which gives the names `Function.exp`, `Function.sigmoid`), one the user named, or the
/// derivative of one, written with a prime.
///
/// ```swift
/// Function.elementary("tanh")   // Function.tanh
/// Function.named("f")           // f(x), with --function f
/// Function.prime(.sigmoid)      // \sigma'(x)
/// ```
public indirect enum Function: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A function of the table, by its name (`exp`, `sigma`, `tanh`).
    case elementary(String)
    /// A function the user named (`f`, `g`); it has no numeric value unless defined.
    case named(String)
    /// The derivative of a one-argument function, written with a prime: `\sigma'(t)`.
    case prime(Function)

    public var description: String {
        switch self {
        case .elementary(let n), .named(let n): return n
        case .prime(let f): return "\(f)'"
        }
    }

    public static func < (a: Function, b: Function) -> Bool { a.description < b.description }

    /// Consistent with `==`, and cheap: expressions are hashed all the time (like terms are found by hashing),
    /// and an elementary function's name is told apart well enough by its length and first letter.
    public func hash(into h: inout Hasher) {
        switch self {
        case .elementary(let n):
            // One word: the tag in the low byte, then the first letter, then the length.
            h.combine(n.utf8.count << 16 | Int(n.utf8.first ?? 0) << 8)
        case .named(let n):
            h.combine(1)
            h.combine(n)
        case .prime(let f):
            h.combine(2)
            f.hash(into: &h)
        }
    }
}
