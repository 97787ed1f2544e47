import Foundation
import Testing
import Symbolic

/// Every function of the table, by what it declares: its value, its derivatives in dual numbers, its
/// spellings read back, its printing read back, and its rule keeping the value.
@Suite("Functions: the table")
struct FunctionTableTests {
    static let names = FunctionTable.entries.map(\.name)

    /// Independent values, from Foundation, at points where every function is smooth.
    static let reference: [String: @Sendable (Double) -> Double] = [
        "exp": { Foundation.exp($0) }, "log": { Foundation.log($0) }, "sigma": { 1 / (1 + Foundation.exp(-$0)) },
        "tanh": { Foundation.tanh($0) }, "relu": { Swift.max($0, 0) }, "step": { $0 > 0 ? 1 : 0 },
        "sqrt": { Foundation.sqrt($0) }, "softplus": { Foundation.log1p(Foundation.exp($0)) },
    ]

    static func entry(_ name: String) throws -> FunctionEntry {
        try #require(FunctionTable.entries.first { $0.name == name })
    }

    @Test(arguments: names)
    func valueAndDerivativesAgreeWithFiniteDifferences(_ name: String) throws {
        let e = try Self.entry(name)
        let f = try #require(Self.reference[name], "no reference value for \(name)")
        for x in [0.3, 0.9, 1.7, 2.6] {
            let h = 1e-5
            #expect(abs(e.dual(Dual(x)).v - f(x)) <= 1e-14 * max(1, abs(f(x))), "\(name)(\(x))")
            let slope = (f(x + h) - f(x - h)) / (2 * h)
            #expect(abs(e.dual(Dual(x, 1)).d - slope) <= 1e-8 * max(1, abs(slope)), "\(name)'(\(x)) by the seed")
            #expect(abs(e.slope(Dual(x)).v - slope) <= 1e-8 * max(1, abs(slope)), "\(name)'(\(x)) as a function")
            let curvature = (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)
            #expect(abs(e.slope(Dual(x, 1)).d - curvature) <= 1e-4 * max(1, abs(curvature)), "\(name)''(\(x))")
            #expect(abs(e.curvature(Dual(x)).v - curvature) <= 1e-4 * max(1, abs(curvature)), "\(name)''(\(x)) one level deeper")
        }
    }

    /// Large arguments stay finite where the function is (the sigmoid and softplus at ±800).
    @Test(arguments: ["sigma", "tanh", "softplus", "relu", "step"])
    func largeArgumentsDoNotOverflow(_ name: String) throws {
        let e = try Self.entry(name)
        for x in [-800.0, 800.0] { #expect(e.dual(Dual(x, 1)).isFinite, "\(name)(\(x))") }
    }

    @Test(arguments: names)
    func everySpellingReadsTheFunction(_ name: String) throws {
        let e = try Self.entry(name)
        for s in e.spellings {
            let text: String
            switch s {
            case .command(let c), .letterOrCall(let c): text = "\(c)(x)"
            case .braced(let c): text = "\(c){x}"
            case .word(let w): text = "\\operatorname{\(w)}(x)"
            }
            #expect(try Parser.parse(text) == .apply(e.function, [.symbol("x")]), "\(text)")
        }
    }

    @Test(arguments: names)
    func printingReadsBack(_ name: String) throws {
        let e = try Self.entry(name)
        for arg in ["x", #"w_k x_k + 1"#] {
            let f = Expr.apply(e.function, [try Parser.parse(arg)])
            let printed = Printer(.latex).print(f)
            #expect(try Parser.parse(printed) == f, "\(printed)")
        }
    }

    /// Each rule of the table keeps the value: the derivative it writes against the dual-number derivative.
    @Test(arguments: FunctionTable.entries.filter { $0.derivative(.zero) != nil }.map(\.name))
    func chainRuleKeepsTheValue(_ name: String) throws {
        let e = try Self.entry(name)
        let rule = try #require(DifferentiationRules.rule(for: e.function))
        let start = Expr.partial(.apply(e.function, [try Parser.parse("w x + 2")]), wrt: .symbol("w"))
        let next = try #require(Strategy.once(rule, start, RuleContext(Context())))
        let report = try equivalent(start, next, free: [])
        #expect(report.passed, "\(rule.name): \(Printer(.unicode).print(next))")
    }

    @Test func softplusEndToEnd() throws {
        let p = try Problem.parse(loss: #"\operatorname{softplus}(w x)"#, wrt: "w")
        let d = try Derivation.derive(p)
        #expect(d.steps.map(\.rule).contains("d-softplus"))
        #expect(try d.validate(p).passed)
        // The textbook answer, x \sigma(w x), by value.
        #expect(try equivalent(.partial(p.loss, wrt: p.wrt), try Parser.parse(#"x \sigma(w x)"#), free: []).passed)
        #expect(try equivalent(d.result, try Parser.parse(#"\frac{x}{1 + e^{-w x}}"#), free: []).passed)
        // The same value as the logarithm written out, which stays written out.
        #expect(try equivalent(try Parser.parse(#"\log(1 + e^{x})"#), try Parser.parse(#"\mathrm{softplus}(x)"#), free: []).passed)
        if case .apply(let f, _) = try Parser.parse(#"\log(1 + e^{x})"#) { #expect(f == .log) } else { Issue.record("not a logarithm") }
    }

    @Test(.enabled(if: Python.available, "needs python3 with numpy"))
    func softplusNumPyModuleAgreesWithFiniteDifferences() throws {
        let p = try Problem.parse(loss: #"\operatorname{softplus}(\sum_i w_i x_i) + \sum_i \text{softplus}(w_i)"#, wrt: "w_k")
        let module = try NumPyFormat.module(problem: p, gradient: try Derivation.derive(p).result)
        let (status, output) = try checkNumPy(module)
        #expect(status == 0, "\(output)\n\(module)")
    }
}
