import FuzzDriver
import Symbolic

// The numeric judge on any expression that parses: an expression always equals itself (valid, or unverified
// with a reason), never invalid, never a trap.
fuzz { text in
    guard let e = try? Parser.parse(text) else { return }
    let free = e.freeIndices.compactMap(\.name)
    let v = Validator(context: Context(), seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 50_000)
    if let r = try? v.validate(reference: e, against: [e], free: free) {
        for c in r.checks { if case .invalid = c.verdict { preconditionFailure("an expression unequal to itself: \(text)") } }
    }
}

