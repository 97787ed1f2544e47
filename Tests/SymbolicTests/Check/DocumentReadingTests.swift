import Foundation
import Testing
import Symbolic

/// How a whole document is read: functions it only writes as calls, vectors it defines in matrix notation, the
/// sections its definitions hold in, and steps that swap an expression for a name nothing defines.
@Suite("Check: reading a document as a whole")
struct DocumentReadingTests {
    /// `(x)^2` and `{x_i}^2` are powers of a bracket; a bare `x^2^3` stays refused.
    @Test func aBracketTakesAPower() throws {
        let x = Expr.variable(Symbol("x"), [])
        #expect(try Parser.parse("(x)^2") == .pow(x, .int(2)))
        #expect(try Parser.parse("{x}^2") == .pow(x, .int(2)))
        #expect(throws: ParseError.self) { try Parser.parse("x^2^3") }
    }

    /// `\frac{\partial}{\partial a} - \log y` is the derivative of `-\log y`: an operator with nothing after it
    /// means nothing, so the minus belongs to its operand.
    @Test func anOperatorBeforeAMinus() throws {
        let e = try Parser.parse(#"\frac{\partial}{\partial a} - \log a"#)
        #expect(e == (try Parser.parse(#"\frac{\partial}{\partial a} (-\log a)"#)))
    }

    /// The quotient rule's reminder in g(x) and h(x): both are functions (drawn at random), so the right rule is
    /// valid and a wrong sign is found; with h also written bare (h times x), h is no function.
    @Test func lettersWrittenOnlyAsCallsAreFunctions() {
        let rule = #"\frac{\partial}{\partial x} \frac{g(x)}{h(x)} = \frac{\partial g(x)}{\partial x} \frac{1}{h(x)} SIGN \frac{g(x)}{h(x)^2} \frac{\partial h(x)}{\partial x}"#
        let right = Checker().check("$$" + rule.replacingOccurrences(of: "SIGN", with: "-") + "$$")
        #expect(right.steps.map(\.verdict) == [.valid])
        let wrong = Checker().check("$$" + rule.replacingOccurrences(of: "SIGN", with: "+") + "$$")
        #expect(wrong.steps.map(\.verdict) == [.invalid])
        // A layer h_2 beside h(x) is another object of the letter; a bare h makes h(x) perhaps a product: not judged.
        let layered = Checker().check("The layer $h_2$.\n$$" + rule.replacingOccurrences(of: "SIGN", with: "-") + "$$")
        #expect(layered.steps.map(\.verdict) == [.valid])
        let bare = Checker().check("The scalar $h$.\n$$" + rule.replacingOccurrences(of: "SIGN", with: "+") + "$$")
        #expect(bare.steps.map(\.verdict) == [.unverified])
        #expect(bare.steps.first?.reason?.contains("may be a product") == true)
    }

    static let network = #"""
    Einstein notation.
    $$\begin{aligned} t &= xW^{(1)} + b^{(1)} \\ h &= \sigma(t) \\ v &= hW^{(2)} + b^{(2)} \\ \hat{y} &= \text{softmax}(v) \\ J &= -y_i \log(\hat{y}_i) \end{aligned}$$
    $$\frac{\partial J}{\partial x_k} = \frac{\partial J}{\partial \hat{y}_a} \frac{\partial \hat{y}_a}{\partial v_b} \frac{\partial v_b}{\partial h_c} \frac{\partial h_c}{\partial t_d} \frac{\partial t_d}{\partial x_k}$$
    $$\frac{\partial t_d}{\partial x_k} = W_{kd}^{(1)}$$
    $$\frac{\partial v_b}{\partial h_c} = ROW$$
    $$\frac{\partial \hat{y}_a}{\partial v_b} = \hat{y}_a \delta_{ab} - \hat{y}_a \hat{y}_b$$
    """#

    /// A network defined in row-vector matrix notation (`t = xW^{(1)} + b^{(1)}`, the bias a vector because it is
    /// added to one, `\text{softmax}(v)`) is read entry by entry: the chain rule and each factor are judged, and a
    /// transposed weight is found.
    @Test func vectorsDefinedInMatrixNotation() {
        let right = Checker().check(DocumentReadingTests.network.replacingOccurrences(of: "ROW", with: "W_{cb}^{(2)}"))
        #expect(right.steps.map(\.verdict) == [.valid, .valid, .valid, .valid])
        let wrong = Checker().check(DocumentReadingTests.network.replacingOccurrences(of: "ROW", with: "W_{bc}^{(2)}"))
        #expect(wrong.steps.map(\.verdict) == [.valid, .valid, .invalid, .valid])
    }

    /// Part 2.c's \hat{y} = softmax(v) does not hold in part 2.b, before its heading; after it, in any section, it does.
    @Test func aDefinitionHoldsInItsSectionAndAfter() {
        let doc = """
        ## Part a
        $$\\frac{\\partial}{\\partial v_b} v_a^2 = 2 v_a \\delta_{ab}$$
        $$\\frac{\\partial}{\\partial v_b} \\hat{y}_a = \\hat{y}_a \\delta_{ab} - \\hat{y}_a \\hat{y}_b$$
        ## Part b
        $$\\hat{y} = \\text{softmax}(v)$$
        ## Part c
        $$\\frac{\\partial}{\\partial v_b} \\hat{y}_a = \\hat{y}_a \\delta_{ab} - \\hat{y}_a \\hat{y}_b$$
        """
        let r = Checker().check(doc)
        #expect(r.steps.map(\.line) == [2, 3, 7])
        #expect(r.steps.map(\.verdict) == [.valid, .unverified, .valid])
    }

    /// Putting a name nothing defines where an expression of the inputs stood is right only if the name means that
    /// expression: where the document differentiates the name by the input (so takes it for a function of it), such a
    /// step is not judged (drawn at random, \hat{y} would make a right step wrong); where it does not, it is.
    @Test func anUndefinedNameForAnExpressionIsNotJudged() {
        let steps = "\\frac{1}{\\hat{y}_i} \\frac{e^{\\theta_i} \\delta_{ik}}{e^{\\theta_m}} = \\frac{1}{\\hat{y}_i} \\hat{y}_i \\delta_{ik}$$"
        let r = Checker().check("$$\\frac{\\partial}{\\partial \\theta_k} \\log \\hat{y}_i = \\frac{1}{\\hat{y}_i} \\frac{\\partial \\hat{y}_i}{\\partial \\theta_k} = " + steps)
        #expect(r.steps.last?.verdict == .unverified)
        #expect(r.steps.last?.reason?.contains("may stand for the expression it replaces") == true)
        let plain = Checker().check("$$a \\hat{y}_i \\frac{e^{\\theta_i} \\delta_{ik}}{e^{\\theta_m}} = a \\hat{y}_i \\delta_{ik}$$")
        #expect(plain.steps.map(\.verdict) == [.invalid])
    }

    /// A column a slide builds up entry by entry, `[2 x_1 \\ 2 x_2 \\ \vdots]`: each entry shown against that entry of
    /// the line before; a wrong one is found, and entries after the dots or no dots at all are not guessed.
    @Test func aColumnShownInPart() {
        let doc = "$$\\frac{\\partial}{\\partial x_k} \\sum_i x_i^2 = 2 x_k = \\begin{bmatrix} 2 x_1 \\\\ SECOND \\\\ \\vdots \\end{bmatrix}$$"
        let right = Checker().check(doc.replacingOccurrences(of: "SECOND", with: "2 x_2"))
        #expect(right.steps.map(\.verdict) == [.valid, .valid])
        let wrong = Checker().check(doc.replacingOccurrences(of: "SECOND", with: "3 x_2"))
        #expect(wrong.steps.map(\.verdict) == [.valid, .invalid])
        #expect(wrong.steps.last?.reason == "entry 2 is not entry 2 of line 1")
    }

    /// The basis vector written plain, `e_\ell`, beside a vector read at its entry; `\mathbf{e}(\ell)` too.
    @Test func aBasisVectorWrittenPlain() {
        let doc = "$$\\nabla_{x} \\sum_i c_i x_i = \\begin{bmatrix} c_1 \\\\ \\vdots \\\\ c_K \\end{bmatrix} = c$$\n"
            + "$$\\nabla_{x} x_\\ell = \\begin{bmatrix} \\mathbb{1}_{\\ell=1} \\\\ \\vdots \\\\ \\mathbb{1}_{\\ell=K} \\end{bmatrix} = e_\\ell = \\mathbf{e}(\\ell)$$"
        let r = Checker().check(doc)
        #expect(r.steps.suffix(3).map(\.verdict) == [.valid, .valid, .valid])
        let wrong = Checker().check(doc.replacingOccurrences(of: "= e_\\ell", with: "= 2 e_\\ell"))
        #expect(wrong.steps.map(\.verdict).contains(.invalid))
    }
}
