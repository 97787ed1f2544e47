import Symbolic

/// Output formats shared by `grad` and `solve`.
enum Format: String, CaseIterable {
    case latex, text, json, numpy

    static func parse(_ s: String?) throws -> Format {
        guard let s else { return .latex }
        guard let f = Format(rawValue: s) else {
            throw UsageError(message: "unknown format '\(s)'; use one of " + Format.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return f
    }
}

/// Derives, validates and prints a problem in a format; the shared body of `grad` and `solve`.
func emit(_ problem: Problem, style: Style, format: Format, check: Bool, seed: UInt64, options: Arguments, _ out: inout Output) throws -> Int32 {
    try emit([problem], style: style, format: format, check: check, seed: seed, options: options, &out)
}

/// Derives one variable or several in turn (`solve --all`), validates, and prints.
func emit(_ problems: [Problem], style: Style, format: Format, check: Bool, seed: UInt64, options: Arguments, _ out: inout Output) throws -> Int32 {
    guard let problem = problems.last else { throw UsageError(message: "nothing to derive") }
    if problems.count > 1, format == .numpy { throw UsageError(message: "the numpy format writes one gradient: give --wrt instead of --all") }
    let d = problems.count == 1 ? try Derivation.derive(problem, style: style) : try Derivation.derive(problems, style: style)
    let report = check ? try d.validate(problem, seed: seed) : nil
    var notation = style.notation(for: problem)
    if options.flags.contains("--indicator") { notation.delta = .indicator }
    if let c = try options.value("--convention") {
        guard let convention = MatrixConvention(rawValue: c) else { throw UsageError(message: "--convention takes row or column, not '\(c)'") }
        notation.convention = convention
    }
    let template = try options.value("--template")
    if template != nil { notation.indicatorCommand = "\\indicator" }
    let layout = DerivationLayout(notation: notation)
    if let template {
        guard format == .latex else { throw UsageError(message: "--template goes with --format latex") }
        // The problem's name in words, then what is derived, in the derivation's own notation.
        let words = problem.summary.split(separator: ",").first.map { String($0).prefix(1).uppercased() + String($0).dropFirst() }
        let title = (words.map { Templates.escape($0) + ": " } ?? "The gradient ") + "\\(\(layout.printer.print(d.lhs))\\)"
        let body = layout.latex(d, report: nil)
        let checkLine = report.map { Templates.escape(layout.summary($0)) } ?? ""
        out.print(try Templates.fill(template, title: title, body: body, check: checkLine))
        return report.map { $0.checks.contains { if case .invalid = $0.verdict { return true }; return false } ? ExitCode.wrong : ExitCode.success } ?? ExitCode.success
    }
    switch format {
    case .latex: out.print(layout.latex(d, report: report))
    case .text: out.print(layout.plain(d, report: report))
    case .json: out.print(layout.json(d, problem: problem.name, report: report))
    case .numpy: out.print(try NumPyPrinter.module(problem: problem, gradient: d.result))
    }
    guard let report else { return ExitCode.success }
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
