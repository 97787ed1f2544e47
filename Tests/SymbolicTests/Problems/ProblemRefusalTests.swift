import Testing
import Symbolic

/// Problems that would give a confident useless answer are refused with the reason.
@Suite("Problems: refused with the reason")
struct ProblemRefusalTests {
    func message(_ body: () throws -> Problem) -> String? {
        do { _ = try body(); return nil } catch let e as DerivationError { return e.message } catch { return "\(error)" }
    }

    @Test func aVariableTheLossDoesNotHoldIsRefused() throws {
        let typo = message { try Problem.parse(loss: "w^2 x", wrt: "W") }
        #expect(typo == "the loss does not depend on W: neither it nor its definitions hold W; it holds w, x (nearest name first)")
        // Through a definition it counts.
        #expect(message { try Problem.parse(loss: "a^2", wrt: "x", lets: ["a = 3 x"]) } == nil)
        let logits = message { try Problem.parse(loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: "z_k",
                                                 lets: [#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#]) }
        #expect(logits?.hasPrefix("the loss does not depend on z_k") == true)
        #expect(logits?.contains(#"\theta"#) == true)
    }

    @Test(arguments: [1, 2, 3, 10, 100])
    func aDefinitionCycleIsNamed(_ length: Int) throws {
        // a0 = a1 + x, a1 = a2, ..., a_{n-1} = a0: the cycle a0 → a1 → ... → a0.
        let names = (0..<length).map { "a\($0)" }
        let lets = names.indices.map { n in "\\mathrm{\(names[n])} = \\mathrm{\(names[(n + 1) % length])}" + (n == 0 ? " + x" : "") }
        let m = message { try Problem.parse(loss: #"\mathrm{a0}"#, wrt: "x", lets: lets) }
        if length == 1 {
            #expect(m?.contains("uses itself") == true)
        } else {
            #expect(m?.hasPrefix("the definitions go round in a cycle: ") == true)
            #expect(m?.split(separator: "→").count == length + 1)
        }
    }

    @Test func theJudgeRefusesACycleToo() throws {
        let defs = [try Parser.parseDefinition("a = b"), try Parser.parseDefinition("b = a")]
        #expect {
            try NumericModel(context: Context(definitions: defs, assumptions: []))
        } throws: { error in
            (error as? NumericError)?.message == "the definitions go round in a cycle: a → b → a"
        }
    }
}
