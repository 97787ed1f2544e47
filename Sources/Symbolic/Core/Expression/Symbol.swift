/// A named quantity with its decorations: `y`, `\hat{y}`, `\theta`, `\mathbf{x}`, `W^{(1)}`.
///
/// Two symbols are the same quantity when name, accent and label agree; boldness marks the
/// whole vector (`\mathbf{y}`) as opposed to its components `y_i`.
///
/// ```swift
/// Symbol("y", accent: .hat)      // \hat{y}
/// Symbol("W", label: "1")        // W^{(1)}
/// Symbol("a", label: "L", labelBelow: true)   // a_L, and a_{L,i} with an index (the backpropagation slides)
/// ```
public struct Symbol: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Accent: String, Hashable, Sendable, Comparable {
        case none, hat, tilde, bar
        public static func < (a: Accent, b: Accent) -> Bool { a.rank < b.rank }
        var rank: Int { switch self { case .none: 0; case .hat: 1; case .tilde: 2; case .bar: 3 } }
    }

    /// The LaTeX name without backslash decorations: `y`, `\theta`, `CE`, `\mathcal{L}`.
    public var name: String
    public var accent: Accent
    public var bold: Bool
    /// A superscript label such as the `1` of `W^{(1)}`.
    public var label: String?
    /// Whether the label is written below, before the indices: the backpropagation slides's last layer `a_{L,i}`. Presentation
    /// only: `a_{L,i}` and `a^{(L)}_i` are the same quantity.
    public var labelBelow: Bool

    public init(_ name: String, accent: Accent = .none, bold: Bool = false, label: String? = nil, labelBelow: Bool = false) {
        self.name = name
        self.accent = accent
        self.bold = bold
        self.label = label
        self.labelBelow = labelBelow && label != nil
    }

    public static func == (a: Symbol, b: Symbol) -> Bool {
        a.name == b.name && a.accent == b.accent && a.bold == b.bold && a.label == b.label
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(accent)
        h.combine(bold)
        h.combine(label)
    }

    /// The symbol without bold, used for the components of a vector.
    public var component: Symbol { var s = self; s.bold = false; return s }
    public var vector: Symbol { var s = self; s.bold = true; return s }

    /// What a symbol computed from a square matrix stands for (see `matrixFunction`).
    public enum MatrixFunction: Hashable, Sendable {
        /// `X^{-1}`, an entry of it with indices: the label `-1`.
        case inverse
        /// `\det X`, a number: the label `det`.
        case determinant
    }

    /// The inverse `X^{-1}` of the matrix this symbol names.
    ///
    /// ```swift
    /// Symbol("C").inverse            // C^{-1}, whose entries are .variable(C^{-1}, [i, j])
    /// Symbol("X").determinant        // \det(X), a number
    /// Symbol("C").inverse.matrixFunction?.of  // C
    /// ```
    public var inverse: Symbol { var s = component; s.label = "-1"; s.labelBelow = false; return s }
    /// The determinant `\det X` of the matrix this symbol names.
    public var determinant: Symbol { var s = component; s.label = "det"; s.labelBelow = false; return s }

    /// The matrix this symbol is the inverse or the determinant of, and which: derivatives by `X` reach
    /// `X^{-1}` and `\det X`, and the judge computes them from `X`'s entries.
    public var matrixFunction: (kind: MatrixFunction, of: Symbol)? {
        guard let l = label, !labelBelow, !bold else { return nil }
        var base = self
        base.label = nil
        switch l {
        case "-1": return (.inverse, base)
        case "det": return (.determinant, base)
        default: return nil
        }
    }

    /// An identifier for code: `\theta` -> `theta`, `\hat{y}` -> `yhat`, `W^{(1)}` -> `W1`.
    public var identifier: String {
        var base = name
        for prefix in ["\\mathcal{", "\\mathrm{", "\\mathit{", "\\operatorname{"] where base.hasPrefix(prefix) {
            base = String(base.dropFirst(prefix.count).dropLast())
        }
        base = base.filter { $0 != "\\" }
        var id = base.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        switch accent {
        case .none: break
        case .hat: id += "hat"
        case .tilde: id += "tilde"
        case .bar: id += "bar"
        }
        // t-1 and t+1 must not both become t1.
        if let label { id += label.map { $0 == "-" ? "m" : $0 == "+" ? "p" : String($0) }.joined().filter { $0.isLetter || $0.isNumber } }
        if id.isEmpty || id.first?.isNumber == true { id = "v" + id }
        return id
    }

    public static func < (a: Symbol, b: Symbol) -> Bool {
        if a.name != b.name { return a.name.lowercased() == b.name.lowercased() ? a.name < b.name : a.name.lowercased() < b.name.lowercased() }
        if a.accent != b.accent { return a.accent < b.accent }
        if a.label != b.label { return (a.label ?? "") < (b.label ?? "") }
        return !a.bold && b.bold
    }

    public var description: String {
        // Name first, so that sorting by description keeps y next to \hat{y} (y before \hat{y}).
        var s = name
        if accent != .none { s += "~" + accent.rawValue }
        if bold { s += "~bold" }
        if let label { s += "^(\(label))" }
        return s
    }
}
