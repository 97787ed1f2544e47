import Testing
import Symbolic

/// Input that cannot mean what it seems is refused with its position and a hint, or read as what it means.
@Suite("LaTeX: names that would be misread")
struct RefusalTests {
    @Test(arguments: [(#"\operatorname{tr}(A X)"#, 0, 17), (#"2 + \mathrm{softmax}(z)"#, 4, 16), ("softmax(z_j)", 0, 7),
                      (#"x + \text{Cost}(h, y)"#, 4, 11)])
    func unknownFunctionNamesAreRefusedWithTheirPlace(_ input: String, _ offset: Int, _ length: Int) {
        #expect {
            try Parser.parse(input)
        } throws: { error in
            guard let e = error as? ParseError else { return false }
            return e.message.hasPrefix("unknown function") && e.message.contains("--function") && e.location.offset == offset
                && e.length == length
        }
    }

    @Test func aDeclaredFunctionOfSeveralLettersIsAFunction() throws {
        let options = ParseOptions(functions: ["softmax", "tr"])
        let bare = try Parser.parse("softmax(z)", options: options)
        let upright = try Parser.parse(#"\operatorname{softmax}(z)"#, options: options)
        let z = Expr.variable(Symbol("z"), [])
        #expect(bare == .apply(.named("softmax"), [z]))
        #expect(upright == bare)
        // Printed upright, and read back as the same function.
        #expect(Printer(.latex).print(bare) == #"\operatorname{softmax}(z)"#)
        #expect(try Parser.parse(Printer(.latex).print(bare), options: options) == bare)
    }

    @Test func wordsOfTheTableNeedNoBackslash() throws {
        let x = Expr.variable(Symbol("x"), [])
        #expect(try Parser.parse("log(x)") == .apply(.log, [x]))
        #expect(try Parser.parse("relu(x)") == .apply(.relu, [x]))
        #expect(try Parser.parse("tanh(x) + exp(x)") == .add([.apply(.tanh, [x]), .exp(x)]))
        // Two letters before a bracket stay a product, as in x y (1 - y).
        #expect(try Parser.parse("xy(1-y)") == Parser.parse("x y (1 - y)"))
    }

    @Test(arguments: [("h^{(t-1)}_j", "t-1"), ("h^{(l+1)}_j", "l+1"), ("h^{[l]}_j", "l"), ("W^{(2)}_{ij}", "2"), ("a^{(out)}_k", "out")])
    func labelsWithArithmeticAreLabels(_ input: String, _ label: String) throws {
        guard case .variable(let s, let idx) = try Parser.parse(input) else {
            Issue.record("\(input) is not read as a variable")
            return
        }
        #expect(s.label == label)
        #expect(idx.count >= 1)
    }

    @Test func labelsThatDifferStayApart() throws {
        let a = try Parser.parse("h^{(t-1)}_j"), b = try Parser.parse("h^{(t+1)}_j")
        #expect(a != b)
        guard case .variable(let s, _) = a, case .variable(let t, _) = b else { return }
        #expect(s.identifier != t.identifier)
        // A power in brackets is still a power.
        guard case .power = try Parser.parse("x^{(a b)}") else {
            Issue.record("x^{(a b)} is not read as a power")
            return
        }
    }
}
