import Foundation
import Testing

/// `derive check FOLDER` and `derive check A B ...`: a class's submissions at once, in the order of their paths.
@Suite("derive check of several files")
struct BatchCheckTests {
    static let right = "$$\\frac{d}{dx}(x^3 + 2x) = 3x^2 + 2$$\n"
    static let wrong = "$$\\frac{d}{dx}(x^3 + 2x) = 3x^2 + 2x$$\n"
    /// A notebook whose markdown cell holds a right step; the code cell holds math that is not a derivation.
    static let notebook = """
    {"cells": [{"cell_type": "code", "source": ["y = x = 2"]},
               {"cell_type": "markdown", "source": ["So\\n", "$$\\\\frac{d}{dx} e^{2x} = 2 e^{2x}$$\\n"]}], "nbformat": 4}
    """

    /// A folder of submissions, nested, with a hidden file and a file of another kind that are not read.
    static func folder(unreadable: Bool) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("late"), withIntermediateDirectories: true)
        let files: [(String, Data)] = [
            ("b.md", Data(right.utf8)), ("a.tex", Data(wrong.utf8)), ("late/c.txt", Data(right.utf8)),
            ("nb.ipynb", Data(notebook.utf8)), (".hidden.md", Data(wrong.utf8)), ("notes.pdf", Data(wrong.utf8)),
        ] + (unreadable ? [("z.txt", Data([0x24, 0x24, 0x00, 0x01]))] : [])
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func aFolderIsCheckedInThePathsOrderWithTheWorstExitCode() throws {
        let dir = try BatchCheckTests.folder(unreadable: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Binary.run(["check", dir.path, "--format", "csv"])
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["file", "steps", "valid", "invalid", "unverified", "result", "first_wrong_line", "status", "error"])
        let names = rows.dropFirst().map { ($0.first ?? "").replacingOccurrences(of: dir.path + "/", with: "") }
        #expect(names == ["a.tex", "b.md", "late/c.txt", "nb.ipynb", "z.txt"])
        let status = Dictionary(uniqueKeysWithValues: zip(names, rows.dropFirst().map { $0.count > 7 ? $0[7] : "" }))
        #expect(status == ["a.tex": "failed", "b.md": "passed", "late/c.txt": "passed", "nb.ipynb": "passed", "z.txt": "error"])
        // The wrong step's line, and a reason for the file that could not be read; the rest went on.
        #expect(rows.dropFirst().first?[6] == "1")
        #expect(r.stdout.contains("NUL byte"))
        #expect(r.status == 2)
    }

    @Test func withoutAnUnreadableFileTheWrongOneDecides() throws {
        let dir = try BatchCheckTests.folder(unreadable: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Binary.run(["check", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.hasSuffix("4 files: 3 passed, 1 failed, 0 unchecked, 0 unreadable\n"))
        // Files named one by one: only those, in the order given; both right, so 0.
        let two = try Binary.run(["check", dir.appendingPathComponent("b.md").path, dir.appendingPathComponent("late/c.txt").path, "--format", "json"])
        #expect(two.status == 0)
        let files = try #require(try two.json()["files"] as? [[String: Any]])
        #expect(files.map { ($0["file"] as? String ?? "").hasSuffix("b.md") } == [true, false])
        #expect(files.map { $0["valid"] as? Int } == [1, 1])
    }

    /// However the threads finish, the output is the same bytes.
    @Test func oneThreadOrTwoGiveTheSameBytes() throws {
        let dir = try BatchCheckTests.folder(unreadable: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = try Binary.run(["check", dir.path, "--format", "json", "--jobs", "1"])
        let two = try Binary.run(["check", dir.path, "--format", "json", "--jobs", "2"])
        #expect(one.stdout == two.stdout)
        #expect(!one.stdout.isEmpty)
        let bad = try Binary.run(["check", dir.path, "--jobs", "0"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--jobs takes a number of threads"))
        let stdinWithFile = try Binary.run(["check", "-", dir.path])
        #expect(stdinWithFile.status == 2)
    }
}
