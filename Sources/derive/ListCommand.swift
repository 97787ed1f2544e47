import Foundation
import Symbolic

/// `derive list`: the problems of the catalog and their styles.
enum ListCommand: Command {
    static let name = "list"
    static let summary = "list the known problems and the styles that apply to each"
    static let help = """
    usage: derive list

    Lists the problems 'derive solve' knows, with the styles that apply to each.
    """

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only([])
        guard args.positionals.isEmpty else { throw UsageError(message: "list takes no arguments") }
        var s = "problems:\n"
        for e in Catalog.entries {
            s += "  \(e.name.padding(toLength: 18, withPad: " ", startingAt: 0))\(e.summary)\n"
            let styles = (try? e.problem()).map(Style.applying) ?? []
            s += "  \(String(repeating: " ", count: 18))styles: \(styles.map(\.name).joined(separator: ", ")) (default \(e.style))\n"
        }
        s += "\nstyles:\n"
        for st in Style.all { s += "  \(st.name.padding(toLength: 18, withPad: " ", startingAt: 0))\(st.summary)\n" }
        out.print(s)
        return ExitCode.success
    }
}
