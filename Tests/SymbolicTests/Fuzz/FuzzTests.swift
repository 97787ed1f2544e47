import Foundation
import Testing
import Symbolic

/// Seeded random inputs: nothing a user can type may trap. A trap would end the test process,
/// so passing means every input got a value or a positioned error.
@Suite("Fuzz")
struct FuzzTests {
    static let pieces = [
        "\\frac", "{", "}", "(", ")", "[", "]", "_", "^", "+", "-", "=", "&", "\\\\", "\\sum", "\\log", "\\exp", "e", "x", "y",
        "i", "k", "1", "2", "0.5", "\\hat", "\\mathbf", "\\theta", "\\partial", "\\delta", "\\mathbb{1}", "\\left(", "\\right)",
        "\\begin{cases}", "\\end{cases}", "\\begin{bmatrix}", "\\end{bmatrix}", "\\dots", "\\vdots", "\\sigma", "\\tanh", "'",
        ",", "\\cdot", "\\in", "\\setminus", "\\nabla", "\\text{if}", "\\quad", "$$", "\\{", "\\}", "|", "\\boxed", "W^{(1)}",
        "\\sqrt", "\\ell", "\\neq", " ", "\n", "%", "\u{0}", "θ", "∑", "é",
    ]

    static func soup(_ rng: inout SeededRandom, length: Int) -> String {
        (0..<length).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined(separator: rng.next() % 3 == 0 ? " " : "")
    }

    @Test("the parser answers every input", arguments: [UInt64(1), 2, 3, 4])
    func parserNeverTraps(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var parsed = 0, refused = 0
        for n in 0..<1_500 {
            let s = FuzzTests.soup(&rng, length: 1 + n % 40)
            do { _ = try Parser.parse(s); parsed += 1 } catch let e as ParseError {
                refused += 1
                #expect(e.location.line >= 1 && e.location.column >= 1)
                #expect(!e.formatted().isEmpty)
            } catch { Issue.record("unexpected error \(error) for \(s)") }
        }
        #expect(parsed + refused == 1_500)
    }

    @Test("grad answers every loss that parses", arguments: [UInt64(5), 6])
    func gradNeverTraps(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var derived = 0
        for n in 0..<600 {
            let s = FuzzTests.soup(&rng, length: 1 + n % 12)
            // By a variable the loss holds (one it does not hold is refused, as a typo would be).
            guard let e = try? Parser.parse(s), let x = FuzzTests.firstVariable(e),
                  let p = try? Problem.parse(loss: s, wrt: Printer(.latex).print(x)) else { continue }
            guard let d = try? Derivation.derive(p, budget: Budget(steps: 60, nodes: 20_000)) else { continue }
            derived += 1
            let v = Validator(context: p.context, seed: seed, minimumPoints: 4, sizeConfigurations: 2, evaluationBudget: 200_000)
            if let r = try? v.validate(reference: d.steps[0].expr, against: d.steps.map(\.expr), free: p.free) {
                // The engine's own steps are never found wrong.
                for c in r.checks { if case .invalid(let ce) = c.verdict { Issue.record("\(s): wrong step, \(ce)") } }
            }
            _ = DerivationLayout().latex(d, report: nil)
            _ = try? NumPyFormat.module(problem: p, gradient: d.result)
        }
        #expect(derived > 20)
    }

    /// What the libFuzzer targets (Fuzz/) found, kept so that it stays fixed.
    @Test func whatTheFuzzerFound() throws {
        // FuzzJudge: a sum whose index its body does not use got a size drawn anew for each expression compiled,
        // so an expression was judged unequal to itself.
        for text in [#"\sum_B c x_j + \frac{e^{z_j}}{\sum_{l=1}^{K} e^{z_l}}"#,
                     #"U isigN1n1nsXFoatic{e^{z_j} \sum_{l=1}^{K} e^{z_l} - (e^{z_j})^{1}}{\sum_{l=1}^{K} e^{z_l}} - \sum_BFoatingxf1wN1"#] {
            let e = try Parser.parse(text)
            for seed in UInt64(1)...4 {
                let v = Validator(context: Context(), seed: seed, minimumPoints: 3, sizeConfigurations: 2)
                let r = try v.validate(reference: e, against: [e], free: e.freeIndices.compactMap(\.name))
                #expect(r.checks.allSatisfy { $0.verdict == .valid }, "\(text), seed \(seed): \(r.checks.map(\.verdict))")
            }
        }
        // FuzzGrad: the first variable of `soπ*sz` is \pi, which the judge reads as the number and the rules as a
        // variable; differentiating by it is refused.
        #expect(throws: DerivationError.self) { try Problem.parse(loss: "soπ*sz", wrt: #"\pi"#) }
        // FuzzParse: `\frac{d` nested and never closed. Each level was read once as a Leibniz derivative and, when
        // that failed, again as a fraction: time doubled with each level (18 levels took 3.7 s in release, 632 bytes
        // over 60 s). A failed probe is now remembered; at 40 levels the old parser would not finish for years.
        #expect(throws: ParseError.self) { try Parser.parse(String(repeating: #"\frac{dtiv "#, count: 40) + "x") }
        #expect(throws: ParseError.self) { try Parser.parse(String(repeating: #"\frac{d \frac{d x}{d(a+b)}"#, count: 30) + "x") }
        // FuzzGrad: a product of about 120 letters and wide brackets. Every rewriting step multiplied its products out to
        // see whether terms cancel, building thousands of large terms to throw away (1.25 s in release; a wider one,
        // 22.6 s). `expand` now builds nothing past 16 times the product's size; the derivation ends and is right.
        let wide = #"and  foueqnSecer e3 (sc sc bianned-ho yEquateqnSecer e3 (sc bianned-ho yEquathbl e-hoTh+rea)Psnoblehbl emhoThe+rP)asnoblem 3 (scabianand  foueqnSecer e3 (sc sc bianned-ho yEquateqnSecer e3 (sc bianned-ho yEquathbl e-hoThe+ra)Psnoblescabianned-ho yEquateqnSecer e3 (sc bianned-ho yEquathbl e-hoThe+ra)Psnoblehbl emhoThe+rP)asnoblem 3 (scanneta - y)mmmmmorge4 X cer e3 (sc bianned-ho yEque-hoTh+rea)Psnoblehbl emhoThe+rP)asnoblem 3 (scabianand  foueqnSecer e3 (sc sc bianned-ho yEquateqnSecer e3 (sc bianned-ho yEquathbl e-hoThe+ra)Psnoblescaathbl e-hoThe+ra)Psnoblehjl emhoThe+rP)asnoblem 3 (scanned)"#
        let e = try Parser.parse(wide)
        let p = try Problem.parse(loss: wide, wrt: "a")
        let d = try Derivation.derive(p, budget: Budget(steps: 60, nodes: 20_000))
        #expect(e.symbols.contains(Symbol("a")) && d.steps.count > 3)
        let v = Validator(context: p.context, seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 50_000)
        let r = try v.validate(reference: d.steps[0].expr, against: d.steps.map(\.expr), free: p.free)
        #expect(!r.checks.contains { if case .invalid = $0.verdict { return true }; return false })
    }

    /// FuzzGrad: `D a_D + D^2` uses D as a free index and as a variable; the rules differentiated the variable,
    /// the judge agreed, and `a + 2 D` was reported as checked. The same reading of a dummy as a number
    /// (`\sum_k k x_k` by x_j gave `k`, where the sum means j) was just as wrong. Both are refused, in the loss,
    /// in a definition (also by its left side's index) and in the judge; a bare size (`\frac1K\sum_{k=1}^{K}`)
    /// stays legitimate, and differentiating by a size is refused.
    @Test func aNameUsedAsIndexAndVariableIsRefused() throws {
        for (loss, wrt) in [("D a_D + D^2", "D"), (#"\sum_k k x_k"#, "x_j"), ("z_K + K", "z_j"), (#"\sum_{i} x_i^2 + i"#, "x_j")] {
            #expect(throws: DerivationError.self, "\(loss)") { try Problem.parse(loss: loss, wrt: wrt) }
        }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: "p_k", wrt: "x_j", lets: ["p_k = k x_k"]) }
        #expect(throws: DerivationError.self) { try Problem.parse(loss: #"n \sum_{i=1}^{n} x_i"#, wrt: "n") }
        let mean = try Problem.parse(loss: #"\frac{1}{K}\sum_{k=1}^{K} x_k^2"#, wrt: "x_j")
        let d = try Derivation.derive(mean)
        let v = Validator(context: mean.context, seed: 1)
        let r = try v.validate(reference: d.steps[0].expr, against: d.steps.map(\.expr), free: mean.free)
        #expect(!r.checks.isEmpty && r.checks.allSatisfy { if case .valid = $0.verdict { true } else { false } })
        // The judge refuses the same reading in a step it is given.
        let model = try NumericModel(context: Context())
        #expect(throws: NumericError.self) { try model.compile(try Parser.parse(#"\sum_k k x_k"#), free: []) }
    }

    static func firstVariable(_ e: Expr) -> Expr? {
        var found: Expr?
        _ = e.contains { node in
            if case .variable(_, let idx) = node, idx.allSatisfy({ $0.name != nil }) { found = node; return true }
            return false
        }
        return found
    }

    @Test("the checker answers every document", arguments: [UInt64(7), 8])
    func checkerNeverTraps(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let checker = Checker(evaluationBudget: 100_000)
        for n in 0..<150 {
            let doc = "$$" + FuzzTests.soup(&rng, length: 2 + n % 30) + " = " + FuzzTests.soup(&rng, length: 2 + n % 20) + "$$\n"
                + FuzzTests.soup(&rng, length: n % 50)
            let r = checker.check(doc)
            _ = CheckLayout.text(r)
            _ = CheckLayout.json(r)
        }
    }
}
