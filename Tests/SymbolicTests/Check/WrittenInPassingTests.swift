import Foundation
import Testing
import Symbolic

/// What documents say in passing and the checker now reads: a definition in a step's note, a column of a few
/// entries with no dots, a vector the document writes only whole. Each reading judges a right step valid and a
/// wrong one invalid, and leaves alone what it cannot mean.
@Suite("Check: definitions and entries written in passing")
struct WrittenInPassingTests {
    static func verdicts(_ doc: String) -> [StepVerdict.Kind] { Checker().check(doc).steps.map(\.verdict) }

    /// `\quad \text{Since } z_j = \mathbf{w}_j^T \mathbf{x}` (the logistic-regression homework): the note defines z, so the
    /// chain rule through it is judged; with `2\mathbf{x}` for `\mathbf{x}` the step is found wrong.
    @Test func aNoteDefines() {
        let doc = #"""
        $$\frac{\partial \sum_{k=1}^K y_k \log(\sigma(z_{1:K}, k))}{\partial \mathbf{w}_j} = \sum_{k=1}^K \frac{y_k}{\sigma(z_{1:K}, k)} \frac{\partial \sigma(z_{1:K}, k)}{\partial z_j} \frac{\partial z_j}{\partial \mathbf{w}_j} \quad \text{chain rule}$$

        $$= \sum_{k=1}^K \frac{y_k}{\sigma(z_{1:K}, k)} \frac{\partial \sigma(z_{1:K}, k)}{\partial z_j} X \quad \text{Since } z_j = \mathbf{w}_j^T \mathbf{x} \quad (5)$$
        """#
        let right = Checker().check(doc.replacingOccurrences(of: "X", with: #"\mathbf{x}"#))
        #expect(right.steps.map(\.verdict) == [.valid, .valid])
        #expect(right.definitions.contains { $0.contains(#"z_j = \mathbf{w}_j^T \mathbf{x}"#) })
        #expect(WrittenInPassingTests.verdicts(doc.replacingOccurrences(of: "X", with: #"2\mathbf{x}"#)) == [.valid, .invalid])
        // The note's words stay a note: nothing of "chain rule" is read as mathematics.
        #expect(Extraction.noteEquations(#"\quad \text{Since } z_j = \mathbf{w}_j^T \mathbf{x}, \text{ and } a = b"#)
                == [#"z_j = \mathbf{w}_j^T \mathbf{x}"#, "a = b"])
        #expect(Extraction.noteEquations(#"\quad \text{by the chain rule}"#).isEmpty)
    }

    /// A column of two entries after the whole gradient (a slide built up row by row) is its first two entries, where
    /// row n shows n; entries 1, then k, show no pattern and are not read.
    @Test func aColumnOfItsFirstEntries() {
        let doc = #"""
        $$\frac{\partial L}{\partial \hat{y}_i} = -\frac{y_i}{\hat{y}_i}$$

        where $L = -\sum_i y_i \log \hat{y}_i$.

        $$\nabla_{\hat{y}} L = \begin{bmatrix} \frac{\partial L}{\partial \hat{y}_1} \\ \vdots \\ \frac{\partial L}{\partial \hat{y}_k} \end{bmatrix} = \begin{bmatrix} -\frac{y_1}{\hat{y}_1} \\ SECOND \end{bmatrix}$$
        """#
        #expect(WrittenInPassingTests.verdicts(doc.replacingOccurrences(of: "SECOND", with: #"-\frac{y_2}{\hat{y}_2}"#)) == [.valid, .valid, .valid])
        let wrong = Checker().check(doc.replacingOccurrences(of: "SECOND", with: #"-\frac{y_1}{\hat{y}_2}"#))
        #expect(wrong.steps.map(\.verdict) == [.valid, .valid, .invalid])
        #expect(wrong.steps.last?.reason == "entry 2 is not entry 2 of line 5")
        let k = Checker().check(doc.replacingOccurrences(of: "SECOND", with: #"-\frac{y_k}{\hat{y}_k}"#))
        #expect(k.steps.last?.verdict == .unverified)
        #expect(k.steps.last?.reason?.contains("do not show their pattern") == true)
    }

    /// `v = h W + b`, and a gradient by `b`, which the document writes only whole: `b` is the vector the definition
    /// makes it, and the gradient is read entry by entry.
    @Test func aVectorWrittenOnlyWhole() {
        let doc = #"""
        $$v = h W + b$$

        $$J = \frac{1}{2} \sum_a (v_a - t_a)^2$$

        $$\frac{\partial v_b}{\partial h_c} = W_{cb}$$

        $$\frac{\partial J}{\partial b} = RESULT$$
        """#
        #expect(WrittenInPassingTests.verdicts(doc.replacingOccurrences(of: "RESULT", with: "v - t")) == [.valid, .valid])
        #expect(WrittenInPassingTests.verdicts(doc.replacingOccurrences(of: "RESULT", with: "t - v")) == [.valid, .invalid])
    }
}

/// A long row broken across two rows of an `align`: `&\qquad + ...` at the mark, or after a row that ends in `+`.
@Suite("Check: a row continued on the next")
struct ContinuedRowTests {
    static func verdicts(_ rows: [String]) -> [StepVerdict.Kind] {
        Checker().check((["\\begin{align*}"] + rows + ["\\end{align*}"]).joined(separator: "\n")).steps.map(\.verdict)
    }

    @Test func aContinuedRowIsOneExpression() {
        #expect(ContinuedRowTests.verdicts([#"\frac{\partial}{\partial x}(x^3 + x^2 + x) &= 3x^2 \\"#, #"&\qquad + 2x + 1 \\"#, "&= 3x^2 + 2x + 1"]) == [.valid, .valid])
        #expect(ContinuedRowTests.verdicts([#"\frac{\partial}{\partial x}(x^3 + x^2 + x) &= 3x^2 + \\"#, "& 2x + 1"]) == [.valid])
        // The planted slip in the continued part is found, on its step.
        #expect(ContinuedRowTests.verdicts([#"\frac{\partial}{\partial x}(x^3 + x^2 + x) &= 3x^2 \\"#, #"&\qquad - 2x + 1"#]) == [.invalid])
        // A new equation that starts with a minus before its mark is not a continuation.
        #expect(ContinuedRowTests.verdicts([#"\frac{\partial}{\partial x} x^2 &= 2x \\"#, #"-\frac{\partial}{\partial x} x^2 &= -2x"#]) == [.valid, .valid])
    }
}
