import SymbolicCore
import SymbolicFunctions

/// Every rule derive has, one of each kind (a rule made for a given definition or index, as `chain(via:)`,
/// by one instance): what the step trace's names refer to. Each name belongs to one rule.
///
/// ```swift
/// RuleCatalog.rule(named: "d-quotient-split")?.description   // "quotient rule"
/// ```
public enum RuleCatalog {
    public static let all: [Rule] = {
        let d = DifferentiationRules.self, a = AlgebraRules.self, i = IndexRules.self
        let example = Definition(symbol: Symbol("z"), indices: [.named("i")], body: .symbol("x", "i"))
        let condition = IndexCondition(.named("i"), .named("j"))
        let differentiation = [d.constant, d.constantFactor, d.linearity, d.termByTerm, d.variable, d.inverse, d.determinant, d.unfold, d.known, d.knownApart,
                               d.quotient, d.quotientSplit, d.product, d.power, d.function, d.cases, d.indexCases, d.chainThrough,
                               d.chainPath, d.chain(via: example)] + d.elementary
        let algebra = [a.expand, a.expandAll, a.cancel, a.divideThrough, a.factor, a.factorDeltas, a.distributeSign, a.distributeSignInto,
                       a.logProduct, a.logExp, a.primeForm, a.fold, a.substitute([Symbol("z")]), a.use([])]
        let index = [i.deltaContract, i.deltaContractThrough, i.sumToOne, i.sumToOneFactor, i.split, i.splitNested, i.joinSums,
                     i.factorOut, i.splitCases, i.cases(of: .named("i"), .named("j")), i.renameDummy, i.joinCases, i.arrayFactor,
                     i.expandForDelta, i.splitTerm(at: .named("j")), i.deltas(under: condition), i.excludedDelta, i.mergeTerm]
        return differentiation + algebra + index
    }()

    /// The rule of that name.
    public static func rule(named name: String) -> Rule? { all.first { $0.name == name } }
}
