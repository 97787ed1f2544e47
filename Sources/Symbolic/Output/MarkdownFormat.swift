import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicRender

/// Markdown with math that renders unchanged on GitHub, in Jupyter and with KaTeX: the problem stated in inline
/// `$...$`, each section an `aligned` display in `$$` blocks (split where `--explain` puts its sentences, since
/// `\intertext` is not web math), the check as the last paragraph. Only commands KaTeX supports are written, the
/// indicator as `\mathbf{1}` (`\mathbb{1}` has no glyph there): output with any other is refused, never written.
///
/// ```swift
/// try MarkdownFormat().write(derivation, report: report, notation: .latex)   // "Here $\\mathrm{CE} = ...$ ...\n\n$$\n\\begin{aligned}..."
/// ```
public struct MarkdownFormat: OutputFormat {
    public init() {}
    public let name = "markdown"
    public let summary = "Markdown with $$ math for GitHub, Jupyter and KaTeX"

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        var n = notation
        n.target = .latex
        n.indicatorCommand = WebMath.indicator
        let out = DerivationLayout(notation: n).markdown(d, report: report)
        if let bad = WebMath.unsupported(in: out).first {
            throw OutputError("the Markdown would use \(bad), which KaTeX does not render; use --format latex")
        }
        return out
    }
}

/// The math of web pages (KaTeX, and MathJax on GitHub and in Jupyter): the commands derive may write there.
public enum WebMath {
    /// The indicator in a command KaTeX renders.
    public static let indicator = "\\mathbf{1}"

    /// Every command derive writes in web math, each one KaTeX supports (its documentation's list of functions).
    public static let supported: Set<String> = [
        "\\frac", "\\dfrac", "\\partial", "\\sum", "\\prod", "\\hat", "\\widehat", "\\bar", "\\tilde", "\\left", "\\right",
        "\\big", "\\Big", "\\bigl", "\\bigr", "\\text", "\\mathrm", "\\mathbf", "\\mathcal", "\\boldsymbol", "\\operatorname",
        "\\delta", "\\ell", "\\log", "\\ln", "\\exp", "\\tanh", "\\sqrt", "\\det", "\\dots", "\\ldots", "\\cdots", "\\vdots",
        "\\ddots", "\\setminus", "\\in", "\\neq", "\\leq", "\\geq", "\\nabla", "\\boxed", "\\otimes", "\\odot", "\\circ",
        "\\cdot", "\\times", "\\top", "\\intercal", "\\begin", "\\end", "\\quad", "\\qquad", "\\prime", "\\infty", "\\lVert",
        "\\rVert", "\\langle", "\\rangle", "\\mid",
        "\\alpha", "\\beta", "\\gamma", "\\epsilon", "\\varepsilon", "\\eta", "\\theta", "\\vartheta", "\\kappa", "\\lambda",
        "\\mu", "\\nu", "\\xi", "\\pi", "\\rho", "\\sigma", "\\tau", "\\phi", "\\varphi", "\\chi", "\\psi", "\\omega",
        "\\Gamma", "\\Delta", "\\Theta", "\\Lambda", "\\Xi", "\\Pi", "\\Sigma", "\\Phi", "\\Psi", "\\Omega", "\\zeta", "\\iota",
    ]

    /// The environments derive writes in web math, each one KaTeX supports.
    public static let environments: Set<String> = ["aligned", "bmatrix", "pmatrix", "cases", "matrix"]

    /// The commands and environments of `text` that are not in the lists, in the order they first appear.
    public static func unsupported(in text: String) -> [String] {
        var out: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "\\", i + 1 < chars.count else { i += 1; continue }
            var j = i + 1
            while j < chars.count, chars[j].isLetter { j += 1 }
            // \\, \{, \, and the like are symbols, not commands.
            guard j > i + 1 else { i += 2; continue }
            let command = String(chars[i..<j])
            if !supported.contains(command), !out.contains(command) { out.append(command) }
            if command == "\\begin" || command == "\\end", j < chars.count, chars[j] == "{",
               let close = chars[j...].firstIndex(of: "}") {
                let env = String(chars[(j + 1)..<close])
                if !environments.contains(env), !out.contains("{\(env)}") { out.append("{\(env)}") }
            }
            i = j
        }
        return out
    }
}
