import SymbolicCore
import Foundation
import SymbolicLaTeX

/// A loss written in matrix notation (`x^T A x`, `\|Xw - y\|^2`): as typed, and what each symbol was read as.
public struct MatrixSource: Sendable {
    /// The loss as the user wrote it.
    public var written: String
    /// What each symbol is: a scalar, a vector or a matrix.
    public var shapes: [Symbol: MatrixShape]

    public init(written: String, shapes: [Symbol: MatrixShape]) {
        self.written = written
        self.shapes = shapes
    }

    /// The variable differentiated by as a whole, for the left side of the result in matrix notation:
    /// `\mathbf{x}` for a vector, `X` for a matrix.
    public func whole(_ wrt: Expr) -> Expr? {
        guard case .variable(let s, let idx) = wrt, !idx.isEmpty else { return nil }
        // One vector of a family (v_c, entries v_{ck}): its matrix form is not written yet.
        if idx.count == 2, !MatrixNotation.namesMatrix(s), !s.bold { return nil }
        return .variable(idx.count == 1 ? s.vector : s, [])
    }
}

extension Problem {
    /// A problem whose loss (or a definition) is written in matrix notation: read into index form, the variable
    /// given its indices by its shape (`--wrt x` is `x_k` for a vector, `--wrt X` is `X_{kl}` for a matrix).
    static func parseMatrix(name: String, summary: String, lossName: String, loss: String, wrt: String, lets: [String],
                            assumes: [String], options: ParseOptions) throws -> Problem {
        func at<T>(_ argument: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as ParseError { throw InputError(argument: argument, error: e) }
        }
        let variable = try at("--wrt") { try Parser.parseVariable(Problem.strippingNabla(wrt)) }
        guard case .variable(var x, var given) = variable else { throw DerivationError("the variable to differentiate by must be a symbol") }
        let taken = Set(given.compactMap(\.name))
        var (defs, shapes) = try matrixDefinitions(lets, avoiding: taken, options: options)
        let reading = try at("the loss") { try MatrixNotation.read(loss, shapes: shapes, avoiding: taken.union(["k", "l"]), scalar: true, options: options) }
        guard reading.free.isEmpty else {
            throw DerivationError("the loss is \(reading.free.count == 1 ? "a vector" : "a matrix"), not a scalar: differentiate a scalar such as its norm or a sum of its entries")
        }
        shapes.merge(reading.shapes) { a, _ in a }
        // --wrt W_1: the matrix the subscript names (W_1 in matrix notation is a label, not an entry).
        if !given.isEmpty, shapes[x.component] == nil {
            var labelled = x.component
            labelled.label = given.map(\.description).joined()
            labelled.labelBelow = true
            if shapes[labelled] != nil { x = labelled; given = [] }
        }
        var wrtExpr = Expr.variable(x.component, given)
        if given.isEmpty, let shape = shapes[x.component] {
            // The variable takes the indices of its shape, named apart from the loss's.
            wrtExpr = .variable(x.component, Array(["k", "l"].prefix(shape.rawValue)).map { .named($0) })
        } else if shapes[x.component] == .matrix, given.count == 1 {
            // --wrt v_c: one vector of a family, v_{ck}.
            wrtExpr = .variable(x.component, given + [.named(taken.contains("k") ? "l" : "k")])
        } else if let shape = shapes[x.component], given.count != shape.rawValue {
            throw DerivationError("\(wrt) has \(given.count) indices, but the loss uses it as a \(shape == .scalar ? "scalar" : shape == .vector ? "vector" : "matrix")")
        }
        // A dummy named like an index of the variable (\sum_w beside --wrt u_w) is renamed, so that the lines read plainly.
        var indexForm = reading.expr
        if case .variable(_, let idx) = wrtExpr {
            for n in idx.compactMap(\.name) where indexForm.boundIndexNames.contains(n) {
                indexForm = indexForm.renamingBound(n, to: Expr.freshIndexName(like: n, avoiding: indexForm.allIndexNames.union(idx.compactMap(\.name))))
            }
        }
        var p = Problem(name: name, summary: summary, lossName: Problem.nameExpression(lossName), loss: indexForm, wrt: wrtExpr,
                        context: Context(definitions: defs, assumptions: try Problem.assumptions(assumes)))
        p.matrix = MatrixSource(written: loss, shapes: shapes)
        try p.check()
        return p
    }

    /// Definitions of which some are in matrix notation (`--let 'h = \sigma(z)' --let 'z = W x + b'`), and the shapes
    /// they give. A definition may use one given after it: they are read again until the shapes settle.
    public static func matrixDefinitions(_ lets: [String], avoiding taken: Set<String> = [], options: ParseOptions = ParseOptions()) throws
        -> ([Definition], [Symbol: MatrixShape]) {
        var shapes: [Symbol: MatrixShape] = [:]
        var defs: [Definition] = []
        for _ in 0...lets.count {
            let before = shapes
            defs = []
            for (n, l) in lets.enumerated() {
                do { defs.append(try Problem.matrixDefinition(l, shapes: &shapes, avoiding: taken, options: options)) } catch let e as ParseError {
                    throw InputError(argument: "--let #\(n + 1)", error: e)
                }
            }
            if shapes == before { break }
        }
        return (defs, shapes)
    }

    /// `z = W x + b`: a definition in matrix notation (its left side a symbol without indices), the left side
    /// given the indices of its right; in index notation (`z_i = ...`) as the scalar grammar reads it.
    public static func matrixDefinition(_ text: String, shapes: inout [Symbol: MatrixShape], avoiding: Set<String>, options: ParseOptions) throws -> Definition {
        guard let eq = text.firstIndex(of: "=") else { return try Parser.parseDefinition(text, options: options) }
        let left = String(text[..<eq])
        let right = String(text[text.index(after: eq)...])
        guard case .variable(let s, let idx)? = try? Parser.parse(left), idx.isEmpty else {
            return try Parser.parseDefinition(text, options: options)
        }
        let reading: MatrixReading
        do {
            reading = try MatrixNotation.read(right, shapes: shapes, avoiding: avoiding.union(["k", "l"]), options: options)
        } catch let e as ParseError {
            // Positions in the whole definition, not its right side.
            throw ParseError(e.message, at: e.location.offset + left.count + 1, length: e.length, in: text)
        }
        shapes.merge(reading.shapes) { a, _ in a }
        shapes[s.component] = MatrixShape(rawValue: reading.free.count) ?? .matrix
        return Definition(symbol: s.component, indices: reading.free, body: reading.expr)
    }

    /// `\nabla_{\mathbf{x}}` or `\nabla_x` written for the variable: the variable.
    static func strippingNabla(_ wrt: String) -> String {
        var s = wrt.trimmingCharacters(in: .whitespaces)
        guard s.hasPrefix("\\nabla_") else { return s }
        s.removeFirst("\\nabla_".count)
        if s.hasPrefix("{"), s.hasSuffix("}") { s = String(s.dropFirst().dropLast()) }
        return s
    }
}
