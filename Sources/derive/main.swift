import Foundation
import Symbolic
do {
    let p = try Catalog.entries[0].problem()
    let d = try Derivation.derive(p)
    for s in d.steps { print(s.rule.padding(toLength: 16, withPad: " ", startingAt: 0), Printer(.latex).print(s.expr)) }
    for s in d.steps { print(Printer(.unicode).print(s.expr)) }
    let r = try d.validate(p)
    print(r.passed, r.points, r.comparisons, r.maxRelativeError, r.sizeSummary, r.redrawn)
    for (n, c) in r.checks.enumerated() { print(n, c.verdict, c.maxRelativeError) }
} catch { print("ERR", error) }
