import Foundation
import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicFunctions
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

// MARK: - The headings of sections: what each part of a derivation is

extension DerivationLayout {
    /// What a section is, in a few words before it; `nil` for a derivation in one chain. With `displays`, an index form
    /// too long for a line of prose is a display of its own (prose cannot break inside `\left( ... \right)`).
    func heading(_ section: Section, position: Int, of d: Derivation, displays: Bool = false) -> String? {
        func math(_ e: Expr) -> String { latexText ? "$" + printer.print(e) + "$" : text.print(e) }
        // A loss typed in matrix notation: what it is in indices, where the derivation starts.
        if position == 0, let m = d.problem.matrix, d.problem.loss.contains(where: { if case .variable(_, let idx) = $0 { return !idx.isEmpty }; return false }) {
            let written = m.written.trimmingCharacters(in: .whitespacesAndNewlines)
            if displays, latexText, LaTeXWidth.of(printer.print(d.problem.loss)) > DerivationLayout.lineWidth / 2 {
                return "In index notation, $" + written + "$ is\n\\[ " + printer.print(d.problem.loss) + " \\]"
            }
            return "In index notation, " + (latexText ? "$" + written + "$" : written) + " is " + math(d.problem.loss) + ":"
        }
        guard d.sections.count > 1 else { return nil }
        switch section.kind {
        case .lemma:
            let after = position > 0 && d.sections[position - 1].kind == .lemma
            // A result that gets a name (the adjoint \bar{t}_c of backpropagation) says so.
            if let lhs = section.lhs, let name = section.definitions.first(where: { $0.body == lhs }) {
                return (after ? "Next, " : "First, ") + math(.variable(name.symbol, name.indices)) + " = " + math(lhs) + ":"
            }
            return (after ? "Next, " : "First, ") + (section.lhs.map(math) ?? "") + ":"
        case .main:
            // Another variable of the same problem (solve --all): by which.
            if let lhs = section.lhs, d.sections[..<position].contains(where: { ($0.kind == .main || $0.kind == .combination) && $0.lhs != nil && $0.lhs != lhs }),
               case .derivative(_, let x) = lhs {
                return "By " + math(x) + ":"
            }
            let lemmas = d.sections[..<position].filter { $0.kind == .lemma }.count
            if lemmas == 0, d.sections[..<position].contains(where: { $0.kind == .example }) { return "In general:" }
            let cases = d.sections[..<position].contains { $0.kind == .term }
            if lemmas > 0 { return lemmas == 1 && !cases ? "Using it:" : "Using them:" }
            if position == 0 { return nil }
            if d.sections[position - 1].kind == .term { return "With both cases:" }
            // After the whole vector: one of its entries.
            if d.sections[position - 1].kind == .display, case .derivative(_, let x)? = section.lhs, x.freeIndices.count == 1,
               let i = x.freeIndices.first {
                return "Its entry " + (latexText ? "$\(printer.indexText(i))$" : printer.indexText(i)) + ":"
            }
            return "Then:"
        case .example:
            let after = position > 0 && d.sections[position - 1].kind == .example
            return (after ? "And " : "For example, ") + (section.lhs.map(math) ?? "") + ":"
        case .term:
            guard let c = section.condition else { return "The term:" }
            let rel = c.isEqual ? "=" : (latexText ? "\\neq" : "≠")
            let cond = "\(printer.indexText(c.lhs)) \(rel) \(printer.indexText(c.rhs))"
            return "For " + (latexText ? "$\(cond)$" : cond) + ":"
        case .combination: return "Putting the terms back:"
        case .display: return "Written out:"
        case .matrix:
            if section.steps.count == 1, let note = section.steps.first?.note {
                // The reason is Unicode text: in LaTeX it stands in a comment line.
                return latexText ? "In index notation, as there is no matrix form:\n% " + note : "In index notation (" + note + "):"
            }
            // A loss typed in matrix notation: say the layout, as matrix-calculus texts differ in it.
            let layout = d.problem.matrix != nil ? " (the gradient shaped like the variable: denominator layout)" : ""
            return "In matrix notation, with " + (notation.convention == .row ? "row" : "column") + " vectors" + layout + ":"
        case .assumption:
            // y_i = \delta_{ik}: k is the true class.
            if section.definitions.count == 1, let d = section.definitions.first, d.indices.count == 1,
               case .delta(let a, let b) = d.body, let i = d.indices.first, a == i || b == i {
                let k = a == i ? b : a
                let show = { (s: String) in self.latexText ? "$" + s + "$" : s }
                return "If " + show(printer.indexText(k)) + " is the true class, " + show(printer.print(.variable(d.symbol, d.indices)) + " = " + printer.print(d.body)) + ":"
            }
            let defs = section.definitions.map { math(.variable($0.symbol, $0.indices)) + " = " + math($0.body) }
            return "With " + defs.joined(separator: ", ") + ":"
        }
    }
}
