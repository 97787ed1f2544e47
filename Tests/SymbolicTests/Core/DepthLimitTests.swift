import Foundation
import Testing
@testable import Symbolic

/// No recursion that input can drive past the stack: the limits that bound every recursive walk, and each walk
/// at those limits on a thread with the 8 MB stack of a main thread, in whatever build the tests run.
@Suite("depth limits")
struct DepthLimitTests {
    /// An expression exactly `depth` levels deep that mixes every kind of node the walks treat apart.
    static func deep(_ depth: Int) -> Expr {
        let i = Index.named("i"), j = Index.named("j")
        let x = Expr.variable(Symbol("x"), [i])
        var e = Expr.variable(Symbol("w"), [j])
        var level = 1
        while level < depth {
            switch level % 6 {
            case 0: e = .apply(.log, [.plus([.one, e])])
            case 1: e = .mul([.int(2), .pow(e, .int(2)), x])
            case 2: e = .apply(.exp, [e])
            case 3: e = .plus([e, .kronecker(i, j)])
            case 4: e = .apply(.sigmoid, [e])
            default: e = .pow(e, .minusOne)
            }
            level = e.depth
        }
        return e
    }

    @Test func theParserStaysFarBelowTheLimit() throws {
        // The deepest readings the parser's nesting limit lets through are a fifth of the depth limit or less;
        // a little deeper is a positioned error.
        for (open, close) in [(#"\sigma(2"#, ")"), ("1 - (", ")"), ("e^{", "}"), (#"\sqrt{"#, "}")] {
            func nested(_ n: Int) -> String { String(repeating: open, count: n) + "x" + String(repeating: close, count: n) }
            let deepest = try Parser.parse(nested(99))
            #expect(deepest.depth >= 99 && deepest.depth < Expr.depthLimit / 4, "\(open): \(deepest.depth) levels")
            #expect(throws: ParseError.self) { try Parser.parse(nested(101)) }
        }
    }

    @Test func everyWalkFitsAtTheDepthLimit() throws {
        let results = try onThread(stackMegabytes: 8) { () -> [String] in
            let e = DepthLimitTests.deep(Expr.depthLimit)
            var seen: [String] = ["depth \(e.depth)"]
            for notation in [Notation.latex, .unicode] { seen.append("printed \(Printer(notation).print(e).count > 1000)") }
            seen.append("hashed \(Set([e] + e.children).count)")
            seen.append("equal \(e == e.withChildren(e.children))")
            seen.append("free \(e.freeIndices.compactMap(\.name).sorted())")
            seen.append("checked \((try? e.checkIndices())?.count ?? -1)")
            seen.append("contains \(e.contains { if case .delta = $0 { return true }; return false })")
            seen.append("walked \(e.postwalk { $0 }.depth)")
            let v = Validator(context: Context(), seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 10_000_000)
            let report = try v.validate(reference: e, against: [e], free: ["i", "j"])
            seen.append("judged \(report.checks.map { "\($0.verdict)" })")
            seen.append("matrix \((try? MatrixForm.convert(e, free: [.named("i"), .named("j")])) != nil)")
            // The rules at the limit, for two steps (a step at this depth takes about a second in a debug build).
            let p = Problem(name: "deep", summary: "", lossName: .symbol("L"), loss: e, wrt: .variable(Symbol("w"), [.named("k")]),
                            context: Context())
            do { _ = try Derivation.derive(p, budget: Budget(steps: 2)); seen.append("derived") } catch let error as DerivationError {
                seen.append("stopped \(error.stopReason.map(\.rawValue) ?? error.message)")
            }
            return seen
        }
        #expect(results[0] == "depth \(Expr.depthLimit)")
        #expect(results.contains("hashed 3"))
        #expect(results.contains("equal true"))
        #expect(results.contains(#"free ["i", "j"]"#))
        #expect(results.contains("contains true"))
        #expect(results.contains("walked \(Expr.depthLimit)"))
        #expect(results.contains(#"judged ["valid"]"#), "\(results)")
        #expect(["derived", "stopped step-limit", "stopped depth-limit"].contains(results.last ?? ""), "\(results)")
    }

    @Test func aRunThatGrowsTooDeepStops() throws {
        // A rule that wraps every x in exp: one level a step, from three levels below the limit.
        let wrap = Rule(name: "wrap", description: "x -> e^x") { e, _ in
            if case .variable(let s, _) = e, s.name == "x" { return .apply(.exp, [e]) }
            return nil
        }
        var start = Expr.symbol("x")
        for _ in 0..<(Expr.depthLimit - 3) { start = .apply(.sigmoid, [start]) }
        let run = Rewriter(budget: Budget(steps: 100, nodes: 1_000_000, depth: 50_000)).run(start, [Phase("grow", [wrap])], RuleContext(Context()))
        #expect(run.stop == .depthLimit)
        #expect(run.steps.count == 3)
        #expect(run.result.depth == Expr.depthLimit + 1)
    }

    /// A chain of `n` definitions `a0 = \sigma(a1)`, ..., the last of `x`: its evaluation recurses through all.
    static func chain(_ n: Int) -> Context {
        Context(definitions: (0..<n).map { k in
            Definition(symbol: Symbol("a\(k)"), indices: [], body: .apply(.sigmoid, [k + 1 < n ? .variable(Symbol("a\(k + 1)"), []) : .symbol("x")]))
        }, assumptions: [])
    }

    @Test func evaluationThroughDefinitionsHasALimit() throws {
        let a0 = Expr.variable(Symbol("a0"), [])
        let dx = Expr.partial(a0, wrt: .symbol("x"))
        // Two levels a definition: 1,900 of them are within the limit and evaluate; 2,100 are past it.
        let within = try onThread(stackMegabytes: 64) {
            try Validator(context: DepthLimitTests.chain(1_900), seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 10_000_000)
                .validate(reference: dx, against: [dx], free: []).checks.map { "\($0.verdict)" }
        }
        #expect(within == ["valid"])
        let past = try onThread(stackMegabytes: 64) { () -> String in
            do {
                _ = try NumericModel(context: DepthLimitTests.chain(2_100)).compile(dx, free: [])
                return "compiled"
            } catch let e as NumericError { return e.message }
        }
        #expect(past == "nested too deeply to evaluate: 4202 levels through the definitions it uses (at most 4000)")
    }
}
