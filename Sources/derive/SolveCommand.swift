import Symbolic

/// `derive solve PROBLEM [--style S]`
enum SolveCommand: Command {
    static let name = "solve"
    static let summary = "derive a problem of the catalog (see 'derive list')"
    static var help: String {
        """
        usage: derive solve PROBLEM [--style S] [--format F] [--seed N] [--no-check] [--allow-unchecked]

        Derives a known problem step by step and checks every step numerically.

          PROBLEM      one of: \(Catalog.entries.map(\.name).joined(separator: ", "))
          --style S    how to derive it (default: the problem's first style; see 'derive list')
          --format F   latex (default), markdown (GitHub, Jupyter, KaTeX), html (one offline page), text, json or numpy
          --seed N     seed of the random points (default 2026)
          --no-check   skip the numeric check (the exit code is then 3: not checked)
          --allow-unchecked   exit 0, not 3, when nothing was found wrong but not everything was checked
          --indicator  write Kronecker deltas as indicators
          --logits X, --probs P, --labels Y   other names for the logits, the probabilities and the labels
          --index J    another name for the index of the variable differentiated by
          --template T a whole document from templates/T.tex (article), for pdflatex
          --wrt VAR    another variable of the problem (mlp: x_k, 'W^{(1)}_{fg}', 'b^{(1)}_c', ...)
          --all        every variable of the problem in turn, in one document
          --hessian    the second derivatives by the variable, in index and matrix notation
          --explain    between the steps, why each is allowed: the rule, the indices, each delta
          --layers L   mlp with L layers (1 to 256)
          --convention row|column   vectors in matrix notation (default: row, as in the Einstein-notation homework)

        example:
          derive solve softmax-ce
          derive solve softmax-ce --style einstein --logits z --probs p --labels t --index j

        exit codes: 0 every step checked and right, 1 a wrong step found, 2 bad input or usage,
                    3 nothing found wrong but not everything checked (0 with --allow-unchecked)
        """
    }

    /// The problem in the names the user asked for, else in the style's: the logits are the variable
    /// differentiated by, the probabilities the defined symbol, the labels the one-hot input.
    static func rename(_ p: Problem, _ args: Arguments, style: Style) throws -> Problem {
        func symbol(_ flag: String) throws -> Symbol? {
            guard let text = try args.value(flag) else { return nil }
            do {
                guard case .variable(var s, let idx) = try Parser.parse(text), idx.count <= 1 else {
                    throw UsageError(message: "\(flag) takes a symbol name such as z, \\hat{p} or a_L, not '\(text)'")
                }
                // A capital or a number below the name labels a layer, as the backpropagation slides's a_L (printed a_{L,i}).
                if let label = idx.first {
                    let labelText: String
                    switch label {
                    case .named(let n) where n.first?.isUppercase == true: labelText = n
                    case .value(let v): labelText = String(v)
                    default: throw UsageError(message: "\(flag) takes a symbol name; a label below it is a capital or a number, as in a_L, not '\(text)'")
                    }
                    guard s.label == nil else { throw UsageError(message: "\(flag): '\(text)' has two labels") }
                    s.label = labelText
                    s.labelBelow = true
                }
                return s
            } catch let e as ParseError { throw Problem.InputError(argument: flag, error: e) }
        }
        var names = style.names
        if let s = try symbol("--logits") {
            guard p.hasLogits else { throw UsageError(message: "this problem has no logits to rename (nothing is defined from its variable)") }
            names.logits = s
        }
        if let s = try symbol("--probs") { names.probabilities = s }
        if let s = try symbol("--labels") {
            guard p.context.assumptions.contains(where: { if case .oneHot = $0 { return true }; return false }) else {
                throw UsageError(message: "this problem has no one-hot labels to rename")
            }
            names.labels = s
        }
        if let j = try args.value("--index") {
            guard let parsed = try? Parser.parse(j), case .variable(let s, let idx) = parsed, idx.isEmpty, s.accent == .none, !s.bold, s.label == nil else {
                throw UsageError(message: "--index takes an index name such as j, not '\(j)'")
            }
            names.index = s.name
        }
        return try p.named(names)
    }

    /// A style that applies to the catalog entry, else a usage error that lists those that do.
    static func style(_ styleName: String, of entry: Catalog.Entry, named name: String) throws -> Style {
        let applying = Style.applying(to: try entry.problem())
        guard let style = applying.first(where: { $0.name == styleName }) else {
            throw UsageError(message: "the style '\(styleName)' does not apply to \(name); it has: " + applying.map(\.name).joined(separator: ", "))
        }
        return style
    }

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only(["--style", "--format", "--seed", "--no-check", "--template", "--indicator", "--logits", "--probs", "--labels", "--index",
                       "--wrt", "--all", "--layers", "--convention", "--allow-unchecked", "--hessian", "--explain"])
        guard args.positionals.count == 1 else { throw UsageError(message: "solve needs one problem name; see 'derive list'") }
        let name = args.positionals[0]
        guard var entry = Catalog.entry(named: name) else {
            throw UsageError(message: "unknown problem '\(name)'; known: " + Catalog.entries.map(\.name).joined(separator: ", "))
        }
        if let text = try args.value("--layers") {
            guard name == "mlp" else { throw UsageError(message: "--layers applies to mlp only") }
            guard let layers = Int(text), (1...256).contains(layers) else { throw UsageError(message: "--layers takes a number of layers from 1 to 256, not '\(text)'") }
            entry = Catalog.network(layers: layers)
        }
        let style = try SolveCommand.style(try args.value("--style") ?? entry.style, of: entry, named: name)
        let format = try outputFormat(try args.value("--format"))
        // One variable (the problem's own, or --wrt), or every one (--all) in one document.
        let variables: [String]
        if args.flags.contains("--all") {
            guard try args.value("--wrt") == nil else { throw UsageError(message: "give --wrt or --all, not both") }
            variables = entry.allVariables
        } else {
            variables = [try args.value("--wrt") ?? entry.wrt]
        }
        let problems = try variables.map { try rename(try entry.problem(wrt: $0), args, style: style) }
        return try emit(problems, style: style, format: format, check: !args.flags.contains("--no-check"), seed: try args.seed(), options: args, &out)
    }
}
