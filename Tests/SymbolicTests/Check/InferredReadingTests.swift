import Foundation
import Testing
import Symbolic

/// What a reader infers where a document does not say it: a name defined by the step that substitutes it, labels
/// left off for a section, a renamed variable, `\Sigma` for the sum, a softmax given another name, steps left out.
/// Each reading makes right steps judged, leaves wrong ones found, and never turns a guess into a false alarm.
@Suite("Check: readings inferred from the document")
struct InferredReadingTests {
    static func verdicts(_ doc: String) -> [StepVerdict.Kind] { Checker().check(doc).steps.map(\.verdict) }

    /// Nothing defines \hat{y}, but a step puts the softmax for it: that is its definition from then on (the step
    /// itself is not judged), so the quotient rule after it is judged, and a dropped factor is found.
    @Test func aSubstitutionDefinesTheName() {
        let doc = #"""
        $$\frac{\partial L}{\partial \theta_k} = -\frac{1}{\hat{y}_\ell} \frac{\partial \hat{y}_\ell}{\partial \theta_k}
        = -\frac{1}{\hat{y}_\ell} \frac{\partial}{\partial \theta_k} \frac{e^{\theta_\ell}}{\sum_m e^{\theta_m}}
        = -\frac{1}{\hat{y}_\ell} \left( \hat{y}_\ell \delta_{\ell k} - \hat{y}_\ell \hat{y}_k \right) = LAST$$
        """#
        let right = Checker().check(doc.replacingOccurrences(of: "LAST", with: #"\hat{y}_k - \delta_{\ell k}"#))
        #expect(right.steps.map(\.verdict) == [.unverified, .unverified, .valid, .valid])
        #expect(right.steps[1].reason?.contains("read as its definition") == true)
        #expect(right.definitions.contains { $0.contains("read from the step") })
        let wrong = Checker().check(doc.replacingOccurrences(of: "LAST", with: #"\hat{y}_k - 1"#))
        #expect(wrong.steps.last?.verdict == .invalid)
    }

    /// An expression of a function the document does not define (\psi, drawn at random) defines nothing by a
    /// substitution: the step after it would be called wrong against a random function.
    /// derive's own derivation of a layer in matrix notation without its statement ("Here ..."), checked with no flags:
    /// the steps that put `\sigma(z_i)` for `h_i` and `W x + b` for `z` say the definitions, one through the other.
    @Test func namesDefinedThroughEachOther() throws {
        let p = try Problem.parse(loss: #"\frac{1}{2}\|h - y\|^2"#, wrt: "W", lets: [#"h = \sigma(z)"#, #"z = W x + b"#])
        let d = try Derivation.derive(p)
        let latex = DerivationLayout(notation: Style.standard.notation(for: p)).latex(d, report: nil)
        let r = Checker().check(latex.range(of: "\\begin{align*}").map { String(latex[$0.lowerBound...]) } ?? latex)
        #expect(!r.steps.contains { $0.verdict == .invalid }, "\(r.steps.filter { $0.verdict == .invalid }.map { "\($0.line): \($0.latex)" })")
        #expect(r.steps.filter { $0.verdict == .valid }.count >= 8)
    }

    @Test func noDefinitionByAnUndefinedFunction() {
        let doc = #"""
        $$J = -\sum_i y_i \log \hat{y}_i$$
        $$\frac{\partial \hat{y}_a}{\partial v_b} = \frac{\partial}{\partial v_b} \psi(v_a) = \hat{y}_a \delta_{ab} - \hat{y}_a \hat{y}_b$$
        """#
        #expect(!Checker().check(doc).definitions.contains { $0.contains("read from the step") })
    }

    /// `$\hat{y} = \text{softmax}(v) = \psi(v)$` names the softmax \psi: `\psi(v_a)` is its entry a, and the Jacobian is
    /// judged (a wrong sign found). `\text{softmax}(z)_i` is the entry i.
    @Test func theSoftmaxUnderAnotherName() {
        let doc = #"""
        Let $\hat{y} = \text{softmax}(v) = \psi(v)$.
        $$\frac{\partial \hat{y}_a}{\partial v_b} = \frac{\partial}{\partial v_b} \psi(v_a) = \hat{y}_a \delta_{ab} SIGN \hat{y}_a \hat{y}_b$$
        """#
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "SIGN", with: "-")) == [.valid, .valid])
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "SIGN", with: "+")) == [.valid, .invalid])
        let entry = "$$p_i = \\operatorname{softmax}(\\mathbf{z})_i$$\n$$\\frac{\\partial p_i}{\\partial z_j} = p_i \\delta_{ij} - p_i p_j$$"
        #expect(InferredReadingTests.verdicts(entry) == [.valid])
    }

    static let network = #"""
    In Einstein notation, $t_d = x_k W^{(1)}_{kd} + b^{(1)}_d$, $h_c = \sigma(t_c)$, $v_b = h_i W^{(2)}_{ib} + b^{(2)}_b$.
    ## With respect to $W^{(2)}$
    I drop the superscripts here.
    $$\frac{\partial v_b}{\partial W_{cd}} = \frac{\partial}{\partial W_{cd}} \left( h_i W_{ib} + b_b \right) = LAST$$
    """#

    /// A section that drops the layer's label (`W_{cd}`, `b_b` for `W^{(2)}`, `b^{(2)}`) is judged with the labels the
    /// document uses: right, it is valid and says which label; wrong, it is not valid under any.
    @Test func labelsLeftOffForASection() {
        let right = Checker().check(InferredReadingTests.network.replacingOccurrences(of: "LAST", with: #"h_c \delta_{bd}"#))
        #expect(right.steps.map(\.verdict) == [.valid, .valid])
        #expect(right.steps[0].reason?.contains("W as W^{(2)}") == true)
        let wrong = Checker().check(InferredReadingTests.network.replacingOccurrences(of: "LAST", with: #"h_d \delta_{bc}"#))
        #expect(wrong.steps.map(\.verdict)[1] != .valid)
    }

    /// \hat{y} is defined over x; the lines differentiate by u, which nothing uses: u is read as x (valid, and said);
    /// a wrong line is not called right by the renaming.
    @Test func aRenamedVariable() {
        let doc = #"""
        $$\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$$
        $$\frac{\partial \hat{y}_1}{\partial u_1} = RESULT$$
        """#
        let right = Checker().check(doc.replacingOccurrences(of: "RESULT", with: #"\hat{y}_1 (1 - \hat{y}_1)"#))
        #expect(right.steps.map(\.verdict) == [.valid])
        #expect(right.steps[0].reason?.contains("u as x") == true)
        let wrong = Checker().check(doc.replacingOccurrences(of: "RESULT", with: #"\hat{y}_1 (1 + \hat{y}_1)"#))
        #expect(wrong.steps.map(\.verdict) == [.unverified])
    }

    /// `\Sigma` brought in for the one sum of the line before is that sum; a slip in the same line is not called right.
    @Test func sigmaForTheSum() {
        let doc = #"""
        $$\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$$
        $$\frac{\partial \hat{y}_1}{\partial x_1} = \frac{e^{x_1} (e^{x_1} + e^{x_2} + \dots + e^{x_k}) - e^{x_1} e^{x_1}}{(e^{x_1} + e^{x_2} + \dots + e^{x_k})^2} = \frac{e^{x_1} (\Sigma - SHOWN)}{\Sigma \times \Sigma}$$
        """#
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "SHOWN", with: "e^{x_1}")) == [.valid, .valid])
        let wrong = InferredReadingTests.verdicts(doc.replacingOccurrences(of: "SHOWN", with: "e^{x_2}"))
        #expect(wrong.last != .valid)
    }

    /// `&\dots \rightarrow X`: steps left out, and X must still equal the line before; a line that brings in a name
    /// nothing defines (`u_i`) is passed over, the next judged against the last line without it.
    @Test func stepsLeftOutAndShorthand() {
        let skipped = #"$$\begin{aligned} f &= (a + b)^2 \\ &\dots \rightarrow RESULT \end{aligned}$$"#
        #expect(InferredReadingTests.verdicts(skipped.replacingOccurrences(of: "RESULT", with: "a^2 + 2ab + b^2")) == [.valid])
        #expect(InferredReadingTests.verdicts(skipped.replacingOccurrences(of: "RESULT", with: "a^2 + b^2")) == [.invalid])
        let shorthand = #"""
        $$\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$$
        $$\frac{\partial}{\partial x_j} \sum_i y_i \log \hat{y}_i = \sum_i y_i (\delta_{ij} - \hat{y}_j) = \sum_i u_i (\delta_{ij} - \hat{y}_i) = NEXT$$
        """#
        let right = Checker().check(shorthand.replacingOccurrences(of: "NEXT", with: #"y_j - \hat{y}_j \sum_i y_i"#))
        #expect(right.steps.map(\.verdict) == [.valid, .unverified, .valid])
        #expect(right.steps[2].reason?.contains("equals line") == true)
        let wrong = Checker().check(shorthand.replacingOccurrences(of: "NEXT", with: #"y_j + \hat{y}_j \sum_i y_i"#))
        #expect(wrong.steps.map(\.verdict) == [.valid, .unverified, .unverified])
    }

    /// `[x_1, x_2, x_3, \dots, x_k]` is the vector of those entries; listed without a pattern, it is refused.
    @Test func aVectorListedByItsEntries() throws {
        let e = try Parser.parse(#"[x_1, x_2, x_3, \dots, x_k]"#)
        #expect(e == .array([.named("i")], .variable(Symbol("x"), [.named("i")])))
        #expect(throws: ParseError.self) { try Parser.parse(#"[x_1, y_2, \dots, x_k]"#) }
        let doc = "$$L = -\\sum_i y_i \\log \\hat{y}_i$$\n$$\\hat{y}_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$$\n$$x_j = [x_1, x_2, \\dots, x_k]$$\n$$\\hat{y}_i = [y_1, y_2, \\dots, y_k]$$"
        #expect(InferredReadingTests.verdicts(doc) == [.valid, .invalid])
    }

    /// `[hW + b]_b` inside index notation: the entry of the matrix notation in brackets, so the derivative is judged
    /// (a transposed result found); in a document that lost every `\f`, `h_irac{` is `h_i \frac{` too.
    @Test func anEntryOfMatrixNotationInBrackets() {
        let doc = #"""
        In Einstein notation, $v_b = h_i W_{ib} + b_b$.
        $$rac{\partial v_b}{\partial W_{cd}} = rac{\partial}{\partial W_{cd}}\bigl[hW+b\bigr]_b = h_irac{\partial W_{ib}}{\partial W_{cd}} = RESULT$$
        """#
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "RESULT", with: #"h_c \delta_{bd}"#)) == [.valid, .valid, .valid])
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "RESULT", with: #"h_d \delta_{bc}"#)) == [.valid, .valid, .invalid])
        // A product with a transpose in brackets, and `\big]c` whose underscore was lost.
        let transposed = "In Einstein notation, $v_b = h_i W_{ib}$.\n$$FIRST = \\bigl[(\\hat{y} - y)W^T\\bigr]_c = \\big[(\\hat{y} - y)W^T\\big]c$$"
        #expect(InferredReadingTests.verdicts(transposed.replacingOccurrences(of: "FIRST", with: #"(\hat{y}_b - y_b) W_{cb}"#)) == [.valid, .valid])
        #expect(InferredReadingTests.verdicts(transposed.replacingOccurrences(of: "FIRST", with: #"(\hat{y}_b - y_b) W_{bc}"#)) == [.invalid, .valid])
    }

    static let cases = #"""
    $$p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$$
    $$\frac{\partial p_i}{\partial z_j} = \frac{\delta_{ij} e^{z_i} \sum_k e^{z_k} - e^{z_i} e^{z_j}}{(\sum_k e^{z_k})^2}$$
    If $i = j$:
    $$= p_i - p_i p_j$$
    $$= SAME$$
    If $i \neq j$:
    $$= OTHER$$
    """#

    /// "If $i = j$:" holds for every display that goes on from it until the prose names another case, and the other
    /// case goes on from the line before the cases: the second line of a case is no false alarm, nor is the other
    /// case against the first; a slip in either is found.
    @Test func casesNamedInProse() {
        let doc = { (same: String, other: String) in
            InferredReadingTests.verdicts(InferredReadingTests.cases.replacingOccurrences(of: "SAME", with: same)
                .replacingOccurrences(of: "OTHER", with: other))
        }
        #expect(doc("p_i(1 - p_i)", "-p_i p_j") == [.valid, .valid, .valid, .valid])
        #expect(doc("p_i(1 + p_i)", "-p_i p_j") == [.valid, .valid, .invalid, .valid])
        #expect(doc("p_i(1 - p_i)", "p_i p_j") == [.valid, .valid, .valid, .invalid])
    }

    static let hidden = #"""
    When $i = j$:
    $$= -\left(\dots + y_j \left(\frac{\partial \theta_j}{\partial \theta_j} - \frac{\frac{\partial}{\partial \theta_j} \left(e^{\theta_l} + e^{\theta_2} + \dots + e^{\theta_j} + \dots\right)}{\sum_m e^{\theta_m}}\right) + \dots\right)$$
    $$= -\left(\dots + y_j \left(1 - \frac{e^{\theta_j}}{\sum_m e^{\theta_m}}\right) + \dots\right)$$
    $$= -\left(\dots + LAST + \dots\right)$$
    """#

    /// One term of a sum shown between dots, the others left out: the lines that leave out the same terms are judged
    /// on the term shown (a sign slip found), a line without the dots is not compared with them (here the loss the first
    /// display goes on from), and in scanned notes
    /// `e^{\theta_l} + e^{\theta_2} + \dots` is the sum from 1.
    @Test func oneTermShownBetweenDots() {
        let doc = "$$L = -\\sum_i y_i \\log \\frac{e^{\\theta_i}}{\\sum_m e^{\\theta_m}}$$\n" + InferredReadingTests.hidden
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "LAST", with: #"y_j - y_j \frac{e^{\theta_j}}{\sum_m e^{\theta_m}}"#))
                == [.unverified, .valid, .valid])
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "LAST", with: #"y_j + y_j \frac{e^{\theta_j}}{\sum_m e^{\theta_m}}"#))
                == [.unverified, .valid, .invalid])
        let undotted = "$$f = \\sum_i y_i \\theta_i = -\\left(\\dots + y_j \\theta_j + \\dots\\right)$$"
        let r = Checker().check(undotted)
        #expect(r.steps.map(\.verdict) == [.unverified])
        #expect(r.steps.first?.reason?.contains("dots stand for terms not written") == true)
    }

    /// `y_{i\neq j}` is the entry i at an i other than j: the line holds under that condition, whatever case the
    /// prose was in, and `\partial \theta_{i\neq j} / \partial \theta_j` is 0.
    @Test func anEntryAtAnotherIndex() {
        let doc = #"""
        $$f = \sum_i y_i \theta_i$$
        $$\frac{\partial f}{\partial \theta_j} = \sum_i y_i \frac{\partial \theta_i}{\partial \theta_j}$$
        Now the terms where $i \neq j$:
        $$= \dots + y_{i\neq j} \frac{\partial \theta_{i\neq j}}{\partial \theta_j} + \dots = \dots + RESULT + \dots$$
        """#
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "RESULT", with: "0")) == [.valid, .unverified, .valid])
        #expect(InferredReadingTests.verdicts(doc.replacingOccurrences(of: "RESULT", with: "y_i")) == [.valid, .unverified, .invalid])
    }

    static let regression = #"""
    The hypothesis is $h_\theta(x) = \theta_0 + \sum_{j=1}^{n} \theta_j x_j$, and the cost is
    $$J(\theta) = \frac{1}{2m} \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right)^2$$
    $$\frac{\partial J(\theta)}{\partial \theta_j} = \frac{1}{m} \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right) \frac{\partial}{\partial \theta_j} h_\theta(x^{(i)}) = RESULT$$
    """#

    /// `h_\theta(x^{(i)})`: the parameters in the function's subscript, the sample in a label bound by the sum, so each
    /// `x^{(i)}` is its own sample (entry (i, j) of the data) and the body's sum does not capture the derivative's j.
    @Test func aHypothesisOverSamples() {
        let doc = { (r: String) in InferredReadingTests.verdicts(InferredReadingTests.regression.replacingOccurrences(of: "RESULT", with: r)) }
        #expect(doc(#"\frac{1}{m} \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right) x_j^{(i)}"#) == [.valid, .valid])
        #expect(doc(#"\sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right) x_j^{(i)}"#) == [.valid, .invalid])
        #expect(doc(#"\frac{1}{m} \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) + y^{(i)} \right) x_j^{(i)}"#) == [.valid, .invalid])
        // The sum of every sample's x_j in place of the sample's own is found.
        #expect(doc(#"\frac{1}{m} \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right) \sum_{i=1}^{m} x_j^{(i)}"#) == [.valid, .invalid])
    }
}
