import Foundation
import SymbolicCore
import SymbolicFunctions

// MARK: - Matrix notation: (\hat{y} - y) W^{(2)T} \circ \sigma'(t) W^{(1)T}

extension Parser {
    /// A value of matrix notation: a scalar, a vector, a matrix symbol (or its transpose), or a vector
    /// written transposed (`\mathbf{x}^{T}`, for an outer product).
    enum MatrixValue {
        case scalar(Expr)
        case vector(MatrixExpr)
        case transposedVector(MatrixExpr)
        case matrix(MatrixExpr)
    }

    /// Reads matrix notation into a `MatrixExpr`, knowing which symbols are vectors (rank 1) and which are
    /// matrices (rank 2); a bold symbol is a vector. Products read left to right, as the Einstein-notation homework writes them;
    /// vectors are rows or columns by `convention`.
    ///
    /// ```swift
    /// try Parser.parseMatrix(#"(\hat{y} - y) W^{(2)T}"#, ranks: [Symbol("y"): 1, ...], convention: .row)
    /// ```
    public static func parseMatrix(_ source: String, ranks: [Symbol: Int], convention: MatrixConvention) throws -> MatrixExpr {
        // Transposes become a token of their own: W^{(2)T} -> W^{(2)}\transposed, x^T -> x\transposed, C^{-T} -> C^{-1}\transposed.
        var text = source
        for (pattern, template) in [(#"\^\{\(([A-Za-z0-9]+)\)\s*(?:T|\\top|\\intercal)\}"#, #"^{($1)}\\transposed "#),
                                    (#"\^\{-\s*(?:T|\\top)\}"#, #"^{-1}\\transposed "#),
                                    (#"\^\{?\s*(?:T|\\top|\\intercal)\s*\}?(?![A-Za-z])"#, #"\\transposed "#)] {
            text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        var p = Parser(source: text, tokens: try Lexer(text).tokens(), options: ParseOptions(checksIndices: false))
        if p.peek.kind == .end { throw p.error("empty input: expected an expression", at: p.peek) }
        let value: MatrixValue
        do {
            value = try p.matrixSum(ranks, convention)
            try p.expectEnd()
        } catch var e as ParseError {
            // The token is ours, not the user's: say what they wrote.
            e.message = e.message.replacingOccurrences(of: "unknown command \\transposed", with: "a transpose (^T) where it is not read")
                .replacingOccurrences(of: "\\transposed", with: "^T")
            throw e
        }
        switch value {
        case .vector(let m), .matrix(let m): return m
        case .scalar: throw ParseError("a scalar, not a vector or matrix", at: 0, length: max(1, source.count), in: source)
        default: throw ParseError("a matrix or a transposed vector standing alone", at: 0, length: max(1, source.count), in: source)
        }
    }

    mutating func matrixSum(_ ranks: [Symbol: Int], _ c: MatrixConvention) throws -> MatrixValue {
        try enter()
        defer { leave() }
        var coefficients: [Rational] = []
        var terms: [MatrixExpr] = []
        var scalars: [Expr] = []
        var negative = false
        if peek.is(.symbol, "-") { negative = true; _ = advance() } else if peek.is(.symbol, "+") { _ = advance() }
        while true {
            let start = peek
            switch try matrixTerm(ranks, c) {
            case .vector(let m), .matrix(let m): coefficients.append(negative ? .minusOne : .one); terms.append(m)
            case .scalar(let e): scalars.append(negative ? .neg(e) : e)
            default: throw error("only vectors and scalars can be added", at: start)
            }
            if peek.is(.symbol, "+") { negative = false; _ = advance() } else if peek.is(.symbol, "-") { negative = true; _ = advance() } else { break }
        }
        if terms.isEmpty { return .scalar(.plus(scalars)) }
        // A symbol of no known rank added to vectors is one (the bias b^{(1)} of x W^{(1)} + b^{(1)}); a number or
        // a known scalar added to a vector is a mistake.
        if terms.allSatisfy({ $0.rank == 1 }) {
            scalars = scalars.filter { s in
                var sign = Rational.one
                var bare = s
                if case .multiply(let fs) = s, fs.count == 2, fs[0] == .minusOne { sign = .minusOne; bare = fs[1] }
                guard case .variable(let v, let idx) = bare, idx.isEmpty, ranks[v.component] == nil else { return true }
                coefficients.append(sign)
                terms.append(.vector(v.component))
                return false
            }
        }
        guard scalars.isEmpty else { throw error("a scalar added to a vector", at: peek) }
        let sum = terms.count == 1 && coefficients[0] == .one ? terms[0] : .combination(coefficients, terms)
        return sum.rank == 2 ? .matrix(sum) : .vector(sum)
    }

    mutating func matrixTerm(_ ranks: [Symbol: Int], _ c: MatrixConvention) throws -> MatrixValue {
        var value = try matrixFactor(ranks, c)
        while true {
            let at = peek
            if peek.is(.command, "\\circ") || peek.is(.command, "\\odot") {
                _ = advance()
                guard case .vector(let a) = value, case .vector(let b) = try matrixFactor(ranks, c) else { throw error("\\circ takes two vectors", at: at) }
                if case .hadamard(let ms) = a { value = .vector(.hadamard(ms + [b])) } else { value = .vector(.hadamard([a, b])) }
            } else if peek.is(.command, "\\otimes") {
                _ = advance()
                guard case .vector(let a) = value, case .vector(let b) = try matrixFactor(ranks, c) else { throw error("\\otimes takes two vectors", at: at) }
                value = .vector(.outer(a, b))
            } else if peek.is(.command, "\\cdot") || peek.is(.command, "\\times") || startsFactor(peek) {
                if peek.is(.command, "\\cdot") || peek.is(.command, "\\times") { _ = advance() }
                value = try matrixProduct(value, try matrixFactor(ranks, c), c, at: at)
            } else {
                return value
            }
        }
    }

    /// Two values side by side: a scalar scales; a vector and a matrix multiply (row: v M, column: M v);
    /// a transposed vector and a vector make an outer product (row: u^T v, column: u v^T).
    func matrixProduct(_ a: MatrixValue, _ b: MatrixValue, _ c: MatrixConvention, at t: Token) throws -> MatrixValue {
        switch (a, b, c) {
        case (.scalar(let x), .scalar(let y), _): return .scalar(.mul([x, y]))
        case (.scalar(let x), .vector(let v), _), (.vector(let v), .scalar(let x), _): return .vector(.scaled(x, v))
        case (.vector(let v), .matrix(let m), .row):
            // (v M)_j = \sum_i M_{ij} v_i: M applied transposed.
            return .vector(.apply(m.transposed, v))
        case (.matrix(let m), .vector(let v), .column):
            return .vector(.apply(m, v))
        case (.matrix(let a), .matrix(let b), _):
            return .matrix(.product(a, b))
        case (.scalar(let x), .matrix(let m), _), (.matrix(let m), .scalar(let x), _):
            return .matrix(.scaled(x, m))
        case (.transposedVector(let u), .vector(let v), .row), (.vector(let u), .transposedVector(let v), .column):
            return .vector(.outer(u, v))
        default:
            throw error("these do not multiply in matrix notation with \(c.rawValue) vectors", at: t)
        }
    }

    mutating func matrixFactor(_ ranks: [Symbol: Int], _ c: MatrixConvention) throws -> MatrixValue {
        try enter()
        defer { leave() }
        var value: MatrixValue
        while peek.kind == .command, Parser.sizing.contains(peek.text) { _ = advance() }
        if peek.is(.symbol, "(") || peek.is(.symbol, "[") || (peek.is(.command, "\\left") && ["(", "["].contains(peek(1).text)) {
            let isLeft = peek.is(.command, "\\left")
            if isLeft { _ = advance() }
            let open = advance()
            let close = open.text == "(" ? ")" : "]"
            value = try matrixSum(ranks, c)
            if isLeft { try expect("\\right", "\\right to close \\left\(open.text)") }
            try expect(close, "'\(close)' to close '\(open.text)'")
        } else if let length = softmaxWord() {
            // \text{softmax}(v): a vector of a vector, not entry by entry.
            for _ in 0..<length { _ = advance() }
            guard case .vector(let v) = try matrixFactor(ranks, c) else { throw error("softmax takes a vector", at: peek) }
            value = .vector(.softmax(v))
        } else {
            let start = peek
            guard case .value(let e) = try parseFactor() else { throw error("a derivative operator in matrix notation", at: start) }
            value = try Parser.matrixValue(e, ranks) ?? { throw error("not a vector, a matrix or a scalar", at: start) }()
        }
        while peek.is(.command, "\\transposed") {
            let t = advance()
            switch value {
            case .matrix(let m): value = .matrix(m.transposed)
            case .vector(let v): value = .transposedVector(v)
            case .transposedVector(let v): value = .vector(v)
            case .scalar: throw error("a scalar has no transpose", at: t)
            }
        }
        return value
    }

    /// The number of tokens of `\text{softmax}`, `\operatorname{softmax}`, `\mathrm{softmax}` or a bare `softmax` at
    /// the cursor, or nil.
    func softmaxWord() -> Int? {
        if ["\\text", "\\operatorname", "\\mathrm", "\\textrm"].contains(peek.text), peek.kind == .command, peek(1).is(.symbol, "{") {
            var k = 2
            var word = ""
            while peek(k).kind == .letter, k < 12 { word += peek(k).text; k += 1 }
            return word == "softmax" && peek(k).is(.symbol, "}") ? k + 1 : nil
        }
        var word = ""
        var k = 0
        while peek(k).kind == .letter, k < 8 { word += peek(k).text; k += 1 }
        return word == "softmax" ? k : nil
    }

    /// A parsed primary as a matrix-notation value: a vector, a matrix, a function of a vector, or a scalar.
    static func matrixValue(_ e: Expr, _ ranks: [Symbol: Int]) throws -> MatrixValue? {
        switch e {
        case .variable(let s, let idx) where idx.isEmpty:
            // A matrix may be written in capitals (X for the data x_{nd}).
            var named = s.component
            if ranks[named] == nil, named.name.count == 1, let lower = Optional(named.name.lowercased()), lower != named.name {
                var l = named
                l.name = lower
                if ranks[l] == 2 { named = l }
            }
            let rank = ranks[named] ?? (s.bold ? 1 : 0)
            if rank == 2 { return .matrix(.matrix(named)) }
            if rank == 1 { return .vector(.vector(s.component)) }
            return .scalar(e)
        case .power(.variable(let s, let idx), let p) where idx.isEmpty && p == .minusOne:
            // C^{-1}: the inverse of a matrix, a symbol of its own.
            let inverse = s.inverse
            if ranks[inverse] == 2 { return .matrix(.matrix(inverse)) }
            return ranks[s.component] == nil ? .scalar(e) : nil
        case .apply(let f, let args) where args.count == 1:
            guard let inner = try matrixValue(args[0], ranks) else { return nil }
            if case .vector(let v) = inner { return .vector(.map(f, v)) }
            if case .scalar = inner { return .scalar(e) }
            return nil
        default:
            // Numbers and expressions of scalars.
            let vectors = e.symbols.filter { (ranks[$0.component] ?? ($0.bold ? 1 : 0)) > 0 }
            return vectors.isEmpty && e.freeIndices.isEmpty ? .scalar(e) : nil
        }
    }
}
