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
    let d = problems.count == 1 ? try Derivation.derive(problem, style: style) : try Derivation.derive(problems, style: style)
    let report = check ? try d.validate(problem, seed: seed) : nil
    var notation = style.notation(for: problem)
    if options.flags.contains("--indicator") { notation.delta = .indicator }
    if let c = try options.value("--convention") {
        guard let convention = MatrixConvention(rawValue: c) else { throw UsageError(message: "--convention takes row or column, not '\(c)'") }
        notation.convention = convention
    }
    if let template = try options.value("--template") {
        guard let latex = format as? LaTeXFormat else { throw UsageError(message: "--template goes with --format latex") }
        out.print(try latex.document(d, report: report, notation: notation, template: template))
        return report.map { $0.checks.contains { if case .invalid = $0.verdict { return true }; return false } ? ExitCode.wrong : ExitCode.success } ?? ExitCode.success
    }
    out.print(try format.write(d, report: report, notation: notation))
    guard let report else { return ExitCode.success }
    let layout = DerivationLayout(notation: notation)
    let wrong = report.checks.contains { if case .invalid = $0.verdict { return true }; return false }
    if wrong {
        out.error("error: numeric validation failed\n" + (layout.failure(d, report) ?? ""))
        return ExitCode.wrong
    }
    if !report.passed {
        // Nothing was found wrong, but not everything could be checked: say so, do not call it a failure.
        out.error("warning: not checked numerically\n" + (layout.failure(d, report) ?? ""))
    }
    return ExitCode.success
}
