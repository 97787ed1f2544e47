import Symbolic

/// `derive grad EXPR --wrt VAR [--let DEF]... [--assume FACT]...`
enum GradCommand: Command {
    static let name = "grad"
    static let summary = "derive the gradient of your own loss, step by step"
    static let help = """
    usage: derive grad EXPR --wrt VAR [--let DEF]... [--assume FACT]... [--format F] [--seed N] [--no-check] [--allow-unchecked]

    Differentiates the LaTeX expression EXPR with respect to VAR, one named rule per step,
    and checks every step against a dual-number derivative at random points.

      EXPR              the loss in LaTeX, or - to read it from standard input
      --wrt VAR         the variable, with its index: '\\theta_k', 'W^{(1)}_{fg}', 'x'; in matrix notation
                        a whole vector or matrix: 'x', '\\mathbf{x}', 'X', '\\nabla_X'
      --wrt VAR2        given a second time: the second derivatives, by VAR then VAR2
      --hessian         the second derivatives by VAR twice (the Hessian)
      --explain         between the steps, why each is allowed: the rule, the indices, each delta
      --let DEF         a definition: '\\hat{y}_i = \\frac{e^{\\theta_i}}{\\sum_m e^{\\theta_m}}' (repeatable)
      --assume FACT     'y one-hot', 'y probability', '\\sum_i y_i = 1', 'x > 0' (repeatable)
      --function NAME   read NAME(...) as a function of your own (repeatable)
      --name NAME       the loss's name on the left side (default L)
      --style S         standard (default) or another; see 'derive list'
      --format F        latex (default), markdown (GitHub, Jupyter, KaTeX), html (one offline page), text, json or numpy
      --seed N          seed of the random points (default 2026)
      --no-check        skip the numeric check (the exit code is then 3: not checked)
      --allow-unchecked exit 0, not 3, when nothing was found wrong but not everything was checked
      --indicator       write Kronecker deltas as indicators, \\mathbb{1}_{i=k}
      --template NAME   a whole document from templates/NAME.tex (article), for pdflatex
      --convention C    row (default) or column: vectors in matrix notation (style backprop)

    EXPR may be index notation ('\\sum_i \\sum_j x_i A_{ij} x_j') or matrix notation ('x^T A x',
    '\\|Xw - y\\|^2', '\\operatorname{tr}(A X B)'): capitals are matrices, bold letters vectors, and a letter
    is a vector where it is used as one. The result is then given in matrix notation too, with column
    vectors, shaped like the variable (denominator layout).

    examples:
      derive grad '-\\sum_i y_i \\log \\hat{y}_i' --wrt '\\theta_k' \\
        --let '\\hat{y}_i = \\frac{e^{\\theta_i}}{\\sum_m e^{\\theta_m}}' --assume 'y one-hot'
      derive grad 'x^T A x' --wrt x --hessian

    exit codes: 0 every step checked and right, 1 a wrong step found, 2 bad input or usage,
                3 nothing found wrong but not everything checked (0 with --allow-unchecked)
    """

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only(["--wrt", "--let", "--assume", "--format", "--seed", "--no-check", "--name", "--function", "--template", "--indicator", "--style", "--convention", "--allow-unchecked", "--hessian", "--explain"])
        guard args.positionals.count == 1 else {
            throw UsageError(message: args.positionals.isEmpty ? "grad needs an expression" : "grad takes one expression; quote it")
        }
        let wrts = args.values("--wrt")
        guard let wrt = wrts.first else { throw UsageError(message: "grad needs --wrt VAR") }
        guard wrts.count <= 2 else { throw UsageError(message: "--wrt given more than twice: once for the gradient, twice for second derivatives") }
        let format = try outputFormat(try args.value("--format"))
        let problem = try Problem.parse(lossName: try args.value("--name") ?? "L", loss: try Arguments.text(args.positionals[0]),
                                        wrt: wrt, lets: args.values("--let"), assumes: args.values("--assume"),
                                        functions: Set(args.values("--function")))
        let styleName = try args.value("--style") ?? "standard"
        guard let style = Style.named(styleName) else {
            throw UsageError(message: "unknown style '\(styleName)'; known: " + Style.all.map(\.name).joined(separator: ", "))
        }
        return try emit(problem, style: style, format: format, check: !args.flags.contains("--no-check"), seed: try args.seed(), options: args, &out)
    }
}
