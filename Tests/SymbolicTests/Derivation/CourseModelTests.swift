import Testing
import Symbolic

/// Models courses assign after softmax, derived in index notation and compared by value with the answer a course
/// gives, typed independently.
@Suite("Derivation: course models in index notation")
struct CourseModelTests {
    /// Attention weights by the queries: the softmax of each row of Q K^T / sqrt(d), against an upstream gradient G.
    /// The result is the textbook's only if the softmax is folded back inside a sum (`foldIntoSum`): without it,
    /// `e^{s_{am}} / \sum_m e^{s_{am}}` stays written out.
    @Test func attentionByTheQueries() throws {
        let p = try Problem.parse(loss: #"\sum_i \sum_j G_{ij} A_{ij}"#, wrt: "Q_{ab}",
                                  lets: [#"A_{ij} = \frac{e^{s_{ij}}}{\sum_m e^{s_{im}}}"#, #"s_{ij} = \frac{1}{\sqrt{d}} \sum_k Q_{ik} K_{jk}"#])
        let d = try Derivation.derive(p)
        #expect(try d.validate(p).passed)
        #expect(!d.result.symbols.contains(Symbol("s")), "the softmax is not folded back: \(Printer(.unicode).print(d.result))")
        let course = try Parser.parse(#"\frac{1}{\sqrt{d}} \left(\sum_j A_{aj} G_{aj} K_{jb} - \left(\sum_j A_{aj} G_{aj}\right) \sum_m A_{am} K_{mb}\right)"#)
        let check = try Validator(context: p.context, seed: 23).validate(reference: .partial(p.loss, wrt: p.wrt), against: [course, d.result], free: p.free)
        #expect(check.checks.allSatisfy { $0.verdict == .valid }, "\(check.checks.map(\.verdict))")
    }

    /// word2vec in the catalog: both variables derived and checked.
    @Test(arguments: ["word2vec", "word2vec-neg"])
    func word2vecIsInTheCatalog(_ name: String) throws {
        let entry = try #require(Catalog.entry(named: name))
        for v in entry.allVariables {
            let p = try entry.problem(wrt: v)
            let d = try Derivation.derive(p)
            #expect(try d.validate(p, minimumPoints: 24, sizeConfigurations: 4).passed, "\(name) by \(v)")
        }
    }
}
