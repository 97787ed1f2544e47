import Foundation
import SymbolicCore
import SymbolicFunctions

/// Reads expressions as people write them: the notation of notes and slides that the parser does not read
/// as it stands (a name with a text label, `CE` in letters, a lost underscore, the softmax as a call) put in
/// the parser's, each by one named rewrite, before parsing.
///
/// ```swift
/// Normalization.normalize(#"\boxed{\frac{\partial L_{\text{CE}}}{\partial x_j} = \hat{y}_j - y_j}"#)
/// // "{\frac{\partial \mathrm{L}}{\partial x_j} = \hat{y}_j - y_j}"
/// ```
public enum Normalization {
    /// (pattern, replacement) applied in order, each after a comment that says what it reads.
    static let rewrites: [(String, String)] = [
        // \boxed{X} is presentation only; a leading \Rightarrow or \implies says "so", not what follows.
        (#"\\boxed"#, ""),
        (#"^\s*\\(?:Rightarrow|implies|therefore)\s*"#, ""),
        // A loss labelled cross-entropy, L_{\text{CE}}, \mathcal{L}_{CCE}, \ell_{\mathrm{CE}}, and the name CCE: the loss CE,
        // which the checker reads as the cross-entropy where the document does not define it.
        (#"(?:\\mathcal\{[A-Za-z]\}|\\ell|(?<![\\A-Za-z])[LJE])_\{(?:\\(?:text|mathrm)\{C?CE\}|C?CE)\}"#, #"\\mathrm{CE}"#),
        (#"(?<![\\A-Za-z{])CCE(?![A-Za-z])"#, "CE"),
        (#"\\(?:mathit|text|textrm|operatorname|mathrm)\{CCE\}"#, #"\\mathrm{CE}"#),
        // A name with another text label: L_{\text{MSE}}, \mathcal{L}_{\text{NLL}} is the loss L.
        (#"(\\mathcal\{[A-Za-z]+\}|\\math(?:it|rm)\{[A-Za-z]+\}|(?<![\\A-Za-z])[A-Z]{1,3})_\{\\(?:text|mathrm)\{[A-Za-z]+\}\}"#, "$1"),
        // \mathit{CE}, \text{CE} and \mathrm{CE} are one name.
        (#"\\(?:mathit|text|textrm|operatorname)\{([A-Z][A-Za-z]*)\}"#, #"\\mathrm{$1}"#),
        // CE written as letters is the name CE, not C times E.
        (#"(?<![\\A-Za-z{])([A-Z]{2,})(?![A-Za-z])"#, #"\\mathrm{$1}"#),
        // A loss written with its arguments: CE(\mathbf{y}, \hat{\mathbf{y}}), \mathcal{L}(\theta).
        (#"(\\mathrm\{[A-Za-z]+\}|\\mathcal\{[A-Za-z]+\})\s*\(\s*(?:\\[A-Za-z]+\{?)*[A-Za-z\\{}\s,^()]*?\)"#, "$1"),
        // \mathbf{e}(\ell): the basis vector e_\ell written as a function of its index.
        (#"\\mathbf\{e\}\s*\(\s*(\\ell|[a-z])\s*\)"#, #"\\mathbf{e}_{$1}"#),
        // An entry of a transpose in index notation, W_{bc}^{(2)T}, W^T_{bc}, W_{bc}^T: the entry (c, b) of W.
        (#"([A-Za-z])_\{([a-z])\s*([a-z])\}\^\{\(([A-Za-z0-9]+)\)\s*(?:T|\\top)\}"#, #"$1^{($4)}_{$3$2}"#),
        (#"([A-Za-z])_\{([a-z])\s*([a-z])\}\^\{?\s*(?:T|\\top)\s*\}?(?![A-Za-z])"#, #"$1_{$3$2}"#),
        (#"([A-Za-z])\^\{?\s*(?:T|\\top)\s*\}?_\{([a-z])\s*([a-z])\}"#, #"$1_{$3$2}"#),
        // h_\theta(x), f_{\mathbf{w}}(x): the parameters in a function's subscript are its own business; the call is h(x).
        (#"(?<![\\A-Za-z])([A-Za-z])_(?:\\theta|\{\\theta\}|\{\\mathbf\{[a-z]\}\})\s*(?=\(|\\left\()"#, #"$1"#),
        // y_{i\neq j}: the entry i, at an i other than j (the condition the checker takes from the subscript).
        (#"(?<!\\sum)(?<!\\prod)_\{\s*([a-z])\s*\\neq?\s*[a-z]\s*\}"#, #"_{$1}"#),
        // \big]c: an entry whose underscore was lost after a sized bracket (the Einstein homework's [(\hat{y} - y)W^T]c).
        (#"(\\[bB]igg?r?\])([a-z])(?![A-Za-z])"#, #"$1_$2"#),
        // \delta ik: the underscore was lost.
        (#"\\delta\s+([a-z])([a-z])(?![A-Za-z])"#, #"\\delta_{$1$2}"#),
        // 1\{i=j\} is the indicator.
        (#"(?<![0-9.])1\s*\\\{"#, #"\\mathbb{1}\\{"#),
        // log and exp typed without their backslash.
        (#"(?<![\\A-Za-z])(log|exp|ln)(?=\s*[\(\\{])"#, #"\\$1"#),
        // \sigma(z_{1:K}, k), the softmax of z at k (the logistic-regression homework); z_{i,1:K} for sample i.
        (#"\\sigma\s*\(\s*([a-z]|\\[A-Za-z]+)_\{\s*([a-z])\s*,\s*1\s*:\s*[A-Za-z]\s*\}\s*,\s*([a-z]'*)\s*\)"#,
         #"\\frac{e^{$1_{$2$3}}}{\\sum_{q'} e^{$1_{$2q'}}}"#),
        (#"\\sigma\s*\(\s*([a-z]|\\[A-Za-z]+)_\{\s*1\s*:\s*[A-Za-z]\s*\}\s*,\s*([a-z]'*|\\ell)\s*\)"#, #"\\frac{e^{$1_{$2}}}{\\sum_{q'} e^{$1_{q'}}}"#),
        // \sigma(a_{L,1:K}, j): the same of a layer's logits.
        (#"\\sigma\s*\(\s*([a-z])_\{([A-Z])\s*,\s*1\s*:\s*[A-Za-z]\s*\}\s*,\s*([a-z]'*|\\ell)\s*\)"#,
         #"\\frac{e^{$1^{($2)}_{$3}}}{\\sum_{q'} e^{$1^{($2)}_{q'}}}"#),
        // A function of a whole vector, then a component: \exp(\mathbf{a}_L)_\ell is \exp(a_{L\ell}) (the backpropagation slides).
        (#"\\(?:text|mathrm|operatorname)\{softmax\}\s*\(\s*\\mathbf\{([a-z])\}_([A-Z])\s*\)_(\\ell|[a-z]|\{[^}]*\})"#,
         #"\\frac{\\exp($1_{$2$3})}{\\sum_{q'} \\exp($1_{$2q'})}"#),
        // The softmax of a vector, then an entry: \text{softmax}(z)_i, \operatorname{softmax}(\mathbf{z})_j, softmax(\theta)_k.
        (#"(?:\\(?:text|mathrm|operatorname)\{softmax\}|(?<![\\A-Za-z])softmax)\s*\(\s*(?:\\(?:mathbf|boldsymbol|bm)\{\s*)?([A-Za-z]|\\[a-z]+)\s*\}?\s*\)_(\\ell|[a-z]|\{[a-z]'*\})"#,
         #"\\frac{\\exp($1_{$2})}{\\sum_{q'} \\exp($1_{q'})}"#),
        (#"\\exp\s*\(\s*\\mathbf\{([a-z])\}_([A-Z])\s*\)_\{([^}]*)\}"#, #"\\exp($1_{$2$3})"#),
        (#"\\exp\s*\(\s*\\mathbf\{([a-z])\}_([A-Z])\s*\)_(\\ell|[a-z])"#, #"\\exp($1_{$2$3})"#),
        // a_{Li}, a_{L,i}, a_{L\ell}: a capital first subscript is a layer label, not an index (the backpropagation slides).
        // Only inside braces: c_K y_K is c_K times y_K.
        (#"([a-z])_\{([A-Z])\s*,?\s*(\\ell|[a-z]'*|[0-9]+|\{[a-z]'*\})\}"#, #"$1^{($2)}_{$3}"#),
        // a_{L,K}: the last entry of a written-out vector; with the comma only, as W_{KL} may be a matrix entry.
        (#"([a-z])_\{([A-Z])\s*,\s*([A-Z])\}"#, #"$1^{($2)}_{$3}"#),
        (#"\\mathbf\{([a-z])\}_([A-Z])(?![A-Za-z{])"#, #"\\mathbf{$1}^{($2)}"#),
    ]

    /// The rewrites compiled once: the checker normalises every expression of a document.
    static let compiled: [(NSRegularExpression, String)] = rewrites.compactMap { pattern, template in
        (try? NSRegularExpression(pattern: pattern)).map { ($0, template) }
    }

    /// `\psi(v_a)` where the document names the softmax `\psi`: the softmax's entry a.
    public static func softmaxEntries(_ latex: String, named f: String) -> String {
        let name = NSRegularExpression.escapedPattern(for: f)
        let pattern = name + #"\s*\(\s*([A-Za-z])_(\\ell|[a-z]|\{[a-z]'*\})\s*\)"#
        guard let re = try? NSRegularExpression(pattern: pattern) else { return latex }
        return re.stringByReplacingMatches(in: latex, range: NSRange(latex.startIndex..., in: latex),
                                           withTemplate: #"\\frac{\\exp($1_{$2})}{\\sum_{q'} \\exp($1_{q'})}"#)
    }

    /// The expression in the parser's notation.
    public static func normalize(_ latex: String) -> String {
        var s = PresentationCommands.strip(latex)
        for (re, template) in compiled {
            s = re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
        }
        s = dropUnderbraces(s)
        return s
    }

    /// `\underbrace{X}_{note}` reads as `X`.
    static func dropUnderbraces(_ s: String) -> String {
        var chars = Array(s)
        let key = Array("\\underbrace")
        var i = 0
        while i + key.count <= chars.count {
            guard Array(chars[i..<(i + key.count)]) == key else { i += 1; continue }
            chars.removeSubrange(i..<(i + key.count))
            // Skip the group, then remove a following _{...}.
            var j = i
            while j < chars.count, chars[j].isWhitespace { j += 1 }
            guard j < chars.count, chars[j] == "{", let end = matching(chars, j) else { continue }
            var k = end + 1
            while k < chars.count, chars[k].isWhitespace { k += 1 }
            if k < chars.count, chars[k] == "_" {
                var g = k + 1
                while g < chars.count, chars[g].isWhitespace { g += 1 }
                if g < chars.count, chars[g] == "{", let e2 = matching(chars, g) { chars.removeSubrange(k...e2) }
            }
            i = end
        }
        return String(chars)
    }

    static func matching(_ chars: [Character], _ open: Int) -> Int? {
        var depth = 0
        var i = open
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "{" { depth += 1 }
            if chars[i] == "}" { depth -= 1; if depth == 0 { return i } }
            i += 1
        }
        return nil
    }
}
