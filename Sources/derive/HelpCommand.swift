/// `derive help [COMMAND]`
enum HelpCommand: Command {
    static let name = "help"
    static let summary = "show help for a command"
    static let help = "usage: derive help [COMMAND]\n\nShows the help of COMMAND, or the overview without one."

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only([])
        guard let name = args.positionals.first else { out.print(CLI.usage); return ExitCode.success }
        guard args.positionals.count == 1, let cmd = CLI.command(named: name) else {
            throw UsageError(message: "unknown command '\(args.positionals.joined(separator: " "))'")
        }
        out.print(cmd.help)
        return ExitCode.success
    }
}
