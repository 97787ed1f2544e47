import Foundation
import Testing

/// The browsers of this machine, if it has them.
enum Browser {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let katex = FileManager.default.fileExists(atPath: "/usr/share/javascript/katex/katex.min.js")

    /// The page's DOM after its scripts ran, from headless Chromium.
    static func dom(of page: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("derive-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.html")
        try page.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(chromium))
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(dir.path)/profile", "--dump-dom", file.absoluteString]
        let out = dir.appendingPathComponent("dom.html")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        // A browser that hangs must not hang the tests: a minute, then it is stopped (and the test fails).
        let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        p.waitUntilExit()
        watchdog.cancel()
        return String(decoding: try Data(contentsOf: out), as: UTF8.self)
    }

    /// The text a reader sees: the DOM without its tags, scripts and styles, and without KaTeX's MathML copy
    /// (kept for screen readers, it holds the TeX source as an annotation).
    static func visibleText(_ dom: String) -> String {
        var s = dom
        for pattern in [#"<script[\s\S]*?</script>"#, #"<style[\s\S]*?</style>"#, #"<span class="katex-mathml">[\s\S]*?</math></span>"#, #"<[^>]+>"#] {
            s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return s
    }
}

/// `--format html`: one offline page whose math the browser typesets (KaTeX inlined). Headless Chromium renders it;
/// the test fails where raw TeX is left for the reader.
@Suite("derive: HTML pages", .serialized)
struct HTMLTests {
    @Test(.enabled(if: Browser.chromium != nil && Browser.katex, "needs chromium and libjs-katex (apt-get install chromium libjs-katex)"),
          arguments: [["solve", "softmax-ce", "--style", "einstein", "--explain"], ["solve", "mlp"], ["solve", "softmax-ce-class", "--style", "indicator"]])
    func aDerivationIsTypeset(_ args: [String]) throws {
        let r = try Binary.run(args + ["--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        // Offline: nothing to fetch (the script's own http:// strings are XML namespaces, not addresses).
        for fetch in ["src=\"http", "href=\"http", "url(http", "url(fonts/", "<link"] { #expect(!r.stdout.contains(fetch), "\(fetch) in the page") }
        let dom = try Browser.dom(of: r.stdout)
        let displays = dom.components(separatedBy: "class=\"katex-display\"").count - 1
        #expect(displays >= 2, "no display typeset")
        #expect(!dom.contains("class=\"katex-error\""), "KaTeX refused some math")
        let seen = Browser.visibleText(dom)
        for raw in ["\\frac", "\\partial", "\\begin{aligned}", "$$"] { #expect(!seen.contains(raw), "raw \(raw) on the page") }
    }

    @Test(.enabled(if: Browser.chromium != nil && Browser.katex, "needs chromium and libjs-katex (apt-get install chromium libjs-katex)"))
    func aCheckReportIsTypeset() throws {
        let doc = "$$\\frac{\\partial}{\\partial x} (x^3 - x^2) = 3x^2 + 2x$$\n"
        let r = try Binary.run(["check", "-", "--format", "html"], stdin: doc)
        #expect(r.status == 1)
        #expect(r.stdout.contains("✗"))
        let dom = try Browser.dom(of: r.stdout)
        #expect(dom.contains("class=\"katex\""))
        let seen = Browser.visibleText(dom)
        #expect(seen.contains("kind: a sign: the term"))
        #expect(!seen.contains("\\frac"))
    }
}
