import SymbolicCore
import SymbolicFunctions

/// What a symbol is in matrix notation.
public enum MatrixShape: Int, Sendable, Comparable {
    case scalar = 0, vector = 1, matrix = 2
    public static func < (a: MatrixShape, b: MatrixShape) -> Bool { a.rawValue < b.rawValue }
}

/// An expression of matrix notation read into index form: `x^T A x` is `\sum_i \sum_j x_i A_{ij} x_j`.
public struct MatrixReading: Sendable {
    /// The entries in index notation, with `free` as their indices (none for a scalar).
    public var expr: Expr
    /// The free indices: none for a scalar, one for a vector, rows then columns for a matrix.
    public var free: [Index]
    /// What each symbol was read as, given or inferred from how it is used.
    public var shapes: [Symbol: MatrixShape]
    /// Whether a vector result is a row (`a^T X`) rather than a column.
    public var isRow: Bool
}

/// Matrix and vector notation (`x^T A x`, `\|Xw - y\|^2`, `\operatorname{tr}(AXB)`) read into index form, which
/// the rules and the judge work in. Shapes need not be declared: capitals are matrices, bold letters vectors, and a
/// letter is a vector where it is used as one (transposed, after a matrix, in a norm, added to a vector).
///
/// ```swift
/// let r = try MatrixNotation.read(#"x^T A x"#)
/// r.expr      // \sum_i \sum_j x_i A_{ij} x_j
/// r.shapes    // [x: .vector, A: .matrix]
/// ```
public enum MatrixNotation {
    /// Whether `source` is written in matrix notation: it transposes, takes a norm, a trace, a Hadamard or inner
    /// product, or names a bold vector without indices.
    public static func isMatrixNotation(_ source: String) -> Bool {
        guard let tokens = try? Lexer(source).tokens() else { return false }
        let rewritten = transposes(tokens)
        for (n, t) in rewritten.enumerated() {
            if t.kind == .command, markers.contains(t.text) { return true }
            if t.kind == .command, ["\\operatorname", "\\mathrm", "\\text", "\\textrm"].contains(t.text), n + 2 < rewritten.count {
                var word = ""
                var k = n + 2
                while k < rewritten.count, rewritten[k].kind == .letter { word += rewritten[k].text; k += 1 }
                if matrixWords.contains(word) { return true }
            }
            // \mathbf{x} without a subscript: a whole vector.
            if t.kind == .command, ["\\mathbf", "\\boldsymbol", "\\bm"].contains(t.text), n + 3 < rewritten.count,
               rewritten[n + 1].is(.symbol, "{"), rewritten[n + 2].kind == .letter || rewritten[n + 2].text == "1",
               rewritten[n + 3].is(.symbol, "}"), !rewritten[min(n + 4, rewritten.count - 1)].is(.symbol, "_") {
                return true
            }
        }
        return false
    }

    /// Whether a symbol names a matrix by its letter alone: a capital (`X`, `W`), or a Greek capital that names
    /// matrices (a covariance `\Sigma`, a precision `\Lambda`, a design matrix `\Phi`); not `\Delta` or `\Pi`, which
    /// more often name a difference or a product.
    public static func namesMatrix(_ s: Symbol) -> Bool {
        (s.name.count == 1 && s.name.first?.isUppercase == true) || greekMatrices.contains(s.name)
    }

    static let greekMatrices: Set<String> = ["\\Sigma", "\\Lambda", "\\Phi", "\\Theta", "\\Omega", "\\Gamma", "\\Psi"]

    static let markers: Set<String> = ["\\transposed", "\\det", "\\|", "\\lVert", "\\Vert", "\\langle", "\\odot", "\\otimes", "\\tr", "\\Tr"]
    static let matrixWords: Set<String> = ["tr", "Tr", "trace", "diag", "det", "logdet"]

    /// Reads `source` in matrix notation. `shapes` fixes what some symbols are; `free` names the free indices of
    /// a vector or matrix result (otherwise they are chosen); the dummies are named `i`, `j`, `m`, `n`, ... avoiding
    /// the letters the expression uses and `avoiding`.
    public static func read(_ source: String, shapes: [Symbol: MatrixShape] = [:], free: [String] = [], avoiding: Set<String> = [],
                            scalar: Bool = false, options: ParseOptions = ParseOptions()) throws -> MatrixReading {
        let tokens = transposes(try Lexer(source).tokens())
        var guessed: [Symbol: MatrixShape] = [:]
        // Each failed reading may fix the shape of one symbol it guessed wrong; then it is read again.
        for _ in 0..<64 {
            var p = Parser(source: source, tokens: tokens, options: ParseOptions(functions: options.functions, maximumDepth: options.maximumDepth,
                                                                                  checksIndices: false))
            var reader = MatrixReader(fixed: shapes.merging(guessed) { a, _ in a })
            do {
                if p.peek.kind == .end { throw p.error("empty input: expected an expression", at: p.peek) }
                let t = try p.matrixNotationSum(&reader)
                try p.expectEnd()
                // A scalar is wanted (a loss): a capital guessed to be a matrix is a number (N \|w\|^2).
                if scalar, !t.isScalar, let s = t.guessedMatrix {
                    throw MatrixReader.Reshape(symbol: s, shape: .scalar, error: ParseError("\(t.kind), not a scalar", at: 0, length: max(1, source.count), in: source))
                }
                return reader.finish(t, free: free, avoiding: avoiding.union(letters(tokens)))
            } catch let r as MatrixReader.Reshape {
                guard guessed[r.symbol] == nil, shapes[r.symbol] == nil else { throw r.error }
                guessed[r.symbol] = r.shape
            }
        }
        throw ParseError("the shapes of the symbols could not be settled", at: 0, length: max(1, source.count), in: source)
    }

    static func letters(_ tokens: [Token]) -> Set<String> {
        Set(tokens.filter { $0.kind == .letter }.map(\.text) + tokens.compactMap { Parser.greek[$0.text] })
    }

    /// Transposes as one token of their own, spanning what they replace: `x^T`, `x^{T}`, `x^\top`, `x^{\mathsf{T}}`,
    /// `W^{(2)T}` (a label, then the transpose) and `C^{-T}` (the inverse, then the transpose).
    static func transposes(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        var i = 0
        func isT(_ k: Int) -> Int? {
            // The tokens of a T at k: T, \top, \intercal, \mathsf{T}, \mathrm{T}, \text{T}.
            guard k < tokens.count else { return nil }
            let t = tokens[k]
            if t.is(.letter, "T"), !(k + 1 < tokens.count && tokens[k + 1].kind == .letter && tokens[k + 1].start == t.end) { return 1 }
            if t.is(.command, "\\top") || t.is(.command, "\\intercal") || t.is(.command, "\\T") { return 1 }
            if t.kind == .command, ["\\mathsf", "\\mathrm", "\\text", "\\textsf"].contains(t.text), k + 3 < tokens.count,
               tokens[k + 1].is(.symbol, "{"), tokens[k + 2].is(.letter, "T"), tokens[k + 3].is(.symbol, "}") { return 4 }
            return nil
        }
        func transposed(_ a: Token, _ b: Token) -> Token { Token(kind: .command, text: "\\transposed", start: a.start, end: b.end) }
        while i < tokens.count {
            let t = tokens[i]
            guard t.is(.symbol, "^") else { out.append(t); i += 1; continue }
            if let n = isT(i + 1) {
                out.append(transposed(t, tokens[i + n])); i += 1 + n; continue
            }
            if i + 1 < tokens.count, tokens[i + 1].is(.symbol, "{") {
                if let n = isT(i + 2), i + 2 + n < tokens.count, tokens[i + 2 + n].is(.symbol, "}") {
                    out.append(transposed(t, tokens[i + 2 + n])); i += 3 + n; continue
                }
                // ^{-T}: the inverse, transposed.
                if i + 2 < tokens.count, tokens[i + 2].is(.symbol, "-"), let n = isT(i + 3), i + 3 + n < tokens.count, tokens[i + 3 + n].is(.symbol, "}") {
                    let one = Token(kind: .number, text: "1", start: tokens[i + 3].start, end: tokens[i + 3].start)
                    out += [t, tokens[i + 1], tokens[i + 2], one, tokens[i + 3 + n], transposed(tokens[i + 3], tokens[i + 3 + n])]
                    i += 4 + n
                    continue
                }
                // ^{(2)T}: a label, then the transpose.
                var k = i + 2
                if k < tokens.count, tokens[k].is(.symbol, "(") {
                    while k < tokens.count, !tokens[k].is(.symbol, ")"), k < i + 12 { k += 1 }
                    if k < tokens.count, tokens[k].is(.symbol, ")"), let n = isT(k + 1), k + 1 + n < tokens.count, tokens[k + 1 + n].is(.symbol, "}") {
                        let close = Token(kind: .symbol, text: "}", start: tokens[k].end, end: tokens[k].end)
                        out += Array(tokens[i...k]) + [close, transposed(tokens[k + 1], tokens[k + 1 + n])]
                        i = k + 2 + n
                        continue
                    }
                }
            }
            out.append(t)
            i += 1
        }
        return out
    }
}

/// A value of matrix notation while it is read: its entry in index form and the indices of its rows and
/// columns (nil where that dimension is one: a column vector has rows only, a row vector columns only).
struct MatrixTerm {
    var entry: Expr
    var row: Index?
    var column: Index?
    /// The symbols guessed to be scalars that would make this a vector (a bare letter, or a sum of such).
    var guessedScalars: [Symbol] = []
    /// The symbol guessed to be a matrix (a capital) that this is, if it could be a scalar instead.
    var guessedMatrix: Symbol?
    /// The symbol of an entry written with a subscript (`u_o`) that would be a vector of a family if the symbol had
    /// a second index: `u_o^T v_c` is `\sum_i u_{oi} v_{ci}`.
    var guessedFamily: Symbol?
    /// A letter guessed to be a scalar that scales a row vector here (`a b^T`): if the term ends a row vector,
    /// the letter was a column and the term an outer product.
    var pendingColumn: Symbol?

    var isScalar: Bool { row == nil && column == nil }
    var isVector: Bool { (row == nil) != (column == nil) }
    var isMatrix: Bool { row != nil && column != nil }
    var slots: [Index] { [row, column].compactMap { $0 } }
    /// The matrix symbol this term is, or its transpose (`X`, `X^T`, `C^{-1}`): what `\det` and `^{-1}` take.
    var matrixSymbol: Symbol? {
        guard let r = row, let c = column, case .variable(let s, let idx) = entry, idx.count == 2, Set(idx) == Set([r, c]) else { return nil }
        return s
    }

    /// What it is, in words, for messages.
    var kind: String {
        if isScalar { return "a scalar" }
        if isMatrix { return "a matrix" }
        return row != nil ? "a column vector" : "a row vector"
    }
}
