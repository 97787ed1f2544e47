import Foundation
import Testing
import Symbolic

/// Notation of public derivations that the reader once misread or refused (docs/notation.md).
@Suite("Parse: notation as people write it")
struct NotationTests {
    /// Leibniz's d is a derivative, not a quotient: read as d s / (d x) it would be s / x and a right step wrong.
    @Test(arguments: [#"\frac{ds}{dx}"#, #"\frac{d s}{d x}"#, #"\frac{\mathrm{d} s}{\mathrm{d} x}"#, #"\frac{d}{dx} s"#])
    func leibnizIsADerivative(_ text: String) throws {
        let x = Expr.variable(Symbol("x"), []), s = Expr.variable(Symbol("s"), [])
        #expect(try Parser.parse(text) == .partial(s, wrt: x))
    }

    @Test func aSubscriptedDIsAVariable() throws {
        let e = try Parser.parse(#"\frac{d_1}{d_2}"#)
        #expect(!e.contains { if case .derivative = $0 { return true }; return false })
        #expect(throws: ParseError.self) { try Parser.parse(#"\frac{d^2 y}{dx^2}"#) }
    }

    /// `\tanh^2(x)` is the square of the value, as `\sin^2 x` is; `^{-1}` (an inverse to some) stays refused.
    @Test func powersOfOperatorNames() throws {
        #expect(try Parser.parse(#"\tanh^2(x)"#) == (try Parser.parse(#"(\tanh(x))^2"#)))
        #expect(try Parser.parse(#"\log^{3} x"#) == (try Parser.parse(#"(\log x)^3"#)))
        #expect(throws: ParseError.self) { try Parser.parse(#"\tanh^{-1}(x)"#) }
    }

    /// Dashes that scanned and web pages put for a minus.
    @Test(arguments: ["a – b", "a ‒ b", "a − b"])
    func dashesAreMinus(_ text: String) throws {
        #expect(try Parser.parse(text) == (try Parser.parse("a - b")))
    }

    /// Inline equations are found with their lines; a condition on indices (`$i = j$`) is not an equation.
    @Test func inlineEquations() {
        let text = "Let $p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ and\n\\(q = 1 - p\\). If $i = j$, then\n$$a = b$$ and $x$."
        let found = Extraction.inlineEquations(in: text)
        #expect(found.map { $0.items.map(\.latex) } == [["p_i", "\\frac{e^{z_i}}{\\sum_j e^{z_j}}"], ["q", "1 - p"]])
        #expect(found.map { $0.items[0].line } == [1, 2])
    }

    /// A chain resumes after a line it cannot read: the next line is judged against the last one read, right
    /// when equal, and not blamed when it differs (the mistake may be in the line not read).
    @Test func aChainResumesAfterAnUnreadableLine() {
        let right = "$$\\frac{\\partial}{\\partial x} x^2 = 2 x = 2 x \\unknowncommand = 2 x$$"
        let r = Checker().check(right)
        #expect(r.steps.map(\.verdict) == [.valid, .unverified, .valid])
        let wrong = "$$\\frac{\\partial}{\\partial x} x^2 = 2 x = 2 x \\unknowncommand = 3 x$$"
        #expect(Checker().check(wrong).steps.map(\.verdict) == [.valid, .unverified, .unverified])
    }

    /// `s(x) = ...` defines s: `ds/dx`, a bare `s` and `s(x)` are its value, `s(1 - s)` a product.
    @Test func aFunctionOfOneVariable() {
        let doc = "Let $s(x) = \\frac{1}{1 + e^{-x}}$.\n$$\\frac{d s}{d x} = s(x) (1 - s) = s(1 - s)$$\n$$\\frac{d s}{d x} = s^2$$"
        let r = Checker().check(doc)
        #expect(r.steps.map(\.verdict) == [.valid, .valid, .invalid])
    }

    /// Index 0 beside a sum from 1 (`a_0` and `\sum_{d=1}^{D} a_d`), and a sum from 0: the 0 entry is one more.
    @Test func zeroBasedIndices() {
        let offset = "$$\\frac{\\partial}{\\partial a_0} \\left(a_0 + \\sum_{d=1}^{D} a_d x_d\\right)^2 = 2 \\left(a_0 + \\sum_{d=1}^{D} a_d x_d\\right)$$"
        #expect(Checker().check(offset).steps.map(\.verdict) == [.valid])
        let slip = offset.replacingOccurrences(of: "\\right)$$", with: "\\right) x_0$$")
        #expect(Checker().check(slip).steps.map(\.verdict) == [.invalid])
        let fromZero = "$$\\frac{\\partial}{\\partial \\theta_k} \\sum_{j=0}^{n} \\theta_j x_j = \\sum_{j=0}^{n} \\delta_{jk} x_j = x_k$$"
        #expect(Checker().check(fromZero).steps.map(\.verdict) == [.valid, .valid])
    }

    /// A notebook is read by its markdown cells, each line where the file has it; code cells are not read.
    @Test func notebookCells() throws {
        let notebook = """
        {
         "cells": [
          {"cell_type": "markdown", "metadata": {},
           "source": [
            "Some prose\\n",
            "$$\\\\frac{\\\\partial}{\\\\partial x} x^2 = 2 x$$"
           ]},
          {"cell_type": "code", "metadata": {}, "source": ["x = 2 * y\\n"]}
         ],
         "nbformat": 4
        }
        """
        let text = try #require(Notebook.markdown(in: notebook))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == notebook.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(lines[4] == "Some prose" && lines[5] == "$$\\frac{\\partial}{\\partial x} x^2 = 2 x$$")
        #expect(!text.contains("2 * y"))
        let r = Checker().check(notebook)
        #expect(r.steps.map(\.line) == [6] && r.steps.map(\.verdict) == [.valid])
        #expect(Notebook.markdown(in: "$$a = b$$") == nil)
    }

    /// `E = x^2 + 1 = ...` where nothing defines E names E: the first expression defines it and the chain is judged
    /// from there (E drawn at random made the first step wrong, as `CE(\mathbf{y}, \hat{\mathbf{y}}) = -\sum_i ...` was).
    /// A name the line cannot define (`G = \\frac{\\partial y_k}{\\partial x_k} = 2`, a derivative) is not judged against it.
    @Test func aNameIsNotAStep() {
        let doc = "Let $y = 2 x$.\n$$E = x^2 + 1 = (x + 1)^2 - 2 x$$\n$$E = x^2 + 1 = x^2$$"
        #expect(Checker().check(doc).steps.map(\.verdict) == [.valid, .valid, .invalid])
        let loss = "$$CE(\\mathbf{y}, \\hat{\\mathbf{y}}) = -\\sum_i y_i \\log \\hat{y}_i = -\\sum_i y_i \\log \\hat{y}_i$$\n$$J = -\\sum_i y_i \\log \\hat{y}_i$$"
        #expect(Checker().check(loss).steps.map(\.verdict) == [.valid])
        let unnamed = "Let $y_k = 2 x_k$.\n$$G = \\frac{\\partial y_k}{\\partial x_k} = 2$$"
        #expect(Checker().check(unnamed).steps.map(\.verdict) == [.unverified, .valid])
        // A lone name (a chain of one expression) is neither a definition nor a step: this once indexed past its end.
        #expect(Checker().check("$$E$$\n\nand $$F(x)$$ and $$G \\quad$$").steps.isEmpty)
    }

    /// Indices free on the right of a scalar's equation are held fixed (word2vec's centre and outside words): terms
    /// that differ in them are no index mistake, and the scalar is defined over them.
    @Test func fixedIndices() {
        let doc = """
        $$J = -\\sum_d u_{od} v_{cd} + \\log \\sum_w \\exp\\left(\\sum_d u_{wd} v_{cd}\\right)$$
        $$\\frac{\\partial J}{\\partial v_{ce}} = -u_{oe} + \\frac{\\sum_w \\exp(\\sum_d u_{wd} v_{cd}) u_{we}}{\\sum_w \\exp(\\sum_d u_{wd} v_{cd})}$$
        $$\\frac{\\partial J}{\\partial v_{ce}} = -u_{oe} + u_{ce}$$
        """
        #expect(Checker().check(doc).steps.map(\.verdict) == [.valid, .invalid])
    }

    /// `\frac12` is a half, as TeX reads it (one character an argument); read as 12 it made every step with it wrong.
    @Test func anUnbracedFractionTakesOneCharacterEach() throws {
        #expect(try Parser.parse(#"\frac12 x"#) == (try Parser.parse(#"\frac{1}{2} x"#)))
        #expect(try Parser.parse(#"\frac1n x"#) == (try Parser.parse(#"\frac{1}{n} x"#)))
        #expect(try Parser.parse(#"\frac1x^2"#) == (try Parser.parse(#"\left(\frac{1}{x}\right)^2"#)))
    }

    /// `\sum_{i,j}` is a sum over each index, with the range for all.
    @Test func aSumOverTwoIndices() throws {
        #expect(try Parser.parse(#"\sum_{i,j} W_{ij}"#) == (try Parser.parse(#"\sum_i \sum_j W_{ij}"#)))
        #expect(try Parser.parse(#"\sum_{i,j=1}^{N} W_{ij}"#) == (try Parser.parse(#"\sum_{i=1}^{N} \sum_{j=1}^{N} W_{ij}"#)))
    }

    /// Colours, cancellations, boxes and words of argument keep what they decorate; an equals sign with a remark
    /// over it is an equals sign.
    @Test(arguments: [#"\color{red}{2 x}"#, #"{\color{red} 2 x}"#, #"\textcolor{blue}{2x}"#, #"\cancel{2} x"#, #"\because 2 x"#,
                      #"\require{cancel} 2 x"#, #"\bbox[yellow]{2 x}"#, #"\cancelto{0}{0} + 2 x"#])
    func presentationCommandsKeepTheirMathematics(_ rhs: String) {
        #expect(Checker().check("$$\\frac{d}{dx} x^2 = " + rhs + "$$").steps.map(\.verdict) == [.valid])
        #expect(Checker().check("$$\\frac{d}{dx} x^2 = " + rhs.replacingOccurrences(of: "2", with: "3") + "$$").steps.map(\.verdict) == [.invalid])
    }

    @Test func equalsSignsWithRemarks() {
        for sign in [#"\overset{\text{def}}{=}"#, #"\stackrel{(a)}{=}"#, ":="] {
            let r = Checker().check("$$\\frac{d}{dx} x^2 " + sign + " 2 x = 2 x + 0$$")
            #expect(r.steps.map(\.verdict) == [.valid, .valid], "\(sign)")
        }
    }

    /// A function defined in the document, `f(x) = ...`, gives its primes by the engine's rules: `f'(x)` and a
    /// composition's `L'(u)` are judged, and a wrong one is found.
    @Test func primesOfAFunctionTheDocumentDefines() {
        let doc = "Let $f(x) = (x - t)^2$ and $L(u) = f(a u)$.\n$$f'(x) = 2(x - t)$$\n$$L'(u) = a f'(a u) = 2 a (a u - t)$$"
        #expect(Checker().check(doc).steps.map(\.verdict) == [.valid, .valid, .valid])
        let wrong = doc.replacingOccurrences(of: "2 a (a u - t)", with: "2 a (u - t)")
        #expect(Checker().check(wrong).steps.map(\.verdict) == [.valid, .valid, .invalid])
    }

    /// "Targets $p_i$ (they sum to one)": p is a probability, positive and summing to one, so \log p_i has a value
    /// and \sum_i p_i = 1 may be used; without the sentence the last step is wrong.
    @Test func probabilitiesSaidInProse() {
        let chain = "$$\\frac{d}{dz_j} \\sum_i p_i \\log \\frac{p_i}{q_i} = q_j \\sum_i p_i - p_j = q_j - p_j$$"
        let defs = "with $q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n"
        #expect(Checker().check("Targets $p_i$ (they sum to one) " + defs + chain).steps.map(\.verdict) == [.valid, .valid])
        #expect(Checker().check("Targets $p_i$ " + defs + chain).steps.last?.verdict == .invalid)
    }

    /// An entry of a transpose in index notation (`W^T_{bc}`, `W_{bc}^T`, `W_{bc}^{(2)T}`) is the entry (c, b) of W.
    @Test(arguments: [#"W^T_{bc}"#, #"W_{bc}^T"#, #"W_{bc}^{\top}"#])
    func anEntryOfATranspose(_ entry: String) {
        let doc = "$$y_c = \\sum_b W_{cb} x_b$$\n$$\\frac{\\partial y_c}{\\partial x_b} = " + entry + "$$"
        #expect(Checker().check(doc).steps.map(\.verdict) == [.valid])
        let plain = "$$y_c = \\sum_b W_{cb} x_b$$\n$$\\frac{\\partial y_c}{\\partial x_b} = W_{bc}$$"
        #expect(Checker().check(plain).steps.map(\.verdict) == [.invalid])
    }
}
