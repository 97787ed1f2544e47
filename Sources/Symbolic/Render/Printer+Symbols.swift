import SymbolicCore
import SymbolicFunctions

// MARK: - Symbols and indices

extension Printer {

    func symbol(_ s: Symbol) -> String {
        latex ? latexSymbol(s) : unicodeSymbol(s)
    }

    func latexSymbol(_ s: Symbol) -> String {
        if let (kind, base) = s.matrixFunction, kind == .determinant { return "\\det(" + latexSymbol(base) + ")" }
        var base = s.name
        if s.bold { base = s.name.hasPrefix("\\") && !s.name.hasPrefix("\\math") ? "\\boldsymbol{\(base)}" : "\\mathbf{\(base)}" }
        switch s.accent {
        case .none: break
        case .hat: base = "\\hat{\(base)}"
        case .tilde: base = "\\tilde{\(base)}"
        case .bar: base = "\\bar{\(base)}"
        }
        // A label -1 is the inverse matrix, C^{-1}; any other a layer, W^{(1)} or, below, a_L.
        if let l = s.label { base += s.labelBelow ? (l.count == 1 ? "_\(l)" : "_{\(l)}") : l.hasPrefix("-") ? "^{\(l)}" : "^{(\(l))}" }
        return base
    }

    static let greekUnicode: [String: String] = [
        "\\alpha": "α", "\\beta": "β", "\\gamma": "γ", "\\delta": "δ", "\\epsilon": "ε", "\\varepsilon": "ε", "\\zeta": "ζ",
        "\\eta": "η", "\\theta": "θ", "\\vartheta": "ϑ", "\\iota": "ι", "\\kappa": "κ", "\\lambda": "λ", "\\mu": "μ", "\\nu": "ν",
        "\\xi": "ξ", "\\pi": "π", "\\rho": "ρ", "\\sigma": "σ", "\\tau": "τ", "\\upsilon": "υ", "\\phi": "φ", "\\varphi": "φ",
        "\\chi": "χ", "\\psi": "ψ", "\\omega": "ω", "\\Gamma": "Γ", "\\Delta": "Δ", "\\Theta": "Θ", "\\Lambda": "Λ",
        "\\Xi": "Ξ", "\\Pi": "Π", "\\Sigma": "Σ", "\\Upsilon": "Υ", "\\Phi": "Φ", "\\Psi": "Ψ", "\\Omega": "Ω", "\\ell": "ℓ",
    ]

    func unicodeSymbol(_ s: Symbol) -> String {
        if let (kind, base) = s.matrixFunction, kind == .determinant { return "det(" + unicodeSymbol(base) + ")" }
        var base = Printer.greekUnicode[s.name] ?? s.name
        if base.hasPrefix("\\"), let open = base.firstIndex(of: "{"), base.hasSuffix("}") {
            base = String(base[base.index(after: open)..<base.index(before: base.endIndex)])
        }
        if s.bold {
            base = String(base.unicodeScalars.map { c -> Character in
                let v = c.value
                if (0x61...0x7A).contains(v), let b = Unicode.Scalar(0x1D41A + v - 0x61) { return Character(b) }
                if (0x41...0x5A).contains(v), let b = Unicode.Scalar(0x1D400 + v - 0x41) { return Character(b) }
                return Character(c)
            })
        }
        switch s.accent {
        case .none: break
        case .hat: base += "\u{0302}"
        case .tilde: base += "\u{0303}"
        case .bar: base += "\u{0304}"
        }
        if let l = s.label, s.labelBelow {
            base += l.count == 1 ? "_" + l : "_{" + l + "}"
        } else if let l = s.label, l.contains(where: \.isLetter), l.contains(where: { $0 == "-" || $0 == "+" }) {
            // h^(t-1): half-raised letters beside raised digits would read as t times a power.
            base += "^(" + l + ")"
        } else if let l = s.label {
            let small = l.map { $0 == "-" ? "⁻" : (Printer.superscripts[$0] ?? $0) }.map(String.init).joined()
            base += l.hasPrefix("-") ? small : "⁽" + small + "⁾"
        }
        return base
    }

    static let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]

    /// An index as printed: `k`, `\ell` (`ℓ` in text), `2`.
    public func indexText(_ i: Index) -> String {
        switch i {
        case .value(let v): return "\(v)"
        case .named(let n): return latex ? n : (Printer.greekUnicode[n] ?? n)
        }
    }

    /// A symbol with subscripts; a label written below comes first, in the same group: `a_{L,i}`, `z_{1:K}`.
    func subscripted(_ s: Symbol, _ subscripts: [String]) -> String {
        guard s.labelBelow, let l = s.label else { return symbol(s) + "_{" + subscripts.joined(separator: ",") + "}" }
        var plain = s
        plain.label = nil
        return symbol(plain) + "_{" + ([l] + subscripts).joined(separator: ",") + "}"
    }

    func subscriptText(_ idx: [Index]) -> String {
        guard !idx.isEmpty else { return "" }
        let texts = idx.map(indexText)
        let compact = idx.allSatisfy { i in i.name.map { $0.count == 1 } ?? false }
        if texts.count == 1, texts[0].count == 1 { return "_" + texts[0] }
        if compact { return latex ? "_{" + texts.joined() + "}" : "_" + texts.joined() }
        return "_{" + texts.joined(separator: latex ? "," : ",") + "}"
    }
}
