import Foundation
import SymbolicCore
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems

/// Checks written derivations step by step with the same numeric judge that validates `derive`'s own.
///
/// Each new expression of a chain `A = B = C` is compared with the expression before it (after a
/// wrong step, with the last one not found wrong, so one mistake is reported once). A step is
/// `invalid` only with a counterexample over symbols whose meaning is known (defined, or inputs of
/// what is defined); otherwise it is `unverified`, with the reason.
///
/// ```swift
/// let report = Checker(problem: try Catalog.entry(named: "softmax-ce")?.problem()).check(documentText)
/// report.firstInvalid?.line
/// ```
public struct Checker: Sendable {
    public var problem: Problem?
    public var definitions: [Definition]
    public var assumptions: [Assumption]
    /// Implicit summation: `nil` decides from the document (it says it uses Einstein notation).
    public var einstein: Bool?
    public var seed: UInt64
    public var tolerance: Tolerance
    /// Work allowed for one comparison (node evaluations).
    public var evaluationBudget: Int
    /// Points and size configurations each step is judged at (sizes 2 to 7, every one-hot class position at each).
    public var points: Int
    public var sizeConfigurations: Int
    /// Names of the user's functions (`--function softmax`): read as functions before an argument in brackets,
    /// and drawn at random by the judge where nothing defines them.
    public var functions: Set<String> = []

    public init(problem: Problem? = nil, definitions: [Definition] = [], assumptions: [Assumption] = [], einstein: Bool? = nil,
                seed: UInt64 = 2026, tolerance: Tolerance = .default, evaluationBudget: Int = 10_000_000, points: Int = 24,
                sizeConfigurations: Int = 6) {
        self.points = points
        self.sizeConfigurations = sizeConfigurations
        self.problem = problem
        self.definitions = definitions
        self.assumptions = assumptions
        self.einstein = einstein
        self.seed = seed
        self.tolerance = tolerance
        self.evaluationBudget = evaluationBudget
    }

    /// An expression as read, or why it could not be read.
    enum Reading {
        case expr(Expr)
        /// A vector written whole, read componentwise: a line after it may be one component.
        case vector(Expr)
        case unreadable(String)
        /// A column shown in part, its first entries then dots (a slide built up entry by entry): those entries.
        case entries([Expr])
        /// Terms with incompatible free indices (`\hat{y}_q - y_k`): an index mistake.
        case indexError(String)

        var expr: Expr? {
            switch self {
            case .expr(let e), .vector(let e): return e
            default: return nil
            }
        }
        var isVector: Bool { if case .vector = self { return true } else { return false } }
    }

    /// What the reader needs to know about the document.
    struct Scope {
        var einstein: Bool
        /// Symbols used with indices somewhere, and how many: written bare, they stand for the whole vector
        /// (one index) or matrix (two).
        var ranks: [Symbol: Int]
        var indexed: Set<Symbol> { Set(ranks.keys) }
        /// Names read as functions before an argument in brackets: the usual ones and those the document defines.
        var functions = Checker.functionNames
        /// Functions the document defines (`s(x) = \frac{1}{1 + e^{-x}}`, `CE(\mathbf{y}, \hat{\mathbf{y}}) = ...`): the call at
        /// its own arguments and a bare `s` are the defined symbol; of one variable, `s(u)` is the body at u and
        /// `s(1 - s)`, an argument holding s itself, is a product.
        var functionValues: [String: (parameters: [Expr], body: Expr)] = [:]
        /// Indices the document holds fixed: free on the right of a scalar's equation (`J = -u_o \cdot v_c + ...`, the
        /// outside word o and the centre word c). Terms that differ only in them are not an index mistake.
        var fixedIndices = Set<Index>()
        /// Names the document gives the softmax (`\hat{y} = \text{softmax}(v) = \psi(v)`): `\psi(v_a)` is its entry a.
        var softmaxAliases = Set<String>()
        /// Whether the document writes matrix notation as the Matrix Cookbook does (`\nabla_w L = X^T (X w - y)`): then
        /// every line is read so first, with the shapes its definitions give (`matrixShapes`).
        var cookbook = false
        var matrixShapes: [Symbol: MatrixShape] = [:]
        /// The shapes matrix notation is read with: those the definitions gave, else those the indices show.
        var knownShapes: [Symbol: MatrixShape] {
            var shapes = matrixShapes
            for (s, r) in ranks where shapes[s.component] == nil { if let shape = MatrixShape(rawValue: r) { shapes[s.component] = shape } }
            return shapes
        }
        init(einstein: Bool, ranks: [Symbol: Int]) {
            self.einstein = einstein
            self.ranks = ranks
        }
        init(einstein: Bool, indexed: Set<Symbol>) {
            self.init(einstein: einstein, ranks: Dictionary(uniqueKeysWithValues: indexed.map { ($0, 1) }))
        }
    }

    /// Checks every chain of a document: the document repaired where escapes were eaten, its context read
    /// (`DocumentContext`), each chain judged line by line (`ChainJudge`), and the report.
    public func check(_ input: String) -> CheckReport {
        // A notebook is checked by its markdown cells, on the file's lines.
        let repair = Repair.repair(Notebook.markdown(in: input) ?? input)
        let text = repair.text
        let chains = Extraction.chains(in: text)
        var steps: [StepVerdict] = []
        var final: StepVerdict?
        var finalLength = 0
        var notes: [String] = []
        var einstein = false
        // A document of several parts is read part by part: a part's context is what the document says up to its
        // end, so a definition holds in its own part and after it, and a later part may define a name anew
        // (part (a)'s scalar \hat{y} = \sigma(w), part (b)'s \hat{y}_k = softmax).
        for part in DocumentContext.parts(of: text) {
            // A chain belongs to the part it ends in (it may run on past a heading).
            let known = chains.filter { ($0.items.last?.line ?? 0) <= part.upperBound }
            let document = DocumentContext(self, text: DocumentContext.lines(of: text, through: part.upperBound), chains: known)
            einstein = einstein || document.scope.einstein
            for n in document.notes where !notes.contains(n) { notes.append(n) }
            for (m, whole) in known.enumerated() where part.contains(whole.items.last?.line ?? 0) && !document.definitionChains.contains(m) {
                var chain = whole
                if document.namingChains.contains(m) { chain.items.removeFirst() }
                guard chain.items.count >= 2 else { continue }
                var judge = ChainJudge(self, document, chain, finalLength: finalLength)
                judge.run()
                steps += judge.steps
                if let f = judge.final { final = f }
                finalLength = judge.finalLength
            }
        }
        return CheckReport(steps: steps, final: final, repaired: repair.repaired, repairNotes: repair.notes, einstein: einstein,
                           definitions: notes, problems: Extraction.problems(in: text))
    }
}
