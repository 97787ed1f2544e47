import Testing
import Symbolic

/// A step's rule name says which rule made it: two different rules never share a name, and every rule that
/// fires in the catalog's derivations is one of the catalog's rules.
@Suite("Rules: one name, one rule")
struct RuleCatalogTests {
    /// Steps a derivation makes without a rule: its first line, and changes of notation.
    static let notationSteps: Set<String> = ["start", "vector-form", "write-out", "matrix-form"]

    @Test func namesAreUnique() {
        var seen: [String: String] = [:]
        for rule in RuleCatalog.all {
            if let other = seen[rule.name] { Issue.record("\(rule.name) names two rules: \(other) and \(rule.description)") }
            seen[rule.name] = rule.description
        }
        #expect(seen.count == RuleCatalog.all.count)
        for name in Self.notationSteps { #expect(seen[name] == nil, "\(name) is a step of notation and a rule") }
        // Kebab-case, as the trace shows them.
        for rule in RuleCatalog.all {
            #expect(rule.name.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.name)")
        }
    }

    /// Every style on every catalog problem it applies to: each step's rule is a catalog rule with the same
    /// description, so that a rule added without a name of its own is caught where it first fires.
    @Test(arguments: Catalog.entries.map(\.name))
    func everyRuleThatFiresIsRegistered(_ name: String) throws {
        let p = try #require(Catalog.entry(named: name)).problem()
        for style in Style.applying(to: p) {
            let d = try Derivation.derive(try p.named(style.names), style: style)
            for step in d.allSteps where !Self.notationSteps.contains(step.rule) {
                let rule = RuleCatalog.rule(named: step.rule)
                #expect(rule != nil, "\(name)/\(style.name): \(step.rule) is not in RuleCatalog")
                #expect(rule?.description == step.description, "\(name)/\(style.name): \(step.rule) is \(rule?.description ?? "?") and \(step.description)")
            }
            for phase in d.phases {
                for r in phase.rules { #expect(RuleCatalog.rule(named: r.name) != nil, "\(style.name) uses \(r.name), not in RuleCatalog") }
            }
        }
    }
}
