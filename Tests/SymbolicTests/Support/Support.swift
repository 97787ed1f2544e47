import Foundation
import Testing
import Symbolic

/// Parses LaTeX in tests; a parse failure is a test failure with the positioned message.
func tex(_ s: String, functions: Set<String> = []) throws -> Expr {
    do { return try Parser.parse(s, options: ParseOptions(functions: functions)) } catch let e as ParseError {
        Issue.record("\(e.formatted())")
        throw e
    }
}

/// Numeric equivalence of two expressions under a context, at seeded random points.
func equivalent(_ a: Expr, _ b: Expr, context: Context = Context(), free: [String], points: Int = 16, seed: UInt64 = 11) throws -> ValidationReport {
    let v = Validator(context: context, seed: seed, minimumPoints: points, sizeConfigurations: 4)
    return try v.validate(reference: a, against: [b], free: free)
}

/// A python3 that can import numpy, if the machine has one.
enum Python {
    static let executable: String? = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3", "python3"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [candidate, "-c", "import numpy"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return candidate }
        }
        return nil
    }()
    static var available: Bool { executable != nil }

    /// Runs `script` with arguments; returns exit status and output.
    static func run(_ script: String, _ args: [String]) throws -> (Int32, String) {
        guard let exe = executable else { return (-1, "no python3 with numpy") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [exe, script] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs Tests/scripts/check_numpy.py on a numpy module: its gradient against central finite differences.
func checkNumPy(_ module: String, seed: String = "7") throws -> (Int32, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-numpy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("module.py")
    try module.write(to: file, atomically: true, encoding: .utf8)
    return try Python.run(repositoryRoot.appendingPathComponent("Tests/scripts/check_numpy.py").path, [file.path, seed])
}

/// Runs `body` on a new thread with a stack of `megabytes` and waits for it: a walk that overflows the stack
/// kills the test process, so a test that passes shows the walk fits in that stack.
func onThread<T: Sendable>(stackMegabytes megabytes: Int, _ body: @escaping @Sendable () throws -> T) throws -> T {
    let box = ThreadResult<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.result = Result { try body() }
        done.signal()
    }
    thread.stackSize = megabytes << 20
    thread.start()
    done.wait()
    guard let result = box.result else { throw CancellationError() }
    return try result.get()
}

/// What a thread of `onThread` returned, handed back once it is done.
final class ThreadResult<T>: @unchecked Sendable { var result: Result<T, Error>? }
