import Symbolic

/// `derive solve PROBLEM [--style S]`
enum SolveCommand: Command {
    static let name = "solve"
    static let summary = "derive a problem of the catalog (see 'derive list')"
    static var help: String {
        """
        usage: derive solve PROBLEM [--style S] [--format F] [--seed N] [--no-check]

        Derives a known problem step by step and checks every step numerically.

          PROBLEM      one of: \(Catalog.entries.map(\.name).joined(separator: ", "))
          --style S    how to derive it (default: the problem's first style; see 'derive list')
          --format F   latex (default), text, json or numpy
          --seed N     seed of the random points (default 2026)
          --no-check   skip the numeric check
          --indicator  write Kronecker deltas as indicators
          --template T a whole document from templates/T.tex (article), for pdflatex

        example:
          derive solve softmax-ce
        """
    }

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only(["--style", "--format", "--seed", "--no-check", "--template", "--indicator"])
        guard args.positionals.count == 1 else { throw UsageError(message: "solve needs one problem name; see 'derive list'") }
        let name = args.positionals[0]
        guard let entry = Catalog.entry(named: name) else {
            throw UsageError(message: "unknown problem '\(name)'; known: " + Catalog.entries.map(\.name).joined(separator: ", "))
        }
        let styleName = try args.value("--style") ?? entry.styles.first ?? "standard"
        guard entry.styles.contains(styleName), let style = Catalog.style(named: styleName) else {
            throw UsageError(message: "the style '\(styleName)' does not apply to \(name); it has: " + entry.styles.joined(separator: ", "))
        }
        let format = try Format.parse(try args.value("--format"))
        return try emit(try entry.problem(), style: style, format: format, check: !args.flags.contains("--no-check"), seed: try args.seed(), options: args, &out)
    }
}
