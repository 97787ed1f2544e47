import Foundation
import Symbolic

// Median wall-clock times of each stage of `derive solve softmax-ce`, in a release build:
//   swift run -c release --package-path Benchmarks [repetitions]

func measure(_ name: String, repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repetitions {
        let d = try clock.measure(body)
        samples.append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let line = "\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) median \(String(format: "%9.3f", median)) ms   min \(String(format: "%9.3f", samples[0])) ms   (\(repetitions) runs)"
    print(line)
    return median
}

let repetitions = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 30
guard let entry = Catalog.entry(named: "softmax-ce") else { print("softmax-ce is missing from the catalog"); exit(1) }

do {
    print("softmax-ce, release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    var problem = try entry.problem()
    _ = try measure("parse (loss, variable, definition)", repetitions: repetitions) { problem = try entry.problem() }
    var derivation = try Derivation.derive(problem)
    _ = try measure("derive (\(derivation.steps.count) steps)", repetitions: repetitions) { derivation = try Derivation.derive(problem) }
    var report = try derivation.validate(problem)
    _ = try measure("validate (\(report.points) points, \(report.comparisons) cmp)", repetitions: max(3, repetitions / 5)) {
        report = try derivation.validate(problem)
    }
    var text = ""
    _ = measure("render latex", repetitions: repetitions) { text = DerivationLayout().latex(derivation, report: report) }
    _ = try measure("render numpy", repetitions: repetitions) { text = try NumPyFormat.module(problem: problem, gradient: derivation.result) }
    _ = try measure("end to end (parse..render latex)", repetitions: max(3, repetitions / 5)) {
        let p = try entry.problem()
        let d = try Derivation.derive(p)
        text = DerivationLayout().latex(d, report: try d.validate(p))
    }
    // The checker reading back the LaTeX it was given (17 steps).
    let latex = DerivationLayout().latex(derivation, report: nil)
    var checked: CheckReport?
    _ = measure("check the emitted LaTeX (17 steps)", repetitions: max(3, repetitions / 5)) { checked = Checker(problem: problem).check(latex) }
    if checked?.steps.allSatisfy({ $0.verdict == .valid }) != true { print("the checker did not read the derivation back as valid"); exit(1) }
    if text.isEmpty || !report.passed { print("benchmark produced no output or a failed check"); exit(1) }

    // Backpropagation through an L-layer network: deriving dJ/dW^(1), the longest chain, must cost time
    // roughly linear in L (each layer one short section, earlier results used by name).
    print("\nmlp --layers L, dJ/dW^(1)_{fg}, derivation only (lines rendered as LaTeX)")
    var previous: Double?
    for layers in [1, 2, 4, 8, 16, 32, 64] {
        let entry = Catalog.network(layers: layers)
        let p = try entry.problem(wrt: "W^{(1)}_{fg}")
        var d = try Derivation.derive(p, style: .backprop)
        let runs = layers >= 32 ? max(3, repetitions / 10) : max(5, repetitions / 3)
        let t = try measure("L = \(layers) (\(d.allSteps.count) lines)", repetitions: runs) {
            d = try Derivation.derive(p, style: .backprop)
            text = DerivationLayout(notation: Style.backprop.notation).latex(d, report: nil)
        }
        if let previous { print(String(format: "%34@ x%.2f for twice the layers", "", t / previous)) }
        previous = t
    }

    // The same networks with the numeric check of every line: the judge's cost as the network deepens.
    print("\nmlp --layers L, dJ/dW^(1)_{fg}, validation of every line")
    previous = nil
    for layers in [1, 2, 4, 8, 16] where CommandLine.arguments.count < 3 || CommandLine.arguments[2] == "\(layers)" {
        let p = try Catalog.network(layers: layers).problem(wrt: "W^{(1)}_{fg}")
        let d = try Derivation.derive(p, style: .backprop)
        var checkedReport = try d.validate(p)
        let t = try measure("L = \(layers) (\(checkedReport.comparisons) cmp)", repetitions: layers >= 8 ? 3 : 5) {
            checkedReport = try d.validate(p)
        }
        if let (n, failed) = checkedReport.firstFailure {
            // Not judged within the evaluation budget is a figure to report (the judge is not linear in depth yet);
            // a wrong line is a defect.
            print("  line \(n + 1) of the network of \(layers) layers not judged: \(failed.verdict)")
            if case .invalid = failed.verdict { exit(1) }
        }
        if let previous { print(String(format: "%34@ x%.2f for twice the layers", "", t / previous)) }
        previous = t
    }

    // Checking the source documents, where they are beside the repository (a developer's checkout).
    let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/seeds").standardized
    if let files = try? FileManager.default.contentsOfDirectory(atPath: seeds.path) {
        print("\nchecking the source documents (\(seeds.path))")
        for f in files.sorted() where f.hasSuffix(".txt") {
            let text = try String(contentsOf: seeds.appendingPathComponent(f), encoding: .utf8)
            var steps = 0
            _ = measure("check \(f.prefix(3))", repetitions: 3) { steps = Checker().check(text).steps.count }
            print(String(repeating: " ", count: 35) + "\(steps) steps")
        }
    }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
