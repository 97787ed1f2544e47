import SymbolicCore
import SymbolicFunctions

/// Prints matrix notation: vectors bold, matrices as they are named, transposes as `^{T}`, the entrywise
/// product `\circ`, the outer product `\otimes`; vectors are rows (`\mathbf{v} W^{T}`, as the Einstein-notation homework writes them)
/// or columns (`W \mathbf{v}`).
///
/// ```swift
/// MatrixPrinter(Printer(.latex), convention: .row).print(m)   // "(\hat{\mathbf{y}} - \mathbf{y}) W^{(2)T}"
/// ```
public struct MatrixPrinter: Sendable {
    public typealias Convention = MatrixConvention

    public var printer: Printer
    public var convention: Convention
    public init(_ printer: Printer, convention: Convention = .row) {
        self.printer = printer
        self.convention = convention
    }

    var latex: Bool { printer.notation.target == .latex }

    /// Binding strength: a sum of vectors is weakest, then the entrywise product, then matrix products.
    enum Level: Int, Comparable {
        case sum = 1, hadamard = 2, product = 3, atom = 4
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    func level(_ m: MatrixExpr) -> Level {
        switch m {
        case .vector, .map, .matrix, .transpose, .softmax, .identity, .ones, .diag, .power: return .atom
        case .scaled, .apply, .outer, .product: return .product
        case .hadamard: return .hadamard
        case .combination(let cs, _): return cs.count == 1 && cs[0] == .one ? .atom : .sum
        }
    }

    func wrapped(_ m: MatrixExpr, below l: Level) -> String {
        let s = print(m)
        guard level(m) < l else { return s }
        return latex ? "\\left(" + s + "\\right)" : "(" + s + ")"
    }

    /// A matrix by name: a single lowercase letter (the data x_{nd}) in capitals, X.
    func matrixName(_ s: Symbol) -> Symbol {
        var out = s
        if s.name.count == 1, let c = s.name.first, c.isLowercase, c.isASCII { out.name = s.name.uppercased() }
        return out
    }

    func matrix(_ s: Symbol, transposed: Bool) -> String {
        let s = matrixName(s)
        guard transposed else { return printer.symbol(s) }
        if s.labelBelow { return printer.symbol(s) + (latex ? "^{T}" : "ᵀ") }
        var plain = s
        plain.label = nil
        let t = latex ? "T" : "ᵀ"
        if let l = s.label {
            // The inverse's transpose is C^{-T}.
            if s.matrixFunction?.kind == .inverse { return printer.symbol(plain) + (latex ? "^{-T}" : "⁻ᵀ") }
            let small = String(l.map { Printer.superscripts[$0] ?? $0 })
            return printer.symbol(plain) + (latex ? "^{(\(l))T}" : "⁽\(small)⁾ᵀ")
        }
        return printer.symbol(plain) + (latex ? "^{\(t)}" : t)
    }

    /// `\mathbf{v}^{T}`, or `(...)^{T}` around a vector that is not a symbol.
    func transposedVector(_ v: MatrixExpr) -> String {
        let t = latex ? "^{T}" : "ᵀ"
        if case .vector = v { return print(v) + t }
        // (M w)^T = w^T M^T: the Matrix Cookbook's b^T X^{-T}, not (X^{-1} b)^T.
        if convention == .column, case .apply(let m, let w) = v { return transposedVector(w) + " " + wrapped(m.transposed, below: .product) }
        return (latex ? "\\left(" + print(v) + "\\right)" : "(" + print(v) + ")") + t
    }

    public func print(_ m: MatrixExpr) -> String {
        switch m {
        case .vector(let s):
            return printer.symbol(s.vector)
        case .map(let f, let inner):
            if case .vector(let s) = inner { return printer.print(.apply(f, [.variable(s.vector, [])])) }
            let head = FunctionTable.head(f, latex: latex)
            return head + (latex ? "\\left(" + print(inner) + "\\right)" : "(" + print(inner) + ")")
        case .scaled(let c, let inner):
            if c == .minusOne { return "-" + wrapped(inner, below: .product) }
            return printer.print(c) + " " + wrapped(inner, below: .product)
        case .combination(let cs, let ms):
            var out = ""
            for (n, (c, v)) in zip(cs, ms).enumerated() {
                let magnitude = c.magnitude
                let coefficient = magnitude == .one ? "" : printer.print(.number(magnitude)) + " "
                var term = coefficient + wrapped(v, below: magnitude == .one ? .hadamard : .product)
                // 2 times (1/N) X^T r prints as \frac{2}{N} X^T r.
                if magnitude != .one, case .scaled(let e, let inner) = v {
                    term = printer.print(.mul([.number(magnitude), e])) + " " + wrapped(inner, below: .product)
                }
                if n == 0 { out += (c.isNegative ? "-" : "") + term } else { out += (c.isNegative ? " - " : " + ") + term }
            }
            return out
        case .hadamard(let ms):
            return ms.map { wrapped($0, below: .product) }.joined(separator: latex ? " \\circ " : " ∘ ")
        case .apply(let m, let v):
            // (M v)_i = \sum_j M_{ij} v_j: with row vectors v M^T, with columns M v.
            switch convention {
            case .row: return wrapped(v, below: .product) + " " + print(m.transposed)
            case .column: return print(m) + " " + wrapped(v, below: .product)
            }
        case .matrix(let s):
            return matrix(s, transposed: false)
        case .transpose(let inner):
            if case .matrix(let s) = inner { return matrix(s, transposed: true) }
            return (latex ? "\\left(" + print(inner) + "\\right)^{T}" : "(" + print(inner) + ")ᵀ")
        case .product(let a, let b):
            // The matrix product is associative: A (B C) prints as A B C.
            if case .product = b { return wrapped(a, below: .product) + " " + print(b) }
            return wrapped(a, below: .product) + " " + wrapped(b, below: .atom)
        case .outer(let u, let v):
            // With column vectors the outer product is u v^T.
            if convention == .column { return wrapped(u, below: .product) + " " + transposedVector(v) }
            return wrapped(u, below: .product) + (latex ? " \\otimes " : " ⊗ ") + wrapped(v, below: .product)
        case .identity:
            return "I"
        case .diag(let v):
            return latex ? "\\operatorname{diag}\\left(" + print(v) + "\\right)" : "diag(" + print(v) + ")"
        case .power(let m, let p):
            let base = wrapped(m, below: .atom)
            return latex ? base + "^{\\circ " + printer.print(p) + "}" : base + "^∘" + printer.print(p)
        case .ones:
            return latex ? "\\mathbf{1}" : "𝟏"
        case .softmax(let v):
            return latex ? "\\operatorname{softmax}\\left(" + print(v) + "\\right)" : "softmax(" + print(v) + ")"
        }
    }
}
