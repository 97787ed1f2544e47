import Foundation
import Testing
import Symbolic

/// What a document leaves to its reader and the checker now reads as a grader does: a loss called cross-entropy by
/// its name, the row of a vector the prose points at, a slide shown while it is built up, and a reminder of a rule
/// over a scalar x in a document over a vector x. Each reading judges a right step valid and a wrong one invalid.
@Suite("Check: what names, prose and slides say")
struct NamedReadingTests {
    static func verdicts(_ doc: String) -> [StepVerdict.Kind] { Checker().check(doc).steps.map(\.verdict) }

    static let softmax = #"Here $\hat{y}_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$."#

    /// `L_{\text{CE}}`, `\mathcal{L}_{CCE}` and `CE(\mathbf{y}, \hat{\mathbf{y}})`, defined nowhere, are the cross-entropy of the
    /// labels and the predictions, whose labels sum to one; a note says both. A wrong sign is found.
    @Test(arguments: [#"L_{\text{CE}}"#, #"\mathcal{L}_{CCE}"#, #"\mathrm{CE}(\mathbf{y}, \hat{\mathbf{y}})"#])
    func aLossCalledCrossEntropy(_ name: String) {
        let doc = NamedReadingTests.softmax + "\n\n" + #"$$\frac{\partial NAME}{\partial z_k} = -\sum_i \frac{y_i}{\hat{y}_i} \frac{\partial \hat{y}_i}{\partial z_k} = \hat{y}_k \sum_i y_i - y_k = \hat{y}_k SIGN y_k$$"#
            .replacingOccurrences(of: "NAME", with: name)
        let right = Checker().check(doc.replacingOccurrences(of: "SIGN", with: "-"))
        #expect(right.steps.map(\.verdict) == [.valid, .valid, .valid], "\(name): \(CheckLayout.text(right))")
        #expect(right.definitions.contains { $0.contains(#"\mathrm{CE} = -\sum_i y_i \log \hat{y}_i"#) })
        #expect(right.definitions.contains { $0.contains("y sums to one") })
        #expect(NamedReadingTests.verdicts(doc.replacingOccurrences(of: "SIGN", with: "+")) == [.valid, .valid, .invalid])
    }

    /// Another name for the loss (L, with no CE anywhere) is not taken for the cross-entropy: nothing defines it.
    @Test func anotherLossIsNotGuessed() {
        let doc = NamedReadingTests.softmax + "\n\n" + #"$$\frac{\partial L}{\partial z_k} = \hat{y}_k - y_k$$"#
        let r = Checker().check(doc)
        #expect(r.steps.map(\.verdict) == [.unverified])
        #expect(!r.definitions.contains { $0.contains("cross-entropy") })
    }

    /// "The $j^{th}$ row of it is": the line is that entry of the gradient before it, so it is judged; with its sign
    /// flipped it is wrong. Without the words the free index changes and the line is not judged.
    @Test func theRowTheProseNames() {
        let doc = NamedReadingTests.softmax + " CE is the cross-entropy.\n\n"
            + #"$$\frac{\partial \mathrm{CE}}{\partial \mathbf{z}} = -\frac{\partial}{\partial \mathbf{z}} \sum_i y_i \log \hat{y}_i$$"# + "\n\nPROSE\n\n"
            + #"$$= SIGN\frac{\partial}{\partial z_j} \sum_i y_i \log \hat{y}_i$$"#
        let said = doc.replacingOccurrences(of: "PROSE", with: #"If we look at the $j^{th}$ row, it is of the form below:"#)
        #expect(NamedReadingTests.verdicts(said.replacingOccurrences(of: "SIGN", with: "-")) == [.valid, .valid])
        #expect(NamedReadingTests.verdicts(said.replacingOccurrences(of: "SIGN", with: "")) == [.valid, .invalid])
        let unsaid = doc.replacingOccurrences(of: "PROSE", with: "Then:").replacingOccurrences(of: "SIGN", with: "-")
        #expect(NamedReadingTests.verdicts(unsaid) == [.valid, .unverified])
        #expect(Extraction.chains(in: said).last?.items.last?.component == "j")
    }

    /// A slide built up (a blank column, then a line the next slide carries on) claims nothing and is not a step; the
    /// finished slide is judged. A derivation's next line that goes on after an `=` is never taken for a build, so a
    /// wrong line followed by its longer repetition is still found.
    @Test func slidesBuiltUp() {
        let first = #"$$\frac{\partial L}{\partial \hat{y}_i} = -\frac{y_i}{\hat{y}_i}$$"# + "\n\nwhere $L = -\\sum_i y_i \\log \\hat{y}_i$.\n\n"
        let blank = #"$$\nabla_{\hat{y}} L = \begin{bmatrix} \\ \\ \end{bmatrix}$$"#
        let cut = #"$$\nabla_{\hat{y}} L = \begin{bmatrix} \frac{\partial L}{\partial \hat{y}_1} \\ \vdots \\ \frac{\partial L}{\partial \hat{y}_k} \end{bmatrix} = -$$"#
        let whole = #"$$\nabla_{\hat{y}} L = \begin{bmatrix} \frac{\partial L}{\partial \hat{y}_1} \\ \vdots \\ \frac{\partial L}{\partial \hat{y}_k} \end{bmatrix} = -\begin{bmatrix} \frac{y_1}{\hat{y}_1} \\ \vdots \\ \frac{y_k}{\hat{y}_k} \end{bmatrix}$$"#
        let built = Checker().check(first + blank + "\n\n" + cut + "\n\n" + whole)
        let finished = Checker().check(first + whole)
        #expect(built.steps.map(\.verdict) == finished.steps.map(\.verdict))
        #expect(built.steps.allSatisfy { $0.verdict == .valid })
        #expect(!Extraction.chains(in: first + blank).contains { $0.items.contains { $0.latex.contains("bmatrix") } })
        // A line, then a longer one that goes on from it after `=`: both are lines, and the wrong first one is found.
        let chain = #"$$f = x^2 + 2x + 1 = (x + 2)^2$$"# + "\n\n" + #"$$f = x^2 + 2x + 1 = (x + 2)^2 = (x + 1)^2$$"#
        #expect(NamedReadingTests.verdicts(chain).contains(.invalid))
    }

    /// The quotient rule recalled over f(x), g(x) in a document whose x is a vector (x_1, ..., x_k): the reminder's x is a
    /// scalar of its own, f and g are drawn at random, and a wrong rule (a plus for the minus) is found.
    @Test func aRuleRecalledOverAScalar() {
        let doc = #"$$\hat{y}_i = \frac{e^{x_i}}{\sum_{j=1}^k e^{x_j}}$$"# + "\n\n"
            + #"$$h(x) = \frac{f(x)}{g(x)}$$"# + "\n\n"
            + #"$$\frac{\partial h(x)}{\partial x} = \frac{f'(x)g(x) SIGN g'(x)f(x)}{g(x)^2}$$"# + "\n\n"
            + #"$$\frac{\partial \hat{y}_1}{\partial x_1} = \hat{y}_1 (1 - \hat{y}_1)$$"#
        let right = Checker().check(doc.replacingOccurrences(of: "SIGN", with: "-"))
        #expect(right.steps.map(\.verdict) == [.valid, .valid], "\(CheckLayout.text(right))")
        #expect(NamedReadingTests.verdicts(doc.replacingOccurrences(of: "SIGN", with: "+")) == [.invalid, .valid])
    }

    /// The chain rule "temporarily ignoring the subscripts", a product of Jacobians of vectors written bare, is the sums it
    /// stands for, at the entry of the line: right as written, wrong with a factor 2, and not read where a link is missing.
    @Test func aProductOfJacobians() {
        let doc = #"""
        $$h_i = \sigma(t_i), \qquad t_i = \sum_j W_{ij} x_j$$

        $$J = \sum_i h_i^2$$

        $$\frac{\partial J}{\partial x} = FACTOR\frac{\partial J}{\partial h} LINK \frac{\partial t}{\partial x}$$
        """#
        let link = #"\frac{\partial h}{\partial t}"#
        #expect(NamedReadingTests.verdicts(doc.replacingOccurrences(of: "FACTOR", with: "").replacingOccurrences(of: "LINK", with: link)) == [.valid])
        #expect(NamedReadingTests.verdicts(doc.replacingOccurrences(of: "FACTOR", with: "2").replacingOccurrences(of: "LINK", with: link)) == [.invalid])
        let broken = Checker().check(doc.replacingOccurrences(of: "FACTOR", with: "").replacingOccurrences(of: "LINK", with: ""))
        #expect(broken.steps.map(\.verdict) == [.unverified])
        #expect(broken.steps.first?.reason?.contains("do not make one chain") == true)
    }

    /// A short mark set apart before an equation by `\quad` (a circled number, a scanner's `\|y\|`) is a label, not a
    /// factor of the left side; a left side that `\quad =` follows is kept.
    @Test func aMarkBeforeAnEquation() {
        let items = { (doc: String) in Extraction.chains(in: doc).flatMap(\.items).map(\.latex) }
        #expect(items(#"$$\|y\| \quad \frac{\partial \hat{y}_2}{\partial x_2} = \hat{y}_2 (1 - \hat{y}_2)$$"#)
                == [#"\frac{\partial \hat{y}_2}{\partial x_2}"#, #"\hat{y}_2 (1 - \hat{y}_2)"#])
        #expect(items(#"$$\frac{a}{b} \quad = c$$"#).first?.hasPrefix(#"\frac{a}{b}"#) == true)
        let doc = #"Here $\hat{y}_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$."# + "\n\n" + #"$$\|y\| \quad \frac{\partial \hat{y}_2}{\partial x_2} = SIDE$$"#
        #expect(NamedReadingTests.verdicts(doc.replacingOccurrences(of: "SIDE", with: #"\hat{y}_2 (1 - \hat{y}_2)"#)) == [.valid])
        #expect(NamedReadingTests.verdicts(doc.replacingOccurrences(of: "SIDE", with: #"\hat{y}_2 (1 + \hat{y}_2)"#)) == [.invalid])
    }
}
