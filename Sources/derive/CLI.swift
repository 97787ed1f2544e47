import Foundation
import Symbolic

/// Exit codes: 0 success, 1 a wrong result was found, 2 bad input or usage.
enum ExitCode {
    static let success: Int32 = 0
    static let wrong: Int32 = 1
    static let badInput: Int32 = 2
    /// Nothing was found wrong, but not everything was checked (`--allow-unchecked` makes it 0).
    static let unchecked: Int32 = 3

    /// The code for a check's status.
    static func of(_ status: CheckStatus, allowUnchecked: Bool) -> Int32 {
        switch status {
        case .passed: return success
        case .failed: return wrong
        case .unchecked: return allowUnchecked ? success : unchecked
        }
    }
}

/// A usage error: unknown option, missing value.
struct UsageError: Error { var message: String }

/// Bad input that is not positioned text (a problem that makes no sense).
struct InputError: Error { var message: String }

/// A command of the CLI: a name, a one-line summary, help text and a `run`.
protocol Command {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32
}

/// What the commands print: stdout and stderr kept apart, so tests can compare each.
struct Output {
    var stdout = ""
    var stderr = ""
    mutating func print(_ s: String) { stdout += s.hasSuffix("\n") ? s : s + "\n" }
    mutating func error(_ s: String) { stderr += s.hasSuffix("\n") ? s : s + "\n" }
}

enum CLI {
    static let version = "0.1.0"
    static var commands: [any Command.Type] { [GradCommand.self, SolveCommand.self, CheckCommand.self, ExplainCommand.self, ListCommand.self, HelpCommand.self] }

    static func command(named name: String) -> (any Command.Type)? { commands.first { $0.name == name } }

    static var usage: String {
        var s = """
        derive \(version): step-by-step gradients in index notation, checked numerically

        usage: derive COMMAND [ARGUMENTS]

        commands:

        """
        for c in commands { s += "  " + c.name.padding(toLength: 8, withPad: " ", startingAt: 0) + c.summary + "\n" }
        s += """

        options:
          -h, --help     show help (also: derive help COMMAND)
          --version      print the version
          --output FILE  with any command: write what it prints to FILE instead

        exit codes: 0 checked and right, 1 a wrong step or result was found, 2 bad input or usage,
                    3 nothing found wrong but not everything checked (0 with --allow-unchecked)
        """
        return s
    }

    /// Runs the CLI on `arguments`, writing to the real stdout and stderr.
    static func run(_ arguments: [String]) -> Int32 {
        var out = Output()
        let status = run(arguments, &out)
        FileHandle.standardOutput.write(Data(out.stdout.utf8))
        FileHandle.standardError.write(Data(out.stderr.utf8))
        return status
    }

    static func run(_ arguments: [String], _ out: inout Output) -> Int32 {
        guard let first = arguments.first else {
            out.error(usage)
            return ExitCode.badInput
        }
        if first == "--help" || first == "-h" { out.print(usage); return ExitCode.success }
        if first == "--version" { out.print("derive \(version)"); return ExitCode.success }
        guard let cmd = command(named: first) else {
            out.error("error: unknown command '\(first)'\n\n" + usage)
            return ExitCode.badInput
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") { out.print(cmd.help); return ExitCode.success }
        do {
            var args = try Arguments(rest)
            // --output FILE, for every command: what it would print goes to the file instead.
            let file = try args.value("--output")
            args.options["--output"] = nil
            let status = try cmd.run(args, &out)
            if let file {
                do { try out.stdout.write(toFile: file, atomically: true, encoding: .utf8) } catch {
                    throw InputError(message: "cannot write --output \(file): \(error.localizedDescription)")
                }
                out.stdout = ""
            }
            return status
        } catch let e as UsageError {
            out.error("error: \(e.message)\n\nsee 'derive help \(cmd.name)'")
        } catch let e as OutputError {
            // A template that cannot be found or named is a usage error, like an unknown option.
            out.error("error: \(e.message)\n\nsee 'derive help \(cmd.name)'")
        } catch let e as Problem.InputError {
            out.error(e.error.formatted(label: "error: in \(e.argument)"))
        } catch let e as ParseError {
            out.error(e.formatted())
        } catch let e as DerivationError {
            out.error("error: \(e.message)")
        } catch let e as InputError {
            out.error("error: \(e.message)")
        } catch let e as NumericError {
            out.error("error: \(e.message)")
        } catch let e as NumPyFormat.Unsupported {
            out.error("error: no numpy form: \(e.description)")
        } catch {
            out.error("error: \(error)")
        }
        return ExitCode.badInput
    }
}

/// Hand-written argument parsing: positionals, `--name value` (or `--name=value`) options, flags.
struct Arguments {
    var positionals: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    /// Options that take a value; anything else starting with `--` is a flag.
    static let valued: Set<String> = ["--wrt", "--let", "--assume", "--format", "--style", "--seed", "--name", "--function", "--problem", "--template", "--logits", "--probs", "--labels", "--index", "--layers", "--convention", "--jobs", "--output"]
    static let knownFlags: Set<String> = ["--no-check", "--einstein", "--indicator", "--all", "--allow-unchecked", "--explain-reading", "--hessian", "--explain"]

    init(_ args: [String]) throws {
        var i = 0
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--") {
                var name = a, value: String?
                if let eq = a.firstIndex(of: "=") { name = String(a[..<eq]); value = String(a[a.index(after: eq)...]) }
                if Arguments.valued.contains(name) {
                    if value == nil {
                        guard i + 1 < args.count else { throw UsageError(message: "\(name) needs a value") }
                        i += 1
                        value = args[i]
                    }
                    options[name, default: []].append(value ?? "")
                } else if Arguments.knownFlags.contains(name), value == nil {
                    flags.insert(name)
                } else {
                    throw UsageError(message: "unknown option \(name)")
                }
            } else {
                positionals.append(a)
            }
            i += 1
        }
    }

    func value(_ name: String) throws -> String? {
        guard let vs = options[name] else { return nil }
        guard vs.count == 1 else { throw UsageError(message: "\(name) given more than once") }
        return vs[0]
    }

    func values(_ name: String) -> [String] { options[name] ?? [] }

    func only(_ allowed: Set<String>) throws {
        for k in options.keys where !allowed.contains(k) { throw UsageError(message: "\(k) does not apply to this command") }
        for k in flags where !allowed.contains(k) { throw UsageError(message: "\(k) does not apply to this command") }
    }

    /// Reads `-` as standard input.
    static func text(_ s: String) throws -> String {
        guard s == "-" else { return s }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let t = String(data: data, encoding: .utf8) else { throw InputError(message: invalidUTF8(data)) }
        return t.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Where the first byte that is not UTF-8 lies, as line and column.
    static func invalidUTF8(_ data: Data) -> String {
        let bytes = [UInt8](data)
        var i = 0, line = 1, column = 1
        scan: while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: break scan
            }
            guard i + length <= bytes.count else { break }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { break scan }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        let valid = i
        return "standard input is not UTF-8 text: invalid byte at line \(line), column \(column) (byte \(valid + 1))"
    }

    func seed() throws -> UInt64 {
        guard let s = try value("--seed") else { return 2026 }
        guard let v = UInt64(s) else { throw UsageError(message: "--seed takes a whole number, not '\(s)'") }
        return v
    }
}
