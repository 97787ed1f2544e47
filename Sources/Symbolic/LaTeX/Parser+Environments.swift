import SymbolicCore
import SymbolicFunctions

// MARK: - Environments: cases, and vectors and matrices that show their pattern

extension Parser {
    /// The name of an environment after `\begin` or `\end`: `{cases}`.
    mutating func environmentName() throws -> (String, Token) {
        let open = peek
        guard open.is(.symbol, "{") else { throw error("expected '{' and an environment name", at: open) }
        _ = advance()
        var name = ""
        while peek.kind == .letter || peek.is(.symbol, "*") { name += advance().text }
        try expect("}", "'}' to close the environment name")
        return (name, open)
    }

    /// `\begin{cases} v & i = k \\ w & \text{otherwise} \end{cases}`. Conditions compare two indices
    /// (`=`, `\neq`); a last row whose condition is the opposite of an earlier one reads as `otherwise`.
    mutating func parseCases(_ begin: Token) throws -> Expr {
        let (env, at) = try environmentName()
        if ["bmatrix", "pmatrix", "Bmatrix", "vmatrix"].contains(env) { return try parseColumn(begin, env) }
        guard env == "cases" else { throw error("only the cases environment can stand inside an expression", at: at) }
        var rows: [(Expr, IndexCondition?)] = []
        while true {
            if peek.kind == .end { throw error("unexpected end of input: \\begin{cases} is never closed", at: begin) }
            let value = try parseAdditive()
            if peek.is(.symbol, ",") { _ = advance() }  // "\hat{y}_k - 1, & i = k"
            try expect("&", "'&' between a value and its condition")
            rows.append((value, try parseCondition()))
            if peek.is(.command, "\\\\") { _ = advance(); if peek.is(.command, "\\end") { break }; continue }
            break
        }
        guard peek.is(.command, "\\end") else { throw error("expected \\\\ or \\end{cases}", at: peek) }
        _ = advance()
        let (close, closeAt) = try environmentName()
        guard close == "cases" else { throw error("\\begin{cases} is closed by \\end{\(close)}", at: closeAt) }
        guard let last = rows.last else { throw error("empty cases", at: begin) }
        var pieces: [Expr.Piece] = []
        for (v, c) in rows.dropLast() {
            guard let c else { throw error("only the last row of cases may say otherwise", at: begin) }
            pieces.append(Expr.Piece(v, if: c))
        }
        if let c = last.1 {
            let opposite = pieces.contains { $0.condition.isEqual != c.isEqual && Set([$0.condition.lhs, $0.condition.rhs]) == Set([c.lhs, c.rhs]) }
            guard opposite else { throw error("a cases expression needs an 'otherwise' row", at: begin) }
        }
        return .cases(pieces, otherwise: last.0)
    }

    /// A vector or a matrix whose entries follow a pattern. A column `r_1 \\ r_2 \\ \vdots \\ r_k` (or with
    /// a trailing `\vdots`) is the vector with generic row `r_i`. A matrix with rows and columns `1, 2, \dots, k`
    /// is the array with generic entry from its `(1, 2)` entry, or `cases` with the diagonal when the
    /// diagonal differs (the Jacobian of the softmax). An unclear pattern is refused.
    mutating func parseColumn(_ begin: Token, _ env: String) throws -> Expr {
        // Cells by row; nil for \dots, \vdots, \ddots.
        var rows: [[Expr?]] = [[]]
        var sawAmpersand = false
        let placeholders = ["\\dots", "\\cdots", "\\ldots", "\\vdots", "\\ddots"]
        while true {
            if peek.kind == .end { throw error("unexpected end of input: \\begin{\(env)} is never closed", at: begin) }
            if peek.is(.command, "\\end") { break }
            if peek.kind == .command, placeholders.contains(peek.text) {
                _ = advance()
                rows[rows.count - 1].append(nil)
            } else {
                rows[rows.count - 1].append(try parseAdditive())
            }
            if peek.is(.symbol, "&") { _ = advance(); sawAmpersand = true; continue }
            if peek.is(.command, "\\\\") { _ = advance(); rows.append([]); continue }
            guard peek.is(.command, "\\end") else { throw error("expected &, \\\\ or \\end{\(env)}", at: peek) }
        }
        _ = advance()
        let (close, closeAt) = try environmentName()
        guard close == env else { throw error("\\begin{\(env)} is closed by \\end{\(close)}", at: closeAt) }
        if rows.last?.isEmpty == true { rows.removeLast() }
        let unclear = error("a vector or matrix whose entries do not show their pattern (write the first ones, dots, and the last)", at: begin)
        return try sawAmpersand ? matrixPattern(rows, unclear) : columnPattern(rows.map { $0.first ?? nil }, unclear)
    }

    /// `[x_1, x_2, x_3, \dots, x_k]`: a vector listed by its entries, read as a column with those rows would be.
    mutating func bracketList(_ first: Expr, open: Token) throws -> Expr {
        var entries: [Expr?] = [first]
        while peek.is(.symbol, ",") {
            _ = advance()
            if ellipsisAhead() != nil { entries.append(nil) } else { entries.append(try parseAdditive()) }
        }
        try expect("]", "']' to close '['")
        return try columnPattern(entries, error("a vector listed by entries that do not show their pattern (write the first ones, dots, and the last)", at: open))
    }

    /// The generic row of a column whose rows are `r_1, r_2, ..., \vdots, r_k`.
    func columnPattern(_ rows: [Expr?], _ unclear: ParseError) throws -> Expr {
        var written = rows.compactMap { $0 }
        guard written.count >= 2, rows.contains(where: { $0 == nil }), var first = written.first, let last = written.last else { throw unclear }
        // Scanned notes put I or l for the 1 of the first row (\hat{y}_I - y_I above \hat{y}_2 - y_2).
        if first.replacingIndex(.value(1), with: .named("#row")) == first {
            for letter in ["I", "l"] where first.replacingIndex(.named(letter), with: .value(1)) != first {
                first = first.replacingIndex(.named(letter), with: .value(1))
                written[0] = first
                break
            }
        }
        let marker = Index.named("#row")
        let generic = first.replacingIndex(.value(1), with: marker)
        guard generic != first else { throw unclear }
        for (n, r) in written.dropLast().enumerated() where !r.replacingIndex(.value(n + 1), with: marker).isAlphaEquivalent(to: generic) { throw unclear }
        // The last row is the generic one at some index (k): the pattern holds to the end.
        guard last.freeIndices.contains(where: { last.replacingIndex($0, with: marker).isAlphaEquivalent(to: generic) }) else { throw unclear }
        let taken = generic.allIndexNames.union(last.allIndexNames)
        let i = Expr.freshIndexName(like: ["i", "j", "m", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
        return .array([.named(i)], generic.replacingIndex(marker, with: .named(i)))
    }

    /// The generic entry of a matrix whose rows and columns run `1, 2, \dots, k`.
    func matrixPattern(_ rows: [[Expr?]], _ unclear: ParseError) throws -> Expr {
        // Positions of the written rows and columns: 1, 2, ... before the dots, the last index after them.
        func positions(_ flags: [Bool]) -> [Int?] {
            // flags: true for a written line, false for a line of dots; nil position for dots, -1 for "the last".
            var out: [Int?] = []
            var n = 0
            var afterDots = false
            for f in flags {
                if !f { afterDots = true; out.append(nil); continue }
                if afterDots { out.append(-1) } else { n += 1; out.append(n) }
            }
            return out
        }
        let width = rows.map(\.count).max() ?? 0
        guard rows.count >= 3, width >= 3, rows.allSatisfy({ $0.count == width }) else { throw unclear }
        let rowPos = positions(rows.map { $0.contains { $0 != nil } && !$0.allSatisfy { $0 == nil } && $0.filter { $0 == nil }.count < width - 1 })
        let colPos = positions((0..<width).map { c in rows.contains { $0[c] != nil } && rows.filter { $0[c] == nil }.count < rows.count - 1 })
        guard rowPos.contains(1), rowPos.contains(2), colPos.contains(1), colPos.contains(2) else { throw unclear }
        guard let r1 = rowPos.firstIndex(of: 1), let r2 = rowPos.firstIndex(of: 2), let c1 = colPos.firstIndex(of: 1), let c2 = colPos.firstIndex(of: 2),
              let diagonal = rows[r1][c1], let offDiagonal = rows[r1][c2] else { throw unclear }
        let mi = Index.named("#row"), mj = Index.named("#column")
        let d = diagonal.replacingIndex(.value(1), with: mi)
        let o = offDiagonal.replacingIndex(.value(1), with: mi).replacingIndex(.value(2), with: mj)
        guard d != diagonal, o != offDiagonal else { throw unclear }
        _ = r2
        // The last position is one named index, the same for rows and columns.
        var last: Index?
        func matches(_ e: Expr, _ r: Index, _ c: Index) -> Bool {
            let expected = r == c ? d.replacingIndex(mi, with: r) : o.replacingIndex(mi, with: r).replacingIndex(mj, with: c)
            return e.isAlphaEquivalent(to: expected)
        }
        for (ri, row) in rows.enumerated() {
            for (ci, cell) in row.enumerated() {
                guard let cell, let rp = rowPos[ri], let cp = colPos[ci] else { continue }
                if rp == -1 || cp == -1, last == nil {
                    // Find the name that stands for the last position.
                    let candidates = cell.freeIndices.filter { $0.isNamed }
                    last = candidates.first { k in matches(cell, rp == -1 ? k : .value(rp), cp == -1 ? k : .value(cp)) }
                    guard last != nil else { throw unclear }
                }
                let r: Index = rp == -1 ? (last ?? .value(0)) : .value(rp)
                let c: Index = cp == -1 ? (last ?? .value(0)) : .value(cp)
                guard matches(cell, r, c) else { throw unclear }
            }
        }
        let taken = d.allIndexNames.union(o.allIndexNames).union(last?.name.map { [$0] } ?? [])
        let i = Expr.freshIndexName(like: ["i", "a", "r"].first { !taken.contains($0) } ?? "r", avoiding: taken)
        let j = Expr.freshIndexName(like: ["j", "b", "c"].first { !taken.contains($0) && $0 != i } ?? "c", avoiding: taken.union([i]))
        let generic = o.replacingIndex(mi, with: .named(i)).replacingIndex(mj, with: .named(j))
        let diagonalGeneric = d.replacingIndex(mi, with: .named(i))
        if generic.substituting([j: .named(i)]).isAlphaEquivalent(to: diagonalGeneric) { return .array([.named(i), .named(j)], generic) }
        return .array([.named(i), .named(j)], .cases([Expr.Piece(diagonalGeneric, if: IndexCondition(.named(i), .named(j)))], otherwise: generic))
    }

    /// `i = k`, `i \neq k`, `\text{if } i = k`, `\forall i \neq j`; `nil` for `\text{otherwise}`.
    mutating func parseCondition() throws -> IndexCondition? {
        while peek.is(.command, "\\forall") || peek.is(.symbol, ",") { _ = advance() }
        if peek.is(.command, "\\text") || peek.is(.command, "\\mathrm") {
            let save = pos
            _ = advance()
            if peek.is(.symbol, "{") {
                _ = advance()
                var word = ""
                while peek.kind == .letter { word += advance().text }
                if peek.is(.symbol, "}") {
                    _ = advance()
                    if word == "otherwise" || word == "else" { return nil }
                    if word == "if" { return try parseCondition() }
                }
            }
            pos = save
        }
        let a = try parseIndexToken()
        let rel = peek
        let equal: Bool
        if rel.is(.symbol, "=") { equal = true } else if rel.is(.command, "\\neq") || rel.is(.command, "\\ne") { equal = false } else {
            throw error("expected '=' or \\neq in the condition", at: rel)
        }
        _ = advance()
        let b = try parseIndexToken()
        return IndexCondition(a, b, isEqual: equal)
    }
}
