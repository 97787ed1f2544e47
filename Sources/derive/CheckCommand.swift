import Foundation
import Symbolic

/// `derive check FILE`
enum CheckCommand: Command {
    static let name = "check"
    static let summary = "check a written derivation step by step"
    static let help = """
    usage: derive check FILE|FOLDER... [--problem NAME [--style S] [--logits X] ...] [--let DEF]... [--assume FACT]... [--einstein] [--format F] [--seed N] [--explain-reading] [--allow-unchecked]

    Reads the display math of FILE (.tex, .md or .txt; - for standard input), follows every chain
    A = B = C, and says for each step whether it is valid, invalid (with a counterexample) or
    unverified (with the reason). Text that lost \\b, \\f, \\t, \\r to a JSON string is repaired.

      --problem NAME    what is being derived, from 'derive list' (definitions and assumptions)
      --style S         the problem in the names of a style's document (cases: z, j; indicator: a_L),
                        as 'derive solve --style S' writes it
      --logits X, --probs P, --labels Y, --index J   the problem in other names, as in 'derive solve'
      --let DEF         a definition, as in 'derive grad' (repeatable)
      --assume FACT     an assumption, as in 'derive grad' (repeatable)
      --function NAME   read NAME(...) as a function of your own, checked with random functions (repeatable)
      --einstein        read repeated indices as sums (default: when the document says so)
      --format F        text (default), json or html (one offline page, the steps typeset)
      --seed N          seed of the random points (default 2026)

      --explain-reading under each step, the expression as derive read it (sums written out, a vector
                        at its entry), or why it could not: to see a misreading
      --allow-unchecked exit 0, not 3, when no step is wrong but some could not be judged

    Several files, or a folder (its .tex, .md, .txt and .ipynb files at any depth, by path), are checked
    in parallel and summed up one line a file, in the order of the paths (--format text, json or csv;
    --jobs N threads, default one per core). A notebook is read from its markdown cells. The exit code
    is the worst file's: 2 if one could not be read, else 1 if one is wrong, else 3 if one was not
    fully judged, else 0.

    exit codes: 0 every step and the result judged right, 1 a step or the result is wrong,
                2 the input cannot be read, 3 nothing wrong but something could not be judged
    """

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only(["--problem", "--let", "--assume", "--einstein", "--format", "--seed", "--style", "--logits", "--probs", "--labels", "--index", "--allow-unchecked", "--function", "--explain-reading", "--jobs"])
        guard !args.positionals.isEmpty else { throw UsageError(message: "check needs a file (or - for standard input), several files, or a folder") }
        let batch = try BatchCheck.files(args.positionals)
        var problem: Problem?
        if let name = try args.value("--problem") {
            guard let entry = Catalog.entry(named: name) else {
                throw UsageError(message: "unknown problem '\(name)'; known: " + Catalog.entries.map(\.name).joined(separator: ", "))
            }
            // In the names the document uses: a style's, or the user's.
            let style = try args.value("--style").map { try SolveCommand.style($0, of: entry, named: name) } ?? .standard
            problem = try SolveCommand.rename(try entry.problem(), args, style: style)
        } else if let flag = ["--style", "--logits", "--probs", "--labels", "--index"].first(where: { (try? args.value($0)) != nil }) {
            throw UsageError(message: "\(flag) names the symbols of a problem; give the problem with --problem")
        }
        var lets: [Definition] = []
        let written = args.values("--let")
        if written.contains(where: MatrixNotation.isMatrixNotation) {
            // Definitions in matrix notation, as for grad: read together, so that their shapes agree.
            lets = try Problem.matrixDefinitions(written).0
        } else {
            for (n, l) in written.enumerated() {
                do { lets.append(try Parser.parseDefinition(l)) } catch let e as ParseError { throw Problem.InputError(argument: "--let #\(n + 1)", error: e) }
            }
        }
        var facts: [Assumption] = []
        for (n, a) in args.values("--assume").enumerated() {
            do { facts.append(try Parser.parseAssumption(a)) } catch let e as ParseError { throw Problem.InputError(argument: "--assume #\(n + 1)", error: e) }
        }
        let formatName = try args.value("--format") ?? "text"
        let checker = Checker(problem: problem, definitions: lets, assumptions: facts,
                              einstein: args.flags.contains("--einstein") ? true : nil, seed: try args.seed())
        var withFunctions = checker
        withFunctions.functions = Set(args.values("--function"))
        if let batch { return try runBatch(batch, withFunctions, format: formatName, args, &out) }
        let text = try readDocument(args.positionals[0])
        guard let format = OutputFormats.named(formatName), format.writesReports else {
            throw UsageError(message: "check writes " + OutputFormats.reportFormats.map(\.name).joined(separator: " or ") + ", not '\(formatName)'")
        }
        if format is HTMLFormat, let why = HTMLFormat.unavailable { throw UsageError(message: why) }
        var report = withFunctions.check(text)
        report.showsReadings = args.flags.contains("--explain-reading")
        if report.steps.isEmpty && report.final == nil {
            // Nothing readable: the input cannot be read. Say where.
            if let first = report.problems.first { throw first }
            throw ParseError(noDerivation, at: 0, length: 1, in: text)
        }
        out.print(format.write(report) ?? "")
        // The report's last line (text) or its "status" (JSON) says what was not judged.
        return ExitCode.of(report.status, allowUnchecked: args.flags.contains("--allow-unchecked"))
    }

    /// What a document without a chain to check is told.
    static let noDerivation = "no derivation found: no display math ($$...$$, \\[...\\], align) with '='"

    /// Several documents, or a folder's: one summary, the exit code of the worst.
    static func runBatch(_ files: [String], _ checker: Checker, format: String, _ args: Arguments, _ out: inout Output) throws -> Int32 {
        guard ["text", "json", "csv"].contains(format) else { throw UsageError(message: "check of several files writes text, json or csv, not '\(format)'") }
        guard !args.flags.contains("--explain-reading") else { throw UsageError(message: "--explain-reading is for one file") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let jobs = try args.value("--jobs").map { v -> Int in
            guard let n = Int(v), (1...256).contains(n) else { throw UsageError(message: "--jobs takes a number of threads from 1 to 256, not '\(v)'") }
            return n
        } ?? cores
        let results = BatchCheck.run(files, checker, jobs: jobs, progress: isatty(STDERR_FILENO) == 1 && files.count > 1)
        out.print(format == "json" ? BatchCheck.json(results) : format == "csv" ? BatchCheck.csv(results) : BatchCheck.text(results))
        return BatchCheck.exitCode(results, allowUnchecked: args.flags.contains("--allow-unchecked"))
    }

    /// The file's text, or standard input for `-`; binary or unreadable input is refused with its position.
    static func readDocument(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else { throw InputError(message: "cannot read \(path)") }
            data = d
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(message: Arguments.invalidUTF8(data).replacingOccurrences(of: "standard input", with: path == "-" ? "standard input" : path)) }
        if let nul = text.firstIndex(of: "\u{0}") {
            let before = text[..<nul]
            let line = before.filter { $0 == "\n" }.count + 1
            let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            throw InputError(message: "\(path == "-" ? "standard input" : path) is not text: a NUL byte at line \(line), column \(column)")
        }
        return text
    }
}
