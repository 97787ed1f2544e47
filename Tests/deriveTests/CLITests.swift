import Foundation
import Testing

/// Runs the built `derive` binary and compares stdout, stderr and the exit code.
struct Run {
    var stdout: String
    var stderr: String
    var status: Int32

    /// Standard output read as a JSON object (`--format json`).
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }
}

enum Binary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `derive` executable beside the test bundle (SwiftPM builds it as a dependency).
    static let url: URL? = {
        if let env = ProcessInfo.processInfo.environment["DERIVE_BINARY"] { return URL(fileURLWithPath: env) }
        var candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        candidates += [root.appendingPathComponent(".build/debug"), root.appendingPathComponent(".build/release")]
        for dir in candidates {
            let f = dir.appendingPathComponent("derive")
            if FileManager.default.isExecutableFile(atPath: f.path) { return f }
        }
        return nil
    }()

    static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        // Output goes to files, so a large output can never block the child on a full pipe.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err"), inURL = dir.appendingPathComponent("in")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        let p = Process()
        p.executableURL = url
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        try p.run()
        p.waitUntilExit()
        return Run(stdout: try String(contentsOf: outURL, encoding: .utf8), stderr: try String(contentsOf: errURL, encoding: .utf8),
                   status: p.terminationStatus)
    }

    static func run(_ args: [String], stdinData: Data) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in")
        FileManager.default.createFile(atPath: inURL.path, contents: stdinData)
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        let errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = url
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: errURL)
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        try p.run()
        p.waitUntilExit()
        return Run(stdout: "", stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), status: p.terminationStatus)
    }

    /// Compares with a golden file; `UPDATE_GOLDEN=1 swift test` rewrites them.
    static func golden(_ name: String, _ actual: String) throws {
        let file = root.appendingPathComponent("Tests/deriveTests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from the golden file; run UPDATE_GOLDEN=1 swift test after checking the change")
    }
}

@Suite("derive: the command line", .serialized)
struct CLITests {
    @Test func binaryIsBuilt() { #expect(Binary.url != nil, "the derive executable was not found beside the tests") }

    @Test func solveSoftmaxCEPrintsTheDerivationAndAValidationLine() throws {
        let r = try Binary.run(["solve", "softmax-ce"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("Here $\\mathrm{CE} = "))
        #expect(r.stdout.contains("$; $\\mathbf{y}$ is one-hot.\n\n\\begin{align*}\n"))
        #expect(r.stdout.contains(#"\frac{\partial \mathrm{CE}}{\partial \boldsymbol{\theta}} &= \hat{\mathbf{y}} - \mathbf{y}"#))
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("% check: forward-mode dual numbers, 59 points (K=2..9), seed 2026"))
        #expect(last.hasSuffix(", passed"))
        try Binary.golden("solve-softmax-ce.tex", r.stdout)
    }

    /// Every problem of the catalog in every style that applies to it.
    static let pairs: [[String]] = [
        ["softmax-ce", "standard"], ["softmax-ce", "expanded"], ["softmax-ce", "einstein"], ["softmax-ce", "cases"],
        ["softmax-ce", "indicator"], ["softmax-ce", "jacobian"],
        ["softmax-jacobian", "jacobian"], ["softmax-jacobian", "cases"], ["softmax-jacobian", "einstein"], ["softmax-jacobian", "standard"],
        ["ce-output", "indicator"], ["ce-output", "standard"], ["softmax-ce-class", "indicator"], ["softmax-ce-class", "standard"],
        ["softmax-ce-class", "jacobian"],
        ["mlp", "backprop"], ["logreg", "backprop"], ["logreg", "cases"], ["logreg-samples", "backprop"], ["logreg-map", "backprop"],
    ]

    @Test(arguments: CLITests.pairs.filter { $0 != ["softmax-ce", "standard"] })
    func styleLayout(_ args: [String]) throws {
        // Layout only: the numbers are checked by the library's tests (softmax-ce's golden keeps its check line).
        let r = try Binary.run(["solve", args[0], "--style", args[1], "--no-check"])
        // Not checked, and the exit code says so.
        #expect(r.status == 3)
        #expect(r.stderr.contains("not checked"))
        try Binary.golden("solve-\(args[0])-\(args[1]).tex", r.stdout)
    }

    @Test func otherNamesSameDerivation() throws {
        let r = try Binary.run(["solve", "softmax-ce", "--style", "einstein", "--logits", "z", "--probs", "p", "--labels", "t", "--index", "j", "--format", "text"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("∂CE/∂𝐳 = 𝐩 - 𝐭    [vector-form]"))
        #expect(r.stdout.contains("(J=2..9)") && r.stdout.contains(", passed"))
        let taken = try Binary.run(["solve", "softmax-ce", "--probs", "y"])
        #expect(taken.status == 2)
        #expect(taken.stderr == "error: y already names something else in this problem\n")
        let index = try Binary.run(["solve", "softmax-ce", "--index", "i", "--format", "text"])
        #expect(index.status == 0 && index.stdout.contains("= ŷ_i - y_i    [sum-to-one]"))
    }

    /// Layout of the text and numpy formats (JSON is checked by structure below, not by its doubles).
    @Test(arguments: ["text", "numpy"])
    func formats(_ format: String) throws {
        let r = try Binary.run(["solve", "softmax-ce", "--format", format])
        #expect(r.status == 0)
        try Binary.golden("solve-softmax-ce.\(format == "numpy" ? "py" : format)", r.stdout)
    }

    @Test func jsonCarriesStepsRulesAndFigures() throws {
        let r = try Binary.run(["solve", "softmax-ce", "--format", "json"])
        let doc = try r.json()
        let steps = try #require(doc["steps"] as? [[String: Any]])
        #expect(steps.count > 10)
        #expect(steps.allSatisfy { ($0["rule"] as? String)?.isEmpty == false && ($0["latex"] as? String)?.isEmpty == false })
        #expect(steps.allSatisfy { (($0["check"] as? [String: Any])?["verdict"] as? String) == "valid" })
        let v = try #require(doc["validation"] as? [String: Any])
        #expect(v["passed"] as? Bool == true)
        #expect((v["points"] as? Int ?? 0) >= 50)
        #expect((v["maxRelativeError"] as? Double ?? 1) < 1e-9)
        #expect((doc["result"] as? [String: Any])?["latex"] as? String == #"\hat{\mathbf{y}} - \mathbf{y}"#)
    }

    /// A function added to the table works everywhere at once: read, differentiated, checked, printed.
    @Test func softplusEndToEnd() throws {
        let r = try Binary.run(["grad", #"\operatorname{softplus}(w x)"#, "--wrt", "w"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#"&= \sigma(w x) \frac{\partial}{\partial w} \left(w x\right) && \text{softplus rule}"#))
        #expect(r.stdout.contains(#"&= x \sigma(w x) && \text{index derivative}"#))
        #expect(r.stdout.contains(", passed"))
        // The logarithm written out is read as written.
        let log = try Binary.run(["grad", #"\log(1 + e^{x})"#, "--wrt", "x", "--format", "text"])
        #expect(log.status == 0 && log.stdout.contains("[d-log]") && !log.stdout.contains("softplus"))
    }

    @Test func matrixNotationInAndOut() throws {
        let r = try Binary.run(["grad", #"\operatorname{tr}(A X B)"#, "--wrt", "X", "--format", "text"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("In index notation, \\operatorname{tr}(A X B) is"))
        #expect(r.stdout.contains("= Aᵀ Bᵀ    [matrix-form]"))
        #expect(r.stdout.contains("passed"))
        // Products that do not conform are refused where they stand.
        let bad = try Binary.run(["grad", #"x^T A x + \mathbf{x} A"#, "--wrt", "x"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("a column vector times a matrix") && bad.stderr.contains("^"))
    }

    @Test func secondDerivatives() throws {
        let r = try Binary.run(["grad", "x^T A x", "--wrt", "x", "--hessian", "--format", "text"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("= Aᵀ + A    [matrix-form]"))
        let twice = try Binary.run(["solve", "softmax-ce", "--hessian", "--convention", "column"])
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(twice.stdout.contains(#"\operatorname{diag}\left(\hat{\mathbf{y}}\right) - \hat{\mathbf{y}} \hat{\mathbf{y}}^{T}"#))
        let numpy = try Binary.run(["grad", "x^T A x", "--wrt", "x", "--hessian", "--format", "numpy"])
        #expect(numpy.status == 2)
        // One vector of a family (word2vec's v_c, c fixed in the loss): no NumPy form, said rather than written wrong.
        let family = try Binary.run(["solve", "word2vec", "--format", "numpy", "--no-check"])
        #expect(family.status == 2 && family.stderr.contains("one vector of a family"), "\(family.stderr)")
    }

    @Test func gradReadsStandardInput() throws {
        let r = try Binary.run(["grad", "-", "--wrt", "w_k", "--format", "text"], stdin: #"\frac{\lambda}{2}\sum_j w_j^2"#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("= λ w_k    [delta-contract]"))
        #expect(r.stdout.contains("passed"))
    }

    @Test func sameInputSameBytes() throws {
        let args = ["grad", #"-\sum_n \left(y_n \log p_n + (1-y_n)\log(1-p_n)\right)"#, "--wrt", "w_j",
                    "--let", #"p_n = \sigma\left(\sum_d w_d x_{nd}\right)"#, "--format", "json"]
        let a = try Binary.run(args), b = try Binary.run(args)
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let c = try Binary.run(args + ["--seed", "7"])
        #expect(c.stdout != a.stdout, "the seed must change the sample points")
        #expect(c.stdout.contains("\"seed\" : 7"))
        // Functions drawn at random are drawn from the seed too: a counterexample names the same coefficients.
        let drawn = ["check", "-"], doc = "$$\\frac{\\partial}{\\partial x} f(g(x)) = f'(x) g'(x)$$"
        let d1 = try Binary.run(drawn, stdin: doc), d2 = try Binary.run(drawn, stdin: doc)
        #expect(d1.status == 1)
        #expect(d1.stdout == d2.stdout)
        #expect(d1.stdout.contains("g(u) = g0 + g1 u"))
    }

    /// Bad input: the whole stderr, position and caret included, and exit code 2.
    @Test(arguments: [
        (["grad", #"\frac{a}{b"#, "--wrt", "a"],
         "error: in the loss: unexpected end of input: expected '}' to close the denominator of \\frac at line 1, column 11\n  \\frac{a}{b\n            ^\n"),
        (["grad", #"\frac{a}{\foo}"#, "--wrt", "a"],
         "error: in the loss: unknown command \\foo at line 1, column 10\n  \\frac{a}{\\foo}\n           ^~~~\n"),
        (["grad", "x_", "--wrt", "x"], "error: in the loss: unexpected end of input: '_' needs a subscript at line 1, column 2\n  x_\n   ^\n"),
        (["grad", "", "--wrt", "x"], "error: in the loss: empty input: expected an expression at line 1, column 1\n  \n  ^\n"),
        (["grad", "x", "--wrt", "x +"], "error: in --wrt: unexpected end of input: expected an expression at line 1, column 4\n  x +\n     ^\n"),
        (["grad", "a", "--wrt", "x", "--let", #"a = \hat{}"#],
         "error: in --let #1: expected an expression but found '}' at line 1, column 10\n  a = \\hat{}\n           ^\n"),
        (["grad", "y_i + x_j", "--wrt", "x"],
         "error: in the loss: this term has free indices {j} but the term at column 1 has {i} at line 1, column 7\n  y_i + x_j\n        ^~~\n"),
        (["grad", "a", "--wrt", "x", "--assume", "y is lovely"],
         "error: in --assume #1: unknown assumption: write 'y one-hot', 'y probability', '\\sum_i y_i = 1' or 'x > 0' at line 1, column 1\n  y is lovely\n  ^~~~~~~~~~~\n"),
        (["grad", "a", "--wrt", "x", "--let", "a = b", "--let", "b = a"], "error: the definitions go round in a cycle: a → b → a\n"),
        (["grad", "x"], "error: grad needs --wrt VAR\n\nsee 'derive help grad'\n"),
        (["grad", "x", "--wrt", "x", "--format", "pdf"], "error: unknown format 'pdf'; use one of latex, markdown, html, text, json, numpy\n\nsee 'derive help grad'\n"),
        (["grad", "x", "--wrt", "x", "--bogus"], "error: unknown option --bogus\n\nsee 'derive help grad'\n"),
        (["solve", "nonsense"], "error: unknown problem 'nonsense'; known: softmax-ce, softmax-jacobian, ce-output, softmax-ce-class, mlp, logreg, logreg-samples, logreg-map, word2vec, word2vec-neg\n\nsee 'derive help solve'\n"),
        (["solve", "softmax-ce", "--style", "cursive"], "error: the style 'cursive' does not apply to softmax-ce; it has: standard, expanded, einstein, cases, indicator, jacobian\n\nsee 'derive help solve'\n"),
        (["grad", #"\sum_i w_i^2"#, "--wrt", "w_k", "--style", "jacobian"],
         "error: the jacobian style works through the Jacobian of a defined symbol between the loss and the variable (a softmax); this problem has none\n"),
        (["grad", #"\sum_i w_i^2"#, "--wrt", "w_k", "--style", "expanded"],
         "error: the expanded style works through a defined symbol between the loss and the variable (a softmax); this problem has none\n"),
        (["solve", "mlp", "--layers", "0"], "error: --layers takes a number of layers from 1 to 256, not '0'\n\nsee 'derive help solve'\n"),
        (["solve", "softmax-ce", "--layers", "3"], "error: --layers applies to mlp only\n\nsee 'derive help solve'\n"),
        (["solve", "mlp", "--all", "--wrt", "x_k"], "error: give --wrt or --all, not both\n\nsee 'derive help solve'\n"),
        (["solve", "mlp", "--convention", "diagonal"], "error: --convention takes row or column, not 'diagonal'\n\nsee 'derive help solve'\n"),
        (["grad", #"-\sum_c y_c \log h_c"#, "--wrt", "x_k", "--let", #"h_c = \sigma(h_c)"#], "error: the definition of h_c uses itself\n"),
        (["grad", #"x_d y_d z_d"#, "--wrt", "x_k"],
         "error: in the loss, the index d appears three times in one product, x_d y_d z_d: an index stands once (free) or twice (summed)\n"),
        (["check", "-", "--style", "cases"], "error: --style names the symbols of a problem; give the problem with --problem\n\nsee 'derive help check'\n"),
        (["check", "-", "--problem", "ce-output", "--logits", "z"],
         "error: this problem has no logits to rename (nothing is defined from its variable)\n\nsee 'derive help check'\n"),
        (["solve", "softmax-ce", "--logits", #"a_\ell"#],
         "error: --logits takes a symbol name; a label below it is a capital or a number, as in a_L, not 'a_\\ell'\n\nsee 'derive help solve'\n"),
        (["frobnicate"], nil),
        ([], nil),
    ] as [([String], String?)])
    func badInputExitsTwoWithAPositionedMessage(_ args: [String], _ stderr: String?) throws {
        let r = try Binary.run(args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        if let stderr { #expect(r.stderr == stderr) } else { #expect(r.stderr.hasPrefix("error: unknown command") || r.stderr.contains("usage: derive")) }
    }

    @Test func hostileInputsNeverCrash() throws {
        let deep = String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        let braces = String(repeating: "{", count: 1_000_000)
        for input in [deep, braces, String(repeating: "\\big", count: 50_000), String(repeating: "x_{", count: 20_000)] {
            let r = try Binary.run(["grad", "-", "--wrt", "x"], stdin: input)
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("error: in the loss:"))
            #expect(r.stderr.contains("^"))
        }
        var binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        binary[0] = 0xFF
        let r = try Binary.run(["grad", "-", "--wrt", "x"], stdinData: binary)
        #expect(r.status == 2)
        #expect(r.stderr == "error: standard input is not UTF-8 text: invalid byte at line 1, column 1 (byte 1)\n")
    }

    @Test func theHostileInputsEachEndInAResultOrAPositionedError() throws {
        // 100,000 nested parentheses and \frac{ 50,000 times: the parser's nesting limit, with a caret.
        for input in [String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000),
                      String(repeating: #"\frac{"#, count: 50_000)] {
            let r = try Binary.run(["grad", "-", "--wrt", "x"], stdin: input)
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("error: in the loss: expression nested too deeply at line 1, column "))
            #expect(r.stderr.contains("^"))
        }
        // A 20,000-term sum is an ordinary polynomial: derived and checked.
        let sum = (0..<20_000).map { "\($0) x^{\($0 % 7)}" }.joined(separator: " + ")
        let poly = try Binary.run(["grad", "-", "--wrt", "x", "--format", "json"], stdin: sum)
        #expect(poly.status == 0)
        #expect(poly.stdout.contains(#""status" : "passed""#))
        // A tower of exponentials has no finite value: not checked, and said so.
        let tower = try Binary.run(["grad", #"e^{e^{e^{e^{e^{10}}}}} x"#, "--wrt", "x"])
        #expect(tower.status == 3)
        #expect(tower.stderr.contains("no finite value in 25 random draws"))
        // 10^30 does not fit a rational of 64-bit parts: refused where it stands.
        let big = try Binary.run(["grad", "1000000000000000000000000000000 x", "--wrt", "x"])
        #expect(big.status == 2)
        #expect(big.stderr.hasPrefix("error: in the loss: number too long at line 1, column 1"))
        // A chain of definitions a0 = \sigma(a1), ...: 1,500 of them are judged, 2,500 are past the judge's
        // depth limit, which says so, never the stack.
        for (n, status) in [(1_500, Int32(0)), (2_500, Int32(3))] {
            let lets = (0..<n).flatMap { k in ["--let", #"\mathrm{a\#(k)} = \sigma("# + (k + 1 < n ? #"\mathrm{a\#(k + 1)}"# : "x") + ")"] }
            let r = try Binary.run(["check", "-"] + lets, stdin: #"$$ \frac{\partial \mathrm{a0}}{\partial x} = \frac{\partial \mathrm{a0}}{\partial x} $$"# + "\n")
            #expect(r.status == status, "\(n): \(r.stdout) \(r.stderr)")
            if status == 3 { #expect(r.stdout.contains("nested too deeply to evaluate: 5002 levels through the definitions it uses (at most 4000)")) }
        }
    }

    @Test func anUncheckableResultIsSaidSoNotCalledWrong() throws {
        // A square root of a negative number: no real value at any point, so nothing can be checked.
        let loss = #"\sqrt{-1 - x^2}"#
        let r = try Binary.run(["grad", loss, "--wrt", "x", "--format", "text"])
        // Not wrong, not checked: the code of its own (3), and one line that says what and why.
        #expect(r.status == 3)
        #expect(r.stdout.contains(", not checked"))
        #expect(r.stderr.hasPrefix("warning: 5 of 5 steps not checked numerically: no finite value in 25 random draws (the values overflow, or have no real value"))
        let json = try Binary.run(["grad", loss, "--wrt", "x", "--format", "json"])
        #expect(json.status == 3)
        #expect(json.stdout.contains(#""status" : "unchecked""#))
        #expect(json.stdout.contains(#""unchecked" : "5 of 5 steps not checked numerically"#))
        let allowed = try Binary.run(["grad", loss, "--wrt", "x", "--allow-unchecked"])
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("not checked numerically"))
    }

    @Test func aFunctionOfYourOwnIsCheckedWithRandomFunctions() throws {
        let r = try Binary.run(["grad", "f(x^2)", "--wrt", "x", "--function", "f", "--format", "text"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("= 2 x f'(x^2)    [d-var]"))
        #expect(r.stdout.contains("f drawn at random at each point"))
        #expect(r.stdout.contains(", passed"))
        let two = try Binary.run(["grad", "f(g(x)) + g(x)^2", "--wrt", "x", "--function", "f", "--function", "g", "--format", "json"])
        #expect(two.status == 0)
        #expect(two.stdout.contains(#""status" : "passed""#))
        #expect(two.stdout.contains("\"drawnFunctions\" : [\n      \"f\",\n      \"g\"\n    ]"))
        // A wrong step through a function of one's own is caught, with the coefficients it was drawn with.
        let wrong = try Binary.run(["check", "-"], stdin: "$$\\frac{\\partial}{\\partial x} f(x)^2 = 2 f(x) = 2 f(x) f'(x)$$")
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("first wrong step, line 1: 2 f(x)"))
        #expect(wrong.stdout.contains("f(u) = f0 + f1 u + f2 u^2/2 + f3 exp(f4 u)"))
        let derivative = try Binary.run(["check", "-"], stdin: "$$\\frac{\\partial}{\\partial x} \\phi(x) = \\phi'(x)$$")
        #expect(derivative.status == 0)
        let order = try Binary.run(["check", "-"], stdin: "$$\\frac{\\partial}{\\partial x} \\phi'(x) = \\phi'(x)$$")
        #expect(order.status == 1)
        // In a document, a name of several letters is declared with --function, as for grad.
        let doc = "$$\\frac{\\partial}{\\partial z} \\operatorname{softmax}(z)^2 = 2 \\operatorname{softmax}(z) \\operatorname{softmax}'(z)$$"
        let undeclared = try Binary.run(["check", "-"], stdin: doc)
        #expect(undeclared.status == 3)
        #expect(undeclared.stdout.contains("unknown function '\\operatorname{softmax}'"))
        #expect(try Binary.run(["check", "-", "--function", "softmax"], stdin: doc).status == 0)
    }

    @Test func everyExitCodeMeansOneThing() throws {
        let checked = try Binary.run(["grad", "x^3", "--wrt", "x", "--format", "json"])
        #expect(checked.status == 0)
        #expect(checked.stdout.contains(#""status" : "passed""#))
        #expect(checked.stderr.isEmpty)
        let skipped = try Binary.run(["grad", "x^3", "--wrt", "x", "--no-check"])
        #expect(skipped.status == 3)
        #expect(skipped.stderr == "warning: not checked: the numeric check was not run (--no-check)\n")
        #expect(try Binary.run(["grad", "x^3", "--wrt", "x", "--no-check", "--allow-unchecked"]).status == 0)
        #expect(try Binary.run(["grad", "x^3", "--wrt"]).status == 2)
        // check: a wrong step 1, a step that cannot be judged 3, every step right 0.
        let wrong = try Binary.run(["check", "-"], stdin: "$$\\frac{\\partial}{\\partial x} x^3 = 2 x^2$$")
        #expect(wrong.status == 1)
        let right = try Binary.run(["check", "-", "--format", "json"], stdin: "$$\\frac{\\partial}{\\partial x} x^3 = 3 x^2$$")
        #expect(right.status == 0)
        #expect(right.stdout.contains(#""status" : "passed""#))
        let open = try Binary.run(["check", "-", "--format", "json"], stdin: "$$\\frac{\\partial}{\\partial x} \\sqrt{-1 - x^2} = \\frac{-x}{\\sqrt{-1 - x^2}}$$")
        #expect(open.status == 3)
        #expect(open.stdout.contains(#""status" : "unchecked""#))
        #expect(try Binary.run(["check", "-", "--allow-unchecked"], stdin: "$$\\frac{\\partial}{\\partial x} \\sqrt{-1 - x^2} = \\frac{-x}{\\sqrt{-1 - x^2}}$$").status == 0)
    }

    @Test func helpVersionAndList() throws {
        let v = try Binary.run(["--version"])
        #expect(v.status == 0 && v.stdout.hasPrefix("derive "))
        let h = try Binary.run(["--help"])
        #expect(h.status == 0 && h.stdout.contains("grad") && h.stdout.contains("solve"))
        let hg = try Binary.run(["help", "grad"])
        #expect(hg.status == 0 && hg.stdout.hasPrefix("usage: derive grad"))
        #expect(try Binary.run(["grad", "--help"]).stdout == hg.stdout)
        let l = try Binary.run(["list"])
        #expect(l.status == 0 && l.stdout.contains("softmax-ce") && l.stdout.contains("styles: standard, expanded, einstein, cases, indicator, jacobian"))
    }
}

@Suite("derive check: the command line", .serialized)
struct CheckCLITests {
    static let seeds = Binary.root.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    @Test func aWrongStepExitsOneAndIsNamedFirst() throws {
        let doc = "Some notes.\n\n$$\\frac{\\partial}{\\partial \\theta_k} \\left(-\\sum_i y_i \\log \\hat{y}_i\\right) = \\hat{y}_k + y_k$$\n"
        let r = try Binary.run(["check", "-", "--problem", "softmax-ce"], stdin: doc)
        #expect(r.status == 1)
        #expect(r.stdout.contains("first wrong step, line 3: \\hat{y}_k + y_k"))
        #expect(r.stdout.contains("counterexample: sizes K="))
    }

    /// A derivation in a style's names, or in the user's, is checked against the problem in the same names:
    /// every step valid and the final result too (in the problem's own names it could not be judged).
    @Test(arguments: [["--style", "cases"], ["--style", "indicator"], ["--logits", "a_L", "--probs", "p", "--labels", "t", "--index", "j"]])
    func aDerivationInOtherNamesChecksInThem(_ names: [String]) throws {
        let problem = names.first == "--style" && names.last == "indicator" ? "softmax-ce-class" : "softmax-ce"
        let solved = try Binary.run(["solve", problem] + names)
        #expect(solved.status == 0, "\(solved.stderr)")
        let r = try Binary.run(["check", "-", "--problem", problem, "--format", "json"] + names, stdin: solved.stdout)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let doc = try r.json()
        let steps = try #require(doc["steps"] as? [[String: Any]])
        #expect(steps.count > 10)
        #expect(steps.allSatisfy { $0["verdict"] as? String == "valid" })
        let final = try #require(doc["final"] as? [String: Any])
        #expect(final["verdict"] as? String == "valid", "\(final)")
        // Without the names it is judged all the same: the output states its problem in its own names ("Here
        // CE = ... and ..."), and the document's definitions take the place of the problem's.
        let plain = try Binary.run(["check", "-", "--problem", problem, "--format", "json"], stdin: solved.stdout)
        let plainDoc = try plain.json()
        #expect((plainDoc["final"] as? [String: Any])?["verdict"] as? String == "valid", "\(plain.stdout)")
    }

    @Test func aRightDerivationExitsZero() throws {
        let solved = try Binary.run(["solve", "softmax-ce"])
        let r = try Binary.run(["check", "-", "--problem", "softmax-ce", "--format", "json"], stdin: solved.stdout)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let doc = try r.json()
        #expect(doc["first_invalid"] is NSNull)
        #expect(doc["repaired"] as? Bool == false)
        let steps = try #require(doc["steps"] as? [[String: Any]])
        #expect(steps.count == 17)
        #expect(steps.allSatisfy { $0["verdict"] as? String == "valid" && $0["line"] is Int && $0["latex"] is String })
    }

    /// the logistic-regression homework's Q2 read against its own problem: the derivative by the row \mathbf{w}_j is read entry by entry
    /// (w_{jd}, x_d), the chain is judged, its two slips are found (line 29 drops -y_j sigma_j, line 33 takes
    /// sum_{k != j} y_k = 1), and the result, right by compensating slips, is judged right.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: seeds.path), "needs ../shared/seeds beside the repository"))
    func theLogisticRegressionHomeworkIsJudgedAgainstItsProblem() throws {
        let file = CheckCLITests.seeds.appendingPathComponent("002_51a9bad641ab4da6.txt").path
        let r = try Binary.run(["check", file, "--problem", "logreg", "--format", "json"])
        #expect(r.status == 1)
        let doc = try r.json()
        let steps = try #require(doc["steps"] as? [[String: Any]])
        func verdict(_ line: Int) -> String? { steps.first { $0["line"] as? Int == line }?["verdict"] as? String }
        #expect(steps.filter { $0["verdict"] as? String == "invalid" }.compactMap { $0["line"] as? Int } == [29, 33])
        for line in [17, 19, 21, 23, 25, 27, 31] { #expect(verdict(line) == "valid", "line \(line)") }
        #expect((doc["final"] as? [String: Any])?["verdict"] as? String == "valid")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seeds.path), "needs ../shared/seeds beside the repository"))
    func theDamagedSeedIsRepairedAndItsMistakeFound() throws {
        let file = CheckCLITests.seeds.appendingPathComponent("001_92ef95095b984fec.txt").path
        let r = try Binary.run(["check", file, "--problem", "softmax-ce", "--format", "json"])
        #expect(r.status == 1)
        let doc = try r.json()
        #expect(doc["repaired"] as? Bool == true)
        #expect(doc["first_invalid"] as? Int == 9)
        let first = try #require((doc["steps"] as? [[String: Any]])?.first { $0["verdict"] as? String == "invalid" })
        #expect(first["counterexample"] is [String: Any])
    }

    /// Unreadable or hostile input: exit 2 with a positioned message, never a crash or a hang.
    @Test(arguments: [
        ("$$\\begin{aligned} a &= b \\\\ &= c $$", "error: \\begin{aligned} is never closed at line 1, column 3\n  $$\\begin{aligned} a &= b \\\\ &= c $$\n    ^\n"),
        ("notes $$ a = b", "error: '$$' is never closed at line 1, column 7\n  notes $$ a = b\n        ^~\n"),
        ("plain prose, no mathematics", "error: no derivation found: no display math ($$...$$, \\[...\\], align) with '=' at line 1, column 1\n  plain prose, no mathematics\n  ^\n"),
        ("a\u{0}b", "error: standard input is not text: a NUL byte at line 1, column 2\n"),
    ])
    func unreadableInput(_ input: String, _ stderr: String) throws {
        let r = try Binary.run(["check", "-"], stdin: input)
        #expect(r.status == 2)
        #expect(r.stderr == stderr)
    }

    @Test func hostileInputNeverCrashes() throws {
        let braces = try Binary.run(["check", "-"], stdin: "$$" + String(repeating: "{", count: 1_000_000) + "$$")
        #expect(braces.status == 2)
        #expect(braces.stderr.hasPrefix("error: unbalanced braces: '{' is never closed at line 1, column 3"))
        var bytes = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        bytes[5] = 0xC3
        bytes[6] = 0x28
        let binary = try Binary.run(["check", "-"], stdinData: bytes)
        #expect(binary.status == 2)
        #expect(binary.stderr.contains("is not UTF-8 text: invalid byte at line"))
        let deep = try Binary.run(["check", "-"], stdin: "$$ " + String(repeating: "(", count: 5_000) + "x" + String(repeating: ")", count: 5_000) + " = x $$")
        #expect(deep.status == 3)
        #expect(deep.stdout.contains("unverified"))
        #expect(deep.stdout.contains("nested too deeply"))
    }
}

/// pdflatex on the PATH, if the machine has it.
enum TeX {
    static let pdflatex: String? = ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let pdftoppm: String? = ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Whether TeX has pgf, which beamer needs.
    static let hasPGF = ["/usr/share/texlive/texmf-dist/tex/latex/pgf/math/pgfmath.sty", "/usr/share/texmf/tex/latex/pgf/math/pgfmath.sty"]
        .contains { FileManager.default.fileExists(atPath: $0) }

    static func run(_ tool: String, _ arguments: [String], in dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
    }

    /// How far each overfull box of a pdflatex log runs over, in points.
    static func overfull(_ log: String) -> [Double] {
        log.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: #"Overfull \\hbox \(([0-9.]+)pt"#, options: .regularExpression) else { return nil }
            return Double(line[r].drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." })
        }
    }

    /// A binary PGM (P5, 8 bits): its width, height and pixels, row by row.
    static func pgm(_ data: Data) throws -> (Int, Int, [UInt8]) {
        let bytes = [UInt8](data)
        var fields: [Int] = []
        var i = 2
        while fields.count < 3, i < bytes.count {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
            var n = 0
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { n = n * 10 + Int(bytes[i] - 0x30); i += 1 }
            fields.append(n)
        }
        i += 1
        guard bytes.starts(with: [0x50, 0x35]), fields.count == 3, bytes.count >= i + fields[0] * fields[1] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return (fields[0], fields[1], Array(bytes[i..<(i + fields[0] * fields[1])]))
    }
}

@Suite("derive: documents", .serialized)
struct TemplateTests {
    @Test(.enabled(if: TeX.pdflatex != nil, "needs pdflatex (apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended)"),
          arguments: [["solve", "softmax-ce"], ["solve", "softmax-ce", "--indicator"],
                      ["grad", #"\frac{1}{N}\sum_{n=1}^{N} (y_n - \hat{y}_n)^2"#, "--wrt", #"\hat{y}_k"#, "--indicator"],
                      // --explain puts its sentences in \intertext, with math inline: the page must still compile.
                      ["solve", "mlp", "--explain"], ["solve", "softmax-ce", "--style", "einstein", "--explain"]])
    func articleCompiles(_ args: [String]) throws {
        // (every catalog problem and style is compiled by articleCompilesForEveryStyle below)
        let r = try Binary.run(args + ["--template", "article"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("% derive"))
        #expect(r.stdout.contains("\\begin{align*}"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-tex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try r.stdout.write(to: dir.appendingPathComponent("doc.tex"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(TeX.pdflatex))
        p.arguments = ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let log = (try? String(contentsOf: dir.appendingPathComponent("doc.log"), encoding: .utf8)) ?? ""
        #expect(p.terminationStatus == 0, "pdflatex failed:\n\(log.suffix(1500))")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("doc.pdf").path))
        #expect(!log.contains("Undefined control sequence"))
        // Nothing runs into the margin: long rows are broken, notes go to the margin, prose formulas are displayed.
        let overfull = TeX.overfull(log)
        #expect(overfull.allSatisfy { $0 <= 1 }, "\(args): overfull boxes of \(overfull) pt")
    }

    /// Every page but the last is filled past its middle: a display that cannot break would leave a page with only
    /// its title and push the derivation on (the fault `\allowdisplaybreaks` in the template mends).
    @Test(.enabled(if: TeX.pdflatex != nil && TeX.pdftoppm != nil, "needs pdflatex and pdftoppm (apt-get install poppler-utils)"),
          arguments: [["softmax-ce", "einstein"], ["softmax-ce", "expanded"], ["mlp", "backprop"]])
    func pagesAreFilled(_ pair: [String]) throws {
        let r = try Binary.run(["solve", pair[0], "--style", pair[1], "--template", "article", "--no-check", "--allow-unchecked"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try r.stdout.write(to: dir.appendingPathComponent("doc.tex"), atomically: true, encoding: .utf8)
        try TeX.run(try #require(TeX.pdflatex), ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"], in: dir)
        try TeX.run(try #require(TeX.pdftoppm), ["-gray", "-r", "30", "doc.pdf", "page"], in: dir)
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("page") && $0.hasSuffix(".pgm") }.sorted()
        #expect(!pages.isEmpty)
        for (n, page) in pages.enumerated() {
            let (width, height, pixels) = try TeX.pgm(Data(contentsOf: dir.appendingPathComponent(page)))
            // The lowest row with ink above the footer (the page number).
            let body = Int(Double(height) * 0.9)
            let inked = (0..<body).filter { y in (0..<width).contains { x in pixels[y * width + x] < 128 } }
            let lowest = inked.last ?? 0
            #expect(lowest > 0, "\(pair): page \(n + 1) is empty")
            if n < pages.count - 1 { #expect(Double(lowest) > 0.6 * Double(height), "\(pair): page \(n + 1) ends at \(lowest) of \(height) rows") }
        }
    }

    @Test(.enabled(if: TeX.pdflatex != nil, "needs pdflatex"), arguments: CLITests.pairs)
    func articleCompilesForEveryStyle(_ pair: [String]) throws {
        try articleCompiles(["solve", pair[0], "--style", pair[1], "--no-check", "--allow-unchecked"])
    }

    /// The slides, the exam and the snippet (wrapped in a bare article) compile; the exam asks first and solves
    /// after a page break; the slides uncover rows one at a time.
    @Test(.enabled(if: TeX.pdflatex != nil, "needs pdflatex"), arguments: ["exam", "snippet"])
    func otherTemplatesCompile(_ template: String) throws { try compiles(template) }

    @Test(.enabled(if: TeX.pdflatex != nil && TeX.hasPGF, "needs pdflatex and pgf for beamer (apt-get install texlive-pictures)"))
    func slidesCompile() throws { try compiles("beamer") }

    func compiles(_ template: String) throws {
        let r = try Binary.run(["solve", "softmax-ce", "--style", "einstein", "--template", template])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("{{"))
        var doc = r.stdout
        switch template {
        case "beamer":
            #expect(doc.contains("\\onslide<2->{= ") && doc.contains("\\begin{frame}{The problem}"))
        case "exam":
            let question = try #require(doc.range(of: "\\section*{Question}")), solution = try #require(doc.range(of: "\\section*{Solution}"))
            let pageBreak = try #require(doc.range(of: "\\newpage"))
            #expect(question.lowerBound < pageBreak.lowerBound && pageBreak.lowerBound < solution.lowerBound)
            #expect(doc[question.upperBound..<pageBreak.lowerBound].contains("is one-hot"))
            #expect(!doc[question.upperBound..<pageBreak.lowerBound].contains("align"))
        default:
            // The display alone, with no macro of its own: pasted into a bare article it compiles.
            #expect(!doc.contains("\\documentclass") && !doc.contains("\\indicator"))
            doc = "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n" + doc + "\n\\end{document}\n"
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try doc.write(to: dir.appendingPathComponent("doc.tex"), atomically: true, encoding: .utf8)
        try TeX.run(try #require(TeX.pdflatex), ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"], in: dir)
        let log = (try? String(contentsOf: dir.appendingPathComponent("doc.log"), encoding: .utf8)) ?? ""
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("doc.pdf").path), "\(template):\n\(log.suffix(1200))")
        #expect(!log.contains("Undefined control sequence"))
        if template != "beamer" { #expect(TeX.overfull(log).allSatisfy { $0 <= 1 }, "\(template): overfull boxes of \(TeX.overfull(log)) pt") }
    }

    /// A user's template with a placeholder derive does not fill is refused, naming it and those it fills.
    @Test func aTemplateWithAnUnknownPlaceholderIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x".write(to: dir.appendingPathComponent("article.tex"), atomically: true, encoding: .utf8)
        try "{{statement}}\n{{derivaton}}\n".write(to: dir.appendingPathComponent("mine.tex"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["solve", "softmax-ce", "--template", "mine", "--no-check"], environment: ["DERIVE_TEMPLATES": dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("{{derivaton}}, which derive does not fill; it fills {{title}}, {{statement}}"))
    }

    @Test func unknownTemplateIsAUsageError() throws {
        let r = try Binary.run(["solve", "softmax-ce", "--template", "poster"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: unknown template 'poster'; known: article"))
    }
}
