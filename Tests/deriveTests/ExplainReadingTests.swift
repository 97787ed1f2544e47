import Foundation
import Testing

/// `derive check --explain-reading`: each step's expression as derive read it, so that a misreading shows.
@Suite("derive check --explain-reading")
struct ExplainReadingTests {
    static let network = """
    We use Einstein notation.
    $$t_d = x_k W_{kd}$$
    $$u_d = 2 x_d$$
    $$\\frac{\\partial t_d}{\\partial x_k} = W_{kd} = W_{kd} + u_d - u_e$$
    """

    /// The reading shows the sums made explicit, and the entry index of a derivative stays an entry: read as a
    /// sum over d (as it once was), the last step would pass, for u_d - u_e sums to zero over d and e.
    @Test func readingsShowTheSumsAndTheEntry() throws {
        let r = try Binary.run(["check", "-", "--explain-reading"], stdin: ExplainReadingTests.network)
        #expect(r.status == 1)
        #expect(r.stdout.contains("read as: W_{kd}\n"))
        #expect(r.stdout.contains("read as: W_{kd} + u_d - \\sum_e u_e"))
        let json = try Binary.run(["check", "-", "--explain-reading", "--format", "json"], stdin: ExplainReadingTests.network)
        #expect(json.stdout.contains(#""read" : "W_{kd}""#))
        // Without the flag, nothing changes.
        let plain = try Binary.run(["check", "-", "--format", "json"], stdin: ExplainReadingTests.network)
        #expect(!plain.stdout.contains(#""read""#))
    }

    /// A line that cannot be read says so where its reading would be.
    @Test func anUnreadLineSaysWhy() throws {
        let r = try Binary.run(["check", "-", "--explain-reading"], stdin: "$$\\frac{\\partial}{\\partial x} x^2 = 2 x = 2 x \\nosuchcommand = 2 x$$")
        #expect(r.stdout.contains("read as: not read: cannot read: unknown command \\nosuchcommand"))
    }
}
