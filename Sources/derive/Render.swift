import Symbolic

/// The output format of `--format`, from the library's registry (default latex).
func outputFormat(_ name: String?) throws -> any OutputFormat {
    guard let name else { return LaTeXFormat() }
    guard let f = OutputFormats.named(name) else {
        throw UsageError(message: "unknown format '\(name)'; use one of " + OutputFormats.all.map(\.name).joined(separator: ", "))
    }
    return f
}

/// Derives, validates and prints a problem in a format; the shared body of `grad` and `solve`.
func emit(_ problem: Problem, style: Style, format: any OutputFormat, check: Bool, seed: UInt64, options: Arguments,
          _ out: inout Output) throws -> Int32 {
    try emit([problem], style: style, format: format, check: check, seed: seed, options: options, &out)
}

/// Derives one variable or several in turn (`solve --all`), validates, and prints.
func emit(_ problems: [Problem], style: Style, format: any OutputFormat, check: Bool, seed: UInt64, options: Arguments,
          _ out: inout Output) throws -> Int32 {
    guard let problem = problems.last else { throw UsageError(message: "nothing to derive") }
    if problems.count > 1, format is NumPyFormat { throw UsageError(message: "the numpy format writes one gradient: give --wrt instead of --all") }
    let d: Derivation
    if let second = try hessianVariable(problem, options) {
        guard problems.count == 1 else { throw UsageError(message: "--hessian takes one variable: give --wrt instead of --all") }
        if format is NumPyFormat { throw UsageError(message: "the numpy format writes a gradient, not second derivatives") }
        d = try Derivation.hessian(problem, by: second, style: style)
    } else {
        d = problems.count == 1 ? try Derivation.derive(problem, style: style) : try Derivation.derive(problems, style: style)
    }
    let report = check ? try d.validate(problem, seed: seed) : nil
    var notation = style.notation(for: problem)
    if options.flags.contains("--indicator") { notation.delta = .indicator }
    notation.explain = options.flags.contains("--explain")
    if let c = try options.value("--convention") {
        guard let convention = MatrixConvention(rawValue: c) else { throw UsageError(message: "--convention takes row or column, not '\(c)'") }
        notation.convention = convention
    }
    let allow = options.flags.contains("--allow-unchecked")
    if let template = try options.value("--template") {
        guard let latex = format as? LaTeXFormat else { throw UsageError(message: "--template goes with --format latex") }
        out.print(try latex.document(d, report: report, notation: notation, template: template))
    } else {
        out.print(try format.write(d, report: report, notation: notation))
    }
    guard let report else {
        out.error("warning: not checked: the numeric check was not run (--no-check)")
        return ExitCode.of(.unchecked, allowUnchecked: allow)
    }
    let layout = DerivationLayout(notation: notation)
    switch report.status {
    case .failed: out.error("error: numeric validation failed\n" + (layout.failure(d, report) ?? ""))
    case .unchecked:
        // Nothing was found wrong, but not everything could be checked: say what and why, in one line first.
        out.error("warning: " + (report.uncheckedSummary ?? "not checked numerically") + "\n" + (layout.failure(d, report) ?? ""))
    case .passed: break
    }
    return ExitCode.of(report.status, allowUnchecked: allow)
}

/// The variable of the second derivatives: `--hessian` (the same variable again, with an index of its own) or a
/// second `--wrt`; nil for a gradient.
func hessianVariable(_ problem: Problem, _ options: Arguments) throws -> Expr? {
    let wrts = options.values("--wrt")
    if options.flags.contains("--hessian") {
        guard wrts.count <= 1 else { throw UsageError(message: "give --hessian or a second --wrt, not both") }
        return problem.wrt
    }
    guard wrts.count == 2 else { return nil }
    if wrts[1] == wrts[0] { return problem.wrt }
    let v: Expr
    do { v = try Parser.parseVariable(wrts[1]) } catch let e as ParseError { throw Problem.InputError(argument: "the second --wrt", error: e) }
    // A bare vector of matrix notation takes an index of its own.
    if case .variable(let s, let idx) = v, idx.isEmpty, problem.matrix?.shapes[s.component] == .vector { return .variable(s.component, [.named("l")]) }
    return v
}
