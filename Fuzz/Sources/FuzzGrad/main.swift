import FuzzDriver
import Symbolic

// `grad` on any bytes: the first line the loss, the rest definitions (`--let`) and facts (`--assume`); the
// variable is the first the loss holds. A derivation is never found wrong by its own judge.
fuzz { text in
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let loss = lines.first, let e = try? Parser.parse(loss) else { return }
    var wrt: Expr?
    _ = e.contains { node in
        if case .variable(_, let idx) = node, idx.allSatisfy({ $0.name != nil }) { wrt = node; return true }
        return false
    }
    guard let x = wrt else { return }
    let rest = lines.dropFirst()
    guard let p = try? Problem.parse(loss: loss, wrt: Printer(.latex).print(x), lets: rest.filter { $0.contains("=") && !$0.hasPrefix("!") },
                                     assumes: rest.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()) }),
          let d = try? Derivation.derive(p, budget: Budget(steps: 60, nodes: 20_000)) else { return }
    let v = Validator(context: p.context, seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 50_000)
    if let r = try? v.validate(reference: d.steps[0].expr, against: d.steps.map(\.expr), free: p.free) {
        for c in r.checks { if case .invalid = c.verdict { preconditionFailure("the engine's own step found wrong: \(loss)") } }
    }
    _ = DerivationLayout().latex(d, report: nil)
    _ = try? NumPyFormat.module(problem: p, gradient: d.result)
}

