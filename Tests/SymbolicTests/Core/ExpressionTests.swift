import Testing
import Symbolic

@Suite("Expression: canonical form")
struct ExpressionTests {
    let x = Expr.symbol("x"), y = Expr.symbol("y")

    @Test func likeTermsCombine() {
        #expect(Expr.plus([x, x]) == .mul([2, x]))
        #expect(Expr.plus([x, .neg(x)]) == .zero)
        #expect(Expr.mul([x, x]) == .pow(x, 2))
        #expect(Expr.mul([x, .pow(x, -1)]) == .one)
        #expect(Expr.mul([2, .rational(1, 2)]) == .one)
    }

    @Test func sumsKeepWrittenOrderWithAPositiveTermFirst() {
        let e = Expr.plus([.neg(y), x])
        #expect(e == .add([x, .neg(y)]))
        #expect(Expr.plus([y, x]) == .add([y, x]))
        // ...but the comparison key does not depend on the order.
        #expect(Expr.plus([y, x]).isAlphaEquivalent(to: .plus([x, y])))
    }

    @Test func dummyIndicesCompareUpToRenaming() throws {
        let a = try tex(#"\sum_i y_i"#), b = try tex(#"\sum_m y_m"#)
        #expect(a != b)
        #expect(a.isAlphaEquivalent(to: b))
        #expect(Expr.plus([a, b]) == .mul([2, a]))
        #expect(!(try tex(#"\sum_i y_i z_k"#)).isAlphaEquivalent(to: try tex(#"\sum_i y_i z_i"#)))
    }

    @Test func coefficientsLeaveSums() throws {
        #expect(try tex(#"\sum_i (-2 y_i)"#) == .mul([-2, try tex(#"\sum_i y_i"#)]))
    }

    @Test func kroneckerDeltaIsCanonical() {
        #expect(Expr.kronecker(.named("i"), .named("i")) == .one)
        #expect(Expr.kronecker(.value(1), .value(2)) == .zero)
        #expect(Expr.kronecker(.named("k"), .named("i")) == .delta(.named("i"), .named("k")))
        #expect(Expr.pow(.kronecker(.named("i"), .named("k")), 2) == .kronecker(.named("i"), .named("k")))
    }

    @Test func substitutionAvoidsCapture() throws {
        // Renaming free i to m must not be captured by the sum over m.
        let e = try tex(#"\sum_m x_i y_m"#)
        let s = e.substituting(["i": .named("m")])
        guard case .sum(let bound, _, _) = s else { Issue.record("expected a sum, got \(s.dump())"); return }
        #expect(bound != .named("m"))
        #expect(s.freeIndices == [.named("m")])
    }

    @Test func rationalArithmeticNeverTraps() {
        let big = Rational(integer: Int.max)
        #expect(big.adding(.one) == nil)
        #expect(big.multiplied(by: Rational(integer: 2)) == nil)
        #expect(Rational(1, 0) == nil)
        #expect(Rational(Int.min, 1) == nil)
        #expect(Rational(integer: 2).power(100) == nil)
        #expect(Rational(6, -4) == Rational(-3, 2))
        // A sum whose constant overflows keeps both numbers instead of trapping.
        let e = Expr.plus([.number(big), .one, x])
        #expect(e.terms.count == 3)
    }

    @Test func freeIndicesAndConformance() throws {
        #expect(try tex(#"\sum_i y_i \delta_{ik}"#).freeIndices == [.named("k")])
        #expect(try tex(#"W_{kd} x_k"#).freeIndices == [.named("k"), .named("d")])
        #expect(throws: IndexError.self) { try Expr.plus([.symbol("x", "i"), .symbol("y", "j")]).checkIndices() }
        // A bare number broadcasts: 1 - \hat{y}_i is fine.
        #expect(try tex(#"1 - \hat{y}_i"#).checkIndices() == [.named("i")])
        #expect(try tex(#"\log p_k - \sum_i p_i \log p_i"#).checkIndices() == [.named("k")])
    }

    @Test func dumpDrawsTheTree() throws {
        let d = try tex(#"-\sum_i y_i"#).dump()
        #expect(d == "*\n├─ -1\n└─ sum i in 1..?\n   └─ y_{i}")
    }
}
