import Foundation
import Symbolic

/// `derive check DIR` or `derive check A B ...`: every document checked, in parallel, reported in the order of
/// the files, one line (or row, or object) each.
enum BatchCheck {
    /// The extensions of the documents a folder's check reads.
    static let extensions: Set<String> = ["tex", "md", "txt", "ipynb"]

    /// The documents the positionals name, in order: a folder gives its documents (at any depth, sorted by path,
    /// hidden files left out), a file itself. `nil` for one file or `-`: that is the single-document check.
    static func files(_ positionals: [String]) throws -> [String]? {
        var isFolder: ObjCBool = false
        if positionals.count == 1, !FileManager.default.fileExists(atPath: positionals[0], isDirectory: &isFolder) || !isFolder.boolValue {
            return nil
        }
        var out: [String] = []
        for p in positionals {
            guard p != "-" else { throw UsageError(message: "- (standard input) can only be checked alone") }
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &folder), folder.boolValue else { out.append(p); continue }
            let base = URL(fileURLWithPath: p)
            let found = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            var inFolder: [String] = []
            while let url = found?.nextObject() as? URL {
                guard extensions.contains(url.pathExtension.lowercased()),
                      (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count).drop { $0 == "/" }
                inFolder.append((p.hasSuffix("/") ? p : p + "/") + relative)
            }
            guard !inFolder.isEmpty else { throw UsageError(message: "no .tex, .md, .txt or .ipynb file in \(p)") }
            out += inFolder.sorted()
        }
        return out
    }

    /// One document's outcome: its counts, or why it could not be read.
    struct FileResult: Codable, Sendable {
        var file: String
        /// The steps, and how many of them were judged each way.
        var steps = 0, valid = 0, invalid = 0, unverified = 0
        /// The verdict on the result (the last expression against the derivative), where there is one.
        var result: String?
        /// The line of the first wrong step, or of the result where only it is wrong.
        var firstWrongLine: Int?
        /// passed, failed, unchecked, or error (the file could not be read or held no derivation).
        var status: String
        var error: String?
    }

    static func checkOne(_ path: String, _ checker: Checker) -> FileResult {
        let text: String
        do { text = try CheckCommand.readDocument(path) } catch {
            return FileResult(file: path, status: "error", error: message(error))
        }
        let report = checker.check(text)
        if report.steps.isEmpty && report.final == nil {
            return FileResult(file: path, status: "error", error: report.problems.first.map(message) ?? CheckCommand.noDerivation)
        }
        let steps = report.steps
        return FileResult(file: path, steps: steps.count, valid: steps.filter { $0.verdict == .valid }.count,
                          invalid: steps.filter { $0.verdict == .invalid }.count, unverified: steps.filter { $0.verdict == .unverified }.count,
                          result: report.final?.verdict.rawValue,
                          firstWrongLine: (steps + (report.final.map { [$0] } ?? [])).first { $0.verdict == .invalid }?.line,
                          status: report.status.rawValue)
    }

    static func message(_ error: any Error) -> String {
        switch error {
        case let e as InputError: return e.message
        case let e as ParseError: return e.message
        default: return "\(error)"
        }
    }

    /// Checks every file on `jobs` threads (each with the stack the engine's limits need, as the CLI's own);
    /// the results come back in the order of `files`, whatever order they finish in.
    static func run(_ files: [String], _ checker: Checker, jobs: Int, progress: Bool) -> [FileResult] {
        final class Shared: @unchecked Sendable {
            let lock = NSLock()
            var results: [FileResult?]
            var next = 0, done = 0
            init(_ n: Int) { results = Array(repeating: nil, count: n) }
        }
        let shared = Shared(files.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, files.count)) {
            group.enter()
            let worker = Thread {
                while true {
                    shared.lock.lock()
                    let k = shared.next
                    shared.next += 1
                    shared.lock.unlock()
                    guard k < files.count else { break }
                    let r = checkOne(files[k], checker)
                    shared.lock.lock()
                    shared.results[k] = r
                    shared.done += 1
                    if progress { FileHandle.standardError.write(Data("\r\u{1B}[K[\(shared.done)/\(files.count)] \(files[k])".utf8)) }
                    shared.lock.unlock()
                }
                group.leave()
            }
            worker.stackSize = 256 << 20
            worker.start()
        }
        group.wait()
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return shared.results.enumerated().map { $0.element ?? FileResult(file: files[$0.offset], status: "error", error: "not checked") }
    }

    /// The exit code of the worst file: an unreadable one (2), else a wrong one (1), else one not fully judged (3).
    static func exitCode(_ results: [FileResult], allowUnchecked: Bool) -> Int32 {
        let statuses = Set(results.map(\.status))
        if statuses.contains("error") { return ExitCode.badInput }
        if statuses.contains(CheckStatus.failed.rawValue) { return ExitCode.wrong }
        if statuses.contains(CheckStatus.unchecked.rawValue) { return allowUnchecked ? ExitCode.success : ExitCode.unchecked }
        return ExitCode.success
    }

    static func text(_ results: [FileResult]) -> String {
        var lines = results.map { r -> String in
            if let e = r.error { return "\(r.file): error: \(e)" }
            var s = "\(r.file): \(r.status), \(r.steps) steps: \(r.valid) valid, \(r.invalid) invalid, \(r.unverified) unverified"
            if let v = r.result { s += "; result \(v)" }
            if let l = r.firstWrongLine { s += " (first wrong at line \(l))" }
            return s
        }
        let count = { (s: String) in results.filter { $0.status == s }.count }
        lines.append("\(results.count) files: \(count("passed")) passed, \(count("failed")) failed, \(count("unchecked")) unchecked, \(count("error")) unreadable")
        return lines.joined(separator: "\n") + "\n"
    }

    static func csv(_ results: [FileResult]) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "file,steps,valid,invalid,unverified,result,first_wrong_line,status,error\n"
        for r in results {
            out += [field(r.file), "\(r.steps)", "\(r.valid)", "\(r.invalid)", "\(r.unverified)", r.result ?? "", r.firstWrongLine.map(String.init) ?? "",
                    r.status, field(r.error ?? "")].joined(separator: ",") + "\n"
        }
        return out
    }

    static func json(_ results: [FileResult]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["files": results])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
