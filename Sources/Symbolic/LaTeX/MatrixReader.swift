import SymbolicCore
import SymbolicFunctions

/// The algebra of matrix notation on `MatrixTerm`s: each operation gives the entry in index form, with a sum
/// over a fresh index wherever two factors are multiplied along a shared dimension.
struct MatrixReader {
    /// A symbol whose guessed shape does not fit how it is used: read again with `shape`. `error` is what to say
    /// where the shape was not a guess.
    struct Reshape: Error {
        var symbol: Symbol
        var shape: MatrixShape
        var error: ParseError
    }

    var fixed: [Symbol: MatrixShape]
    var shapes: [Symbol: MatrixShape] = [:]
    var counter = 0
    /// How many norms the cursor is inside: there a `\|` closes the norm, elsewhere it opens one.
    var norms = 0

    init(fixed: [Symbol: MatrixShape]) { self.fixed = fixed }

    /// A new index, named apart from any the parser reads and from the `#0`, `#1`, ... of `Expr.alphaNormalized`.
    mutating func fresh() -> Index {
        counter += 1
        return .named("#x\(counter)")
    }

    /// What a symbol without indices is: as fixed, else a capital is a matrix, a bold letter a vector, and any
    /// other letter a scalar (each a guess that its use may correct).
    func shape(of s: Symbol) -> (MatrixShape, guessed: Bool) {
        if let f = fixed[s.component] { return (f, false) }
        if s.bold { return (s.name.first?.isUppercase == true ? .matrix : .vector, false) }
        if MatrixNotation.namesMatrix(s) { return (.matrix, true) }
        return (.scalar, true)
    }

    /// The symbol `s` as a term of matrix notation.
    mutating func symbol(_ written: Symbol) -> MatrixTerm {
        var s = written
        // X for the matrix of the vectors x_n, as derive prints it.
        if s.name.count == 1, s.label == nil, fixed[s.component] == nil, let lower = Optional(s.name.lowercased()), lower != s.name {
            var l = s.component
            l.name = lower
            if fixed[l] == .matrix { s = l }
        }
        let (shape, guessed) = shape(of: s)
        let c = s.component
        shapes[c] = shape
        switch shape {
        case .scalar:
            return MatrixTerm(entry: .variable(c, []), row: nil, column: nil, guessedScalars: guessed ? [c] : [])
        case .vector:
            let i = fresh()
            return MatrixTerm(entry: .variable(c, [i]), row: i, column: nil)
        case .matrix:
            let i = fresh(), j = fresh()
            // I is the identity, unless it was declared a matrix of its own.
            if c.name == "I", c.label == nil, fixed[c] == nil { shapes[c] = nil; return MatrixTerm(entry: .kronecker(i, j), row: i, column: j) }
            return MatrixTerm(entry: .variable(c, [i, j]), row: i, column: j, guessedMatrix: guessed ? c : nil)
        }
    }

    /// `t` where a vector is needed: a guessed scalar becomes one, read again.
    func needVector(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws {
        guard t.isScalar else { return }
        if let s = t.guessedScalars.first { throw Reshape(symbol: s, shape: .vector, error: error()) }
        if let s = t.guessedFamily { throw Reshape(symbol: s, shape: .matrix, error: error()) }
        throw error()
    }

    /// `t` where a scalar is needed (a denominator, an exponent, an argument): a guessed matrix becomes one.
    func needScalar(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws {
        guard !t.isScalar else { return }
        if let s = t.guessedMatrix { throw Reshape(symbol: s, shape: .scalar, error: error()) }
        throw error()
    }

    /// `b` with its row and column indices renamed to those of `a`.
    func aligned(_ b: MatrixTerm, to a: MatrixTerm) -> Expr {
        var map: [String: Index] = [:]
        if let r = b.row?.name, let to = a.row { map[r] = to }
        if let c = b.column?.name, let to = a.column { map[c] = to }
        return b.entry.substituting(map)
    }

    func sameShape(_ a: MatrixTerm, _ b: MatrixTerm) -> Bool { (a.row == nil) == (b.row == nil) && (a.column == nil) == (b.column == nil) }

    /// `a + b` (or `a - b` with `sign` -1).
    func add(_ a: MatrixTerm, _ b: MatrixTerm, sign: Rational, _ error: (String) -> ParseError) throws -> MatrixTerm {
        // A number added to a vector is added to each entry, as 1 + e^{-X w} is written.
        if a.isScalar, !b.isScalar, case .number = a.entry {
            return MatrixTerm(entry: .plus([a.entry, sign == .one ? b.entry : .mul([.number(sign), b.entry])]), row: b.row, column: b.column)
        }
        if b.isScalar, !a.isScalar, case .number = b.entry {
            return MatrixTerm(entry: .plus([a.entry, .mul([.number(sign), b.entry])]), row: a.row, column: a.column)
        }
        if !sameShape(a, b) {
            // N \|w\|^2 + c: a capital that scales a scalar is a number.
            if a.isScalar, let s = b.guessedMatrix { throw Reshape(symbol: s, shape: .scalar, error: error("\(b.kind) added to a scalar")) }
            if b.isScalar, let s = a.guessedMatrix { throw Reshape(symbol: s, shape: .scalar, error: error("a scalar added to \(a.kind)")) }
            if a.isScalar, !b.isScalar { try needVector(a, error("\(b.kind) added to a scalar")) }
            if b.isScalar, !a.isScalar { try needVector(b, error("a scalar added to \(a.kind)")) }
            throw error("\(a.kind) and \(b.kind) cannot be added")
        }
        let term = sign == .one ? aligned(b, to: a) : .mul([.number(sign), aligned(b, to: a)])
        let guesses = !a.guessedScalars.isEmpty && !b.guessedScalars.isEmpty ? a.guessedScalars + b.guessedScalars : []
        return MatrixTerm(entry: .plus([a.entry, term]), row: a.row, column: a.column, guessedScalars: guesses)
    }

    /// `a b` written side by side: scaling, a matrix product along the shared dimension, or an outer product.
    mutating func multiply(_ a: MatrixTerm, _ b: MatrixTerm, _ error: (String) -> ParseError) throws -> MatrixTerm {
        // A letter after a matrix or a row vector is a vector (X w, x^T y).
        if b.isScalar, a.column != nil, let s = b.guessedScalars.first, b.guessedScalars.count == 1 {
            throw Reshape(symbol: s, shape: .vector, error: error("\(a.kind) times a scalar"))
        }
        if b.isScalar, a.column != nil, let s = b.guessedFamily {
            throw Reshape(symbol: s, shape: .matrix, error: error("\(a.kind) times a scalar"))
        }
        if a.isScalar, b.isVector, b.row == nil, a.guessedScalars.count == 1, let s = a.guessedScalars.first, MatrixReader.isLatinLetter(s) {
            return MatrixTerm(entry: .mul([a.entry, b.entry]), row: nil, column: b.column, pendingColumn: s)
        }
        if a.isScalar || b.isScalar {
            let guesses = a.isScalar && b.isScalar && (a.guessedScalars.isEmpty || b.guessedScalars.isEmpty) ? a.guessedScalars + b.guessedScalars : []
            // 2N: a number times a guessed matrix may still be a scalar.
            // N \|w\|^2: a scalar times a guessed matrix, which may be a scalar itself.
            let numberTimes = a.isScalar ? b.guessedMatrix : a.guessedMatrix
            return MatrixTerm(entry: .mul([a.entry, b.entry]), row: a.isScalar ? b.row : a.row, column: a.isScalar ? b.column : a.column,
                              guessedScalars: guesses, guessedMatrix: numberTimes)
        }
        if let c = a.column, let r = b.row {
            // (A B)_{ij} = \sum_m A_{im} B_{mj}: the shared index is summed.
            let body = Expr.mul([a.entry, b.entry.substituting([r.name ?? "": c])])
            return MatrixTerm(entry: .indexSum(c, IndexRange(), body), row: a.row, column: b.column)
        }
        if a.column == nil, b.row == nil {
            // A column times a row: the outer product u v^T.
            return MatrixTerm(entry: .mul([a.entry, b.entry]), row: a.row, column: b.column)
        }
        if a.isVector, b.isVector {
            throw error("\(a.kind) times \(b.kind): write u^T v for the inner product or u v^T for the outer product")
        }
        throw error("\(a.kind) times \(b.kind) does not multiply: \(a.kind == "a column vector" ? "transpose the vector (x^T A)" : "the inner dimensions do not meet")")
    }

    /// The inner product `u \cdot v`, `\langle u, v \rangle` of two vectors (or matrices, entry by entry).
    func inner(_ a: MatrixTerm, _ b: MatrixTerm, _ error: (String) -> ParseError) throws -> MatrixTerm {
        try needVector(a, error("an inner product of a scalar"))
        try needVector(b, error("an inner product of a scalar"))
        var bb = b
        // u \cdot v of a row and a column: the same entries.
        if a.isVector, b.isVector, !sameShape(a, b) { swap(&bb.row, &bb.column) }
        guard sameShape(a, bb) else { throw error("an inner product of \(a.kind) and \(b.kind)") }
        var body = Expr.mul([a.entry, aligned(bb, to: a)])
        for i in a.slots.reversed() { body = .indexSum(i, IndexRange(), body) }
        return MatrixTerm(entry: body, row: nil, column: nil)
    }

    /// The entrywise (Hadamard) product.
    func hadamard(_ a: MatrixTerm, _ b: MatrixTerm, _ error: (String) -> ParseError) throws -> MatrixTerm {
        if a.isScalar { try needVector(a, error("an entrywise product of a scalar")) }
        if b.isScalar { try needVector(b, error("an entrywise product of a scalar")) }
        guard sameShape(a, b) else { throw error("an entrywise product of \(a.kind) and \(b.kind)") }
        return MatrixTerm(entry: .mul([a.entry, aligned(b, to: a)]), row: a.row, column: a.column)
    }

    /// `u \otimes v`: the matrix of the entries `u_i v_j`.
    func outer(_ a: MatrixTerm, _ b: MatrixTerm, _ error: (String) -> ParseError) throws -> MatrixTerm {
        try needVector(a, error("an outer product of a scalar"))
        try needVector(b, error("an outer product of a scalar"))
        guard let i = a.slots.first, a.isVector, let j = b.slots.first, b.isVector else { throw error("\\otimes takes two vectors") }
        return MatrixTerm(entry: .mul([a.entry, b.entry]), row: i, column: j)
    }

    func transpose(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws -> MatrixTerm {
        if t.isScalar { try needVector(t, error()) }
        return MatrixTerm(entry: t.entry, row: t.column, column: t.row)
    }

    /// `\operatorname{tr}(M)`: the sum of the diagonal. The trace of a scalar is the scalar.
    func trace(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws -> MatrixTerm {
        if t.isScalar { return t }
        guard let r = t.row, let c = t.column?.name else { throw error() }
        return MatrixTerm(entry: .indexSum(r, IndexRange(), t.entry.substituting([c: r])), row: nil, column: nil)
    }

    /// `\det X` of a square matrix named by a symbol (or its transpose, or its inverse: `1 / \det X`); the
    /// determinant of any other expression is refused, as there is no symbol for its inverse to be written with.
    func determinant(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws -> MatrixTerm {
        guard let s = t.matrixSymbol else { throw error() }
        if let (kind, base) = s.matrixFunction, kind == .inverse {
            return MatrixTerm(entry: .pow(.variable(base.determinant, []), .minusOne), row: nil, column: nil)
        }
        return MatrixTerm(entry: .variable(s.determinant, []), row: nil, column: nil)
    }

    /// `\|t\|^2` (squared) or `\|t\|`: the 2-norm of a vector, the Frobenius norm of a matrix.
    func norm(_ t: MatrixTerm, squared: Bool, _ error: @autoclosure () -> ParseError) throws -> MatrixTerm {
        if t.isScalar {
            try needVector(t, error())
        }
        var body = Expr.pow(t.entry, .int(2))
        for i in t.slots.reversed() { body = .indexSum(i, IndexRange(), body) }
        return MatrixTerm(entry: squared ? body : .apply(.elementary("sqrt"), [body]), row: nil, column: nil)
    }

    /// `\mathrm{diag}(v)`: the diagonal matrix of a vector; of a matrix, the vector of its diagonal.
    mutating func diag(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws -> MatrixTerm {
        try needVector(t, error())
        if t.isMatrix, let r = t.row, let c = t.column?.name { return MatrixTerm(entry: t.entry.substituting([c: r]), row: r, column: nil) }
        guard let i = t.slots.first else { throw error() }
        let j = fresh()
        return MatrixTerm(entry: .mul([t.entry, .kronecker(i, j)]), row: i, column: j)
    }

    /// `\operatorname{softmax}(v)`: the entries `e^{v_a} / \sum_m e^{v_m}`.
    mutating func softmax(_ t: MatrixTerm, _ error: @autoclosure () -> ParseError) throws -> MatrixTerm {
        try needVector(t, error())
        guard t.isVector, let i = t.slots.first?.name else { throw error() }
        let m = fresh()
        let exp = Function.elementary("exp")
        let denominator = Expr.indexSum(m, IndexRange(), .apply(exp, [t.entry.substituting([i: m])]))
        return MatrixTerm(entry: .mul([.apply(exp, [t.entry]), .pow(denominator, .minusOne)]), row: t.row, column: t.column)
    }

    /// The reading as index notation, its dummies named in the order they appear.
    func finish(_ t: MatrixTerm, free: [String], avoiding taken: Set<String>) -> MatrixReading {
        var e = t.entry
        var used = taken.union(free)
        var map: [String: Index] = [:]
        for (n, slot) in t.slots.enumerated() {
            let name = n < free.count ? free[n] : MatrixReader.pick(avoiding: &used, preferring: ["k", "l"])
            if let s = slot.name { map[s] = .named(name) }
        }
        e = e.substituting(map)
        // Dummies in the order their factors were written: x^T A x is \sum x_i A_{ij} x_j.
        let bound = e.summedIndices.compactMap(\.name).filter { $0.hasPrefix("#x") }.sorted { Int($0.dropFirst(2)) ?? 0 < Int($1.dropFirst(2)) ?? 0 }
        for old in bound {
            e = e.renamingBound(old, to: MatrixReader.pick(avoiding: &used, preferring: MatrixReader.dummyNames))
        }
        var shapes = self.shapes
        for (s, f) in fixed where shapes[s] == nil { shapes[s] = f }
        let freeIndices = t.slots.compactMap { $0.name.flatMap { map[$0] } }
        return MatrixReading(expr: e, free: freeIndices, shapes: shapes, isRow: t.isVector && t.row == nil)
    }

    /// A single Latin letter, which may name a vector; Greek letters are scalars (`\lambda`, `\eta`).
    static func isLatinLetter(_ s: Symbol) -> Bool { s.name.count == 1 && s.name.first?.isASCII == true && s.name.first?.isLetter == true }

    /// Two bare letters joined by `\cdot` (`u \cdot v`): vectors, since a dot between scalars says nothing.
    func dotOfLetters(_ a: MatrixTerm, _ b: MatrixTerm) -> Symbol? {
        guard a.isScalar, b.isScalar, a.guessedScalars.count == 1, b.guessedScalars.count == 1, let s = a.guessedScalars.first,
              let t = b.guessedScalars.first, MatrixReader.isLatinLetter(s), MatrixReader.isLatinLetter(t) else { return nil }
        return s
    }

    static let dummyNames = ["i", "j", "m", "n", "p", "q", "r", "s", "t", "u", "v", "a", "b", "c", "d", "e", "f", "g", "h"]

    static func pick(avoiding used: inout Set<String>, preferring names: [String]) -> String {
        let name = names.first { !used.contains($0) } ?? Expr.freshIndexName(like: names.first ?? "i", avoiding: used)
        used.insert(name)
        return name
    }
}
