import Foundation
import Testing

/// `derive explain EXPR` and `--explain` from the command line.
@Suite("derive explain and --explain", .serialized)
struct ExplainCommandTests {
    @Test func anEinsteinSumIsWrittenOut() throws {
        let r = try Binary.run(["explain", #"-y_i \log \hat{y}_i"#, "--einstein"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Read as -Σ_i y_i log ŷ_i.\nIn Einstein notation i is summed: it is repeated in a product.\n"))
        #expect(r.stdout.contains("No index is free: it is one number."))
    }

    @Test func deltasAreSaidContractibleOrKept() throws {
        let contractible = try Binary.run(["explain", #"\sum_i y_i \delta_{ik} - \hat{y}_k"#])
        #expect(contractible.stdout.contains("Free index k: one equation for each value."))
        #expect(contractible.stdout.contains("δ_ik can be contracted: i is summed, and the delta is a factor of the term, confined to it."))
        let kept = try Binary.run(["explain", #"\hat{y}_i \delta_{ij} - \hat{y}_i \hat{y}_j"#])
        #expect(kept.stdout.contains("δ_ij is kept: neither i nor j is summed here"))
        let waits = try Binary.run(["explain", #"\sum_i y_i (\delta_{ik} - \hat{y}_k)"#])
        #expect(waits.stdout.contains("δ_ik is kept for now: the sum over i also covers terms without the delta"))
    }

    @Test func indicesThatDoNotConformExitOne() throws {
        let r = try Binary.run(["explain", "a_i + b_j"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Index error: terms of a sum have different free indices: {i} and {j}."))
        let three = try Binary.run(["explain", "y_i x_i z_i", "--einstein"])
        #expect(three.status == 0)
        #expect(three.stdout.contains("Warning: i stands three times or more in x_i y_i z_i"))
        let bad = try Binary.run(["explain", #"\frac{1}{"#])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("line 1, column 10"))
    }

    /// --explain on solve: the sentences stand in \intertext between the rows, and in the text output before each step.
    @Test func solveExplains() throws {
        let latex = try Binary.run(["solve", "softmax-ce", "--style", "einstein", "--explain"])
        #expect(latex.status == 0, "\(latex.stderr)")
        #expect(latex.stdout.contains(#"\intertext{$\delta_{kp}$ is contracted: $p$ is a dummy index (repeated, so summed) confined to this term"#))
        let plain = try Binary.run(["solve", "softmax-ce", "--explain", "--format", "text"])
        #expect(plain.stdout.contains("  · δ_ik is contracted: i is a dummy index, summed over, confined to this term"))
        let without = try Binary.run(["solve", "softmax-ce", "--style", "einstein"])
        #expect(!without.stdout.contains("intertext"))
    }

    /// --output FILE writes what a command would print to the file, byte for byte; a file it cannot write exits 2.
    @Test func outputGoesToAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("derive-out-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: file) }
        let printed = try Binary.run(["solve", "softmax-ce", "--format", "markdown"])
        let written = try Binary.run(["solve", "softmax-ce", "--format", "markdown", "--output", file.path])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
        let bad = try Binary.run(["explain", "x_i", "--output", "/nonexistent-folder/x.txt"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: cannot write --output /nonexistent-folder/x.txt"))
    }
}
