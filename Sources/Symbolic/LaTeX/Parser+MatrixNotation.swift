import SymbolicCore
import SymbolicFunctions

// MARK: - The grammar of matrix notation: sums, products side by side, operators, and primaries

extension Parser {
    mutating func matrixNotationSum(_ r: inout MatrixReader) throws -> MatrixTerm {
        try enter()
        defer { leave() }
        var sign = Rational.one
        if peek.is(.symbol, "-") { sign = .minusOne; _ = advance() } else if peek.is(.symbol, "+") { _ = advance() }
        var total = try matrixNotationTerm(&r)
        if sign != .one { total.entry = .neg(total.entry) }
        while peek.is(.symbol, "+") || peek.is(.symbol, "-") {
            let op = advance()
            let at = peek
            let next = try matrixNotationTerm(&r)
            total = try r.add(total, next, sign: op.text == "-" ? .minusOne : .one) { error($0, at: at) }
        }
        return total
    }

    /// Factors side by side, and the products `\cdot`, `\times`, `\odot`, `\circ`, `\otimes` between them.
    mutating func matrixNotationTerm(_ r: inout MatrixReader) throws -> MatrixTerm {
        let start = peek
        let value = try matrixNotationProduct(&r)
        // a b^T ends a row vector scaled by a letter: the letter is a column, the term an outer product.
        if value.isVector, value.row == nil, let s = value.pendingColumn {
            throw MatrixReader.Reshape(symbol: s, shape: .vector, error: error("a row vector scaled by a letter", at: start))
        }
        return value
    }

    /// Entrywise and outer products of products: `h \odot W^T \delta` is `h \odot (W^T \delta)`, as derive prints it.
    mutating func matrixNotationProduct(_ r: inout MatrixReader) throws -> MatrixTerm {
        var value = try matrixNotationJuxtaposed(&r)
        var budget = tokens.count + 1
        while budget > 0 {
            budget -= 1
            let at = peek
            let me = self
            let fail: (String) -> ParseError = { me.error($0, at: at) }
            if peek.is(.command, "\\odot") || peek.is(.command, "\\circ") {
                _ = advance()
                value = try r.hadamard(value, try matrixNotationJuxtaposed(&r), fail)
            } else if peek.is(.command, "\\otimes") {
                _ = advance()
                value = try r.outer(value, try matrixNotationJuxtaposed(&r), fail)
            } else {
                return value
            }
        }
        return value
    }

    /// Factors side by side, and `\cdot` and `\times` between them.
    mutating func matrixNotationJuxtaposed(_ r: inout MatrixReader) throws -> MatrixTerm {
        var value = try matrixNotationFactor(&r)
        var budget = tokens.count + 1
        while budget > 0 {
            budget -= 1
            let at = peek
            let me = self
            let fail: (String) -> ParseError = { me.error($0, at: at) }
            if peek.is(.command, "\\cdot") {
                _ = advance()
                let next = try matrixNotationFactor(&r)
                if let s = r.dotOfLetters(value, next) { throw MatrixReader.Reshape(symbol: s, shape: .vector, error: fail("a dot between scalars")) }
                // Between two vectors (or a vector and a letter) a dot is their inner product; elsewhere a product.
                let vectors = value.isVector && (next.isVector || !next.guessedScalars.isEmpty) || next.isVector && !value.guessedScalars.isEmpty
                value = vectors ? try r.inner(value, next, fail) : try r.multiply(value, next, fail)
            } else if peek.is(.command, "\\times") {
                _ = advance()
                value = try r.multiply(value, try matrixNotationFactor(&r), fail)
            } else if startsMatrixFactor(peek, insideNorm: r.norms > 0) {
                value = try r.multiply(value, try matrixNotationFactor(&r), fail)
            } else {
                return value
            }
        }
        return value
    }

    func startsMatrixFactor(_ t: Token, insideNorm: Bool) -> Bool {
        if t.kind == .command, ["\\odot", "\\circ", "\\otimes", "\\cdot", "\\times", "\\transposed", "\\right", "\\rangle", "\\rVert"].contains(t.text) {
            return false
        }
        if t.is(.command, "\\|") || t.is(.command, "\\Vert") { return !insideNorm }
        // \Big\| closes a norm; \big) a bracket.
        if t.kind == .command, Parser.sizing.contains(t.text), ["\\|", "\\Vert", "\\rVert", "\\rangle"].contains(peek(1).text) { return !insideNorm }
        return startsFactor(t) || t.is(.command, "\\langle") || t.is(.command, "\\lVert") || t.is(.command, "\\tr")
    }

    /// A primary with what follows it: transposes, an inverse `^{-1}`, a power.
    mutating func matrixNotationFactor(_ r: inout MatrixReader) throws -> MatrixTerm {
        try enter()
        defer { leave() }
        let start = peek
        var value = try matrixNotationPrimary(&r)
        var budget = tokens.count + 1
        while budget > 0 {
            budget -= 1
            if peek.is(.command, "\\transposed") {
                let t = advance()
                value = try r.transpose(value, error("a scalar has no transpose", at: t))
            } else if peek.is(.symbol, "^") {
                let caret = advance()
                let p = try parseScriptExpression(after: caret)
                value = try matrixPower(value, p, &r, at: caret, start: start)
            } else {
                return value
            }
        }
        return value
    }

    /// `t^p`: a power of a scalar; of a square matrix, `X^2` is `X X`.
    mutating func matrixPower(_ t: MatrixTerm, _ p: Expr, _ r: inout MatrixReader, at caret: Token, start: Token) throws -> MatrixTerm {
        if t.isScalar { return MatrixTerm(entry: .pow(t.entry, p), row: nil, column: nil, guessedScalars: []) }
        if p == .minusOne {
            // (X^T)^{-1} is X^{-T}, (X^{-1})^{-1} is X: the inverse of a symbol, in the same orientation.
            if let s = t.matrixSymbol, case .variable(_, let idx) = t.entry {
                let inverted = s.matrixFunction.map { $0.kind == .inverse ? $0.of : s.inverse } ?? s.inverse
                var out = t
                out.entry = .variable(inverted, idx)
                r.shapes[inverted] = .matrix
                return out
            }
            throw error("the inverse of an expression: only a matrix symbol's inverse (A^{-1}) is read", at: caret)
        }
        guard t.isMatrix, case .number(let q) = p, q.isInteger, case let n = q.numerator, n >= 2, n <= 4 else {
            if t.guessedMatrix != nil { try r.needScalar(t, error("a power of a matrix", at: caret)) }
            throw error(t.isVector ? "a power of a vector: write x^T x, \\|x\\|^2 or x \\odot x" : "only the powers 2 to 4 of a matrix are read", at: caret)
        }
        var out = t
        let fail: (String) -> ParseError = { self.error($0, at: caret) }
        for _ in 1..<n {
            // Each factor of the power with indices of its own.
            var copy = t
            let i = r.fresh(), j = r.fresh()
            copy.entry = t.entry.substituting([t.row?.name ?? "": i, t.column?.name ?? "": j])
            copy.row = i
            copy.column = j
            out = try r.multiply(out, copy, fail)
        }
        return out
    }

    mutating func matrixNotationPrimary(_ r: inout MatrixReader) throws -> MatrixTerm {
        try enter()
        defer { leave() }
        while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
        let t = peek
        if let bracket = try matrixBracket(&r) { return bracket }
        if let call = try matrixCall(&r) { return call }
        switch t.kind {
        case .number:
            _ = advance()
            return MatrixTerm(entry: try number(t), row: nil, column: nil)
        case .letter where t.text == "e" && peek(1).is(.symbol, "^"):
            _ = advance()
            _ = advance()
            let exponent = try matrixScriptGroup(&r)
            return MatrixTerm(entry: .apply(.elementary("exp"), [exponent.entry]), row: exponent.row, column: exponent.column)
        case .command where t.text == "\\sum":
            // \sum_n (y_n - w^T x_n)^2: a sum of terms of matrix notation, over an index of its own.
            _ = advance()
            let (indices, range, excluded) = try parseSumScripts(t)
            var body = try matrixNotationProduct(&r)
            body.entry = try nestedSum(indices, range, excluded: excluded, body.entry, at: t)
            body.guessedScalars = []
            body.guessedMatrix = nil
            return body
        case .command where t.text == "\\nabla":
            return try matrixNabla(&r)
        case .command where t.text == "\\frac" && peek(1).is(.symbol, "{") && peek(2).is(.command, "\\partial"):
            return try matrixPartial(&r)
        case .command where t.text == "\\frac":
            _ = advance()
            let top = try matrixGroup(&r, "the numerator")
            let below = peek
            let bottom = try matrixGroup(&r, "the denominator")
            try r.needScalar(bottom, error("a denominator must be a scalar", at: below))
            return MatrixTerm(entry: .mul([top.entry, .pow(bottom.entry, .minusOne)]), row: top.row, column: top.column)
        case .command where t.text == "\\mathbf" || t.text == "\\boldsymbol" || t.text == "\\bm" || t.text == "\\mathbb":
            // \mathbf{1}, \mathbf{0}: the vector of ones, of zeros.
            if peek(1).is(.symbol, "{"), peek(2).kind == .number, ["0", "1"].contains(peek(2).text), peek(3).is(.symbol, "}") {
                let value = peek(2).text == "1" ? Expr.one : .zero
                for _ in 0..<4 { _ = advance() }
                return MatrixTerm(entry: value, row: r.fresh(), column: nil)
            }
        default:
            break
        }
        // A symbol with its decorations, labels and indices, as the scalar grammar reads it.
        guard case .value(let e) = try parseFactor() else { throw error("a derivative operator in matrix notation", at: t) }
        return try matrixSymbol(e, &r, at: t)
    }

    /// A symbol the scalar grammar has read: its shape by `r`, an inverse `A^{-1}`, a power of a scalar, or an
    /// entry written with indices (a scalar).
    mutating func matrixSymbol(_ e: Expr, _ r: inout MatrixReader, at t: Token) throws -> MatrixTerm {
        switch e {
        case .variable(let s, let idx) where idx.isEmpty:
            return r.symbol(s)
        case .variable(var s, let idx) where s.label == nil && s.name.first?.isUppercase == true && r.shape(of: s).0 == .matrix
                                             && idx.allSatisfy({ !$0.isNamed || $0.name?.count == 1 }):
            // W_1, W_{hh}: in matrix notation a subscript on a capital names the matrix, as a label written below
            // (on a small letter it picks a vector of a family: x_n).
            s.label = idx.map(\.description).joined()
            s.labelBelow = true
            return r.symbol(s)
        case .power(.variable(let s, let idx), let p) where idx.isEmpty:
            let base = r.symbol(s)
            if base.isMatrix, p == .minusOne {
                // A^{-1}: the inverse, a matrix of its own.
                let inverse = s.inverse
                r.shapes[inverse] = .matrix
                let i = r.fresh(), j = r.fresh()
                return MatrixTerm(entry: .variable(inverse, [i, j]), row: i, column: j)
            }
            return try matrixPower(base, p, &r, at: t, start: t)
        case .variable(let s, let idx) where idx.count == 1:
            // x_n: the n-th vector of a family (its entries x_{ni}) where x is used so, else an entry.
            if r.shape(of: s).0 == .matrix {
                let i = r.fresh()
                r.shapes[s.component] = .matrix
                return MatrixTerm(entry: .variable(s.component, idx + [i]), row: i, column: nil)
            }
            var t = MatrixTerm(entry: e, row: nil, column: nil)
            t.guessedFamily = s.component
            return t
        default:
            // An entry in index notation, or an expression the scalar grammar read whole (\delta_{ij}).
            return MatrixTerm(entry: e, row: nil, column: nil)
        }
    }

    /// `(...)`, `[...]`, `\left(...\right)`, `{...}`, `\|...\|`, `\lVert...\rVert`, `\langle u, v \rangle`.
    mutating func matrixBracket(_ r: inout MatrixReader) throws -> MatrixTerm? {
        let t = peek
        let isLeft = t.is(.command, "\\left")
        let open = isLeft ? peek(1) : t
        let pairs: [String: String] = ["(": ")", "[": "]", "{": "}", "\\|": "\\|", "\\lVert": "\\rVert", "\\Vert": "\\Vert", "\\langle": "\\rangle"]
        guard let close = pairs[open.text], open.kind == .symbol || open.kind == .command, !(open.text == "{" && isLeft) else { return nil }
        if isLeft { _ = advance() }
        _ = advance()
        let isNorm = ["\\|", "\\lVert", "\\Vert"].contains(open.text)
        if isNorm { r.norms += 1 }
        var inside = try matrixNotationSum(&r)
        if isNorm { r.norms -= 1 }
        if open.text == "\\langle" {
            try expect(",", "',' between the two sides of \\langle")
            let other = try matrixNotationSum(&r)
            inside = try r.inner(inside, other) { self.error($0, at: t) }
        }
        while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
        if isLeft { try expect("\\right", "\\right to close \\left\(open.text)") }
        try expect(close, "'\(close)' to close '\(open.text)'")
        guard ["\\|", "\\lVert", "\\Vert"].contains(open.text) else { return inside }
        // The norm's subscript (2, F) says which norm; a square after it is the squared norm.
        if peek.is(.symbol, "_") {
            _ = advance()
            _ = try parseGroupOrTokenText()
        }
        if peek.is(.symbol, "^"), peek(1).is(.number, "2") || (peek(1).is(.symbol, "{") && peek(2).is(.number, "2") && peek(3).is(.symbol, "}")) {
            for _ in 0..<(peek(1).is(.number, "2") ? 2 : 4) { _ = advance() }
            return try r.norm(inside, squared: true, error("the norm of a scalar: write |x| or x^2", at: t))
        }
        return try r.norm(inside, squared: false, error("the norm of a scalar: write |x| or x^2", at: t))
    }

    /// The text of a script: one token or a braced group (`_2`, `_F`, `_{\mathrm{F}}`).
    mutating func parseGroupOrTokenText() throws -> String {
        guard peek.is(.symbol, "{") else { return advance().text }
        let open = advance()
        var text = ""
        while !peek.is(.symbol, "}") {
            if peek.kind == .end { throw error("'{' is never closed", at: open) }
            text += advance().text
        }
        _ = advance()
        return text
    }

    /// A braced group, or one factor, in matrix notation.
    mutating func matrixGroup(_ r: inout MatrixReader, _ what: String) throws -> MatrixTerm {
        if peek.is(.symbol, "{") {
            _ = advance()
            if peek.is(.symbol, "}") { throw error("empty group: expected \(what)", at: peek) }
            let v = try matrixNotationSum(&r)
            try expect("}", "'}' to close \(what)")
            return v
        }
        return try matrixNotationFactor(&r)
    }

    /// The exponent of `e^{...}`: a group or one token.
    mutating func matrixScriptGroup(_ r: inout MatrixReader) throws -> MatrixTerm {
        if peek.is(.symbol, "{") { return try matrixGroup(&r, "the exponent") }
        let t = peek
        let e = try parseScriptExpression(after: t)
        return try matrixSymbol(e, &r, at: t)
    }
}

// MARK: - Derivatives by a vector or a matrix: \nabla_w L, \frac{\partial L}{\partial W}, \frac{\partial}{\partial w} (...)

extension Parser {
    /// The variable of a derivative as a term of its shape (a gradient has the variable's shape).
    mutating func matrixVariable(_ r: inout MatrixReader, at t: Token) throws -> MatrixTerm {
        let start = peek
        guard case .value(let e) = try parseFactor() else { throw error("a derivative must be taken with respect to a variable", at: start) }
        let term = try matrixSymbol(e, &r, at: t)
        // In matrix notation a letter differentiated by, and used nowhere else as a scalar, is a vector.
        if term.isScalar, term.guessedScalars.count == 1, let s = term.guessedScalars.first, MatrixReader.isLatinLetter(s) {
            throw MatrixReader.Reshape(symbol: s, shape: .vector, error: error("a derivative by a scalar", at: start))
        }
        guard case .variable = term.entry else { throw error("a derivative must be taken with respect to a variable", at: start) }
        return term
    }

    /// The derivative of a scalar `f` by the variable `x` (a term of its shape): the entries \partial f / \partial x_i.
    func matrixDerivative(_ f: MatrixTerm, by x: MatrixTerm, at t: Token) throws -> MatrixTerm {
        guard f.isScalar else { throw error("the derivative of a vector or matrix by a vector (a Jacobian) is not read yet", at: t) }
        return MatrixTerm(entry: .partial(f.entry, wrt: x.entry), row: x.row, column: x.column)
    }

    /// `\nabla_w L`, `\nabla_{\mathbf{w}} (...)`: the gradient, shaped like the variable.
    mutating func matrixNabla(_ r: inout MatrixReader) throws -> MatrixTerm {
        let t = advance()
        guard peek.is(.symbol, "_") else { throw error("\\nabla needs the variable as a subscript, as in \\nabla_{w}", at: peek) }
        _ = advance()
        let braced = peek.is(.symbol, "{")
        if braced { _ = advance() }
        let x = try matrixVariable(&r, at: t)
        if braced { try expect("}", "'}' to close the subscript of \\nabla") }
        return try matrixDerivative(try matrixNotationProduct(&r), by: x, at: t)
    }

    /// `\frac{\partial L}{\partial W}`, or the operator `\frac{\partial}{\partial w}` applied to the rest of the term.
    mutating func matrixPartial(_ r: inout MatrixReader) throws -> MatrixTerm {
        let t = advance()
        _ = advance()  // {
        _ = advance()  // \partial
        var of: MatrixTerm?
        if !peek.is(.symbol, "}") { of = try matrixNotationSum(&r) }
        try expect("}", "'}' to close the numerator")
        try expect("{", "'{' to open the denominator of the derivative")
        try expect("\\partial", "the denominator of a derivative must start with \\partial")
        let x = try matrixVariable(&r, at: t)
        try expect("}", "'}' to close the denominator")
        return try matrixDerivative(try of ?? matrixNotationProduct(&r), by: x, at: t)
    }
}
