import Foundation
import SymbolicCheck
import SymbolicDerivation
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// One HTML page that works offline: the Markdown layout's paragraphs and displays, the math typeset in the browser
/// by KaTeX, whose script, style sheet and fonts (Debian's `libjs-katex`) are inlined, so the page needs no network
/// and no file beside it. Without KaTeX on the machine it is refused with what to install, never written with raw
/// TeX for the reader to puzzle over.
///
/// ```swift
/// try HTMLFormat().write(derivation, report: report, notation: .latex)   // "<!DOCTYPE html>..."
/// ```
public struct HTMLFormat: OutputFormat {
    public init() {}
    public let name = "html"
    public let summary = "one offline HTML page, its math typeset by KaTeX (Debian's libjs-katex)"

    public func write(_ d: Derivation, report: ValidationReport?, notation: Notation) throws -> String {
        let markdown = try MarkdownFormat().write(d, report: report, notation: notation)
        let title = LaTeXFormat.firstClause(d.problem.summary).map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "A derivation"
        return try HTMLFormat.page(title: title, body: HTMLFormat.body(markdown))
    }

    /// A check report as a page: each step's line, its mark, the step typeset, and why (the reason, the kind of
    /// mistake, the counterexample).
    public func write(_ r: CheckReport) -> String? {
        let c = CheckLayout.counts(r)
        var rows: [String] = []
        for s in r.steps {
            let mark: String
            switch s.verdict {
            case .valid: mark = "<td class=\"mark valid\">✓</td>"
            case .invalid: mark = "<td class=\"mark invalid\">✗</td>"
            case .unverified: mark = "<td class=\"mark unverified\">?</td>"
            }
            var why = s.verdict == .valid ? "" : HTMLFormat.escape(s.reason ?? "")
            if let k = s.mistake { why += "<br>kind: " + HTMLFormat.inline(k) }
            if let ce = s.counterexample { why += "<pre>" + HTMLFormat.escape(DerivationLayout.describe(ce)) + "</pre>" }
            rows.append("<tr><td class=\"line\">\(s.line)</td>\(mark)<td><span class=\"math inline\" data-tex=\"\(HTMLFormat.escape(s.latex))\"></span>"
                        + (why.isEmpty ? "" : "<div class=\"why\">\(why)</div>") + "</td></tr>")
        }
        let summary = "<p>\(r.steps.count) steps: \(c.valid) valid, \(c.invalid) invalid, \(c.unverified) unverified. Status: \(r.status.rawValue).</p>"
        return try? HTMLFormat.page(title: "A derivation checked", body: summary + "\n<table>\n" + rows.joined(separator: "\n") + "\n</table>")
    }

    /// It writes reports wherever KaTeX is installed; where it is not, `unavailable` says what to install.
    public var writesReports: Bool { true }

    /// Why no page can be written here (KaTeX missing), or nil.
    public static var unavailable: String? {
        katexFolder == nil ? "--format html needs KaTeX on this machine: apt-get install libjs-katex (or set DERIVE_KATEX to a folder with katex.min.js, katex.min.css and fonts/)" : nil
    }

    /// Where KaTeX is: `DERIVE_KATEX`, else Debian's folder.
    static var katexFolder: URL? {
        let candidates = [ProcessInfo.processInfo.environment["DERIVE_KATEX"], "/usr/share/javascript/katex"].compactMap { $0 }
        return candidates.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("katex.min.js").path)
        }
    }

    /// The Markdown layout as HTML: `$$` blocks as displays, `> ` paragraphs as quotes, `$...$` inline.
    static func body(_ markdown: String) -> String {
        var body: [String] = []
        for block in markdown.components(separatedBy: "\n\n") where !block.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let text = block.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("$$"), text.hasSuffix("$$"), text.count >= 4 {
                let tex = String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespacesAndNewlines)
                body.append("<div class=\"math display\" data-tex=\"\(escape(tex))\"></div>")
            } else if text.hasPrefix("*"), text.hasSuffix("*"), text.count > 2 {
                body.append("<p><em>" + inline(String(text.dropFirst().dropLast())) + "</em></p>")
            } else if text.hasPrefix("> ") {
                body.append("<blockquote>" + inline(String(text.dropFirst(2))) + "</blockquote>")
            } else {
                body.append("<p>" + inline(text) + "</p>")
            }
        }
        return body.joined(separator: "\n")
    }

    /// The whole page around `body`, KaTeX inlined.
    static func page(title: String, body: String) throws -> String {
        guard let katex = katexFolder,
              let script = try? String(contentsOf: katex.appendingPathComponent("katex.min.js"), encoding: .utf8),
              let css = try? String(contentsOf: katex.appendingPathComponent("katex.min.css"), encoding: .utf8) else {
            throw OutputError(unavailable ?? "KaTeX could not be read")
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>\(inlineFonts(css, from: katex.appendingPathComponent("fonts")))</style>
        <style>body { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; font: 17px/1.5 Georgia, serif; color: #222 }
        .display { margin: 1rem 0; overflow-x: auto } blockquote { margin: 0.5rem 0 0.5rem 1rem; color: #555; font-size: 0.93em }
        td { vertical-align: top; padding: 0.3rem 0.5rem } .mark { font-weight: bold } .valid { color: #1a7f37 } .invalid { color: #c62828 }
        .unverified { color: #9a6700 } .line { color: #777 } .why { font-size: 0.9em; color: #444 } pre { font-size: 0.85em; white-space: pre-wrap }</style>
        <script>\(script)</script>
        </head>
        <body>
        <h1>\(escape(title))</h1>
        \(body)
        <script>
        for (const e of document.querySelectorAll("[data-tex]")) {
          katex.render(e.dataset.tex, e, { displayMode: e.classList.contains("display"), throwOnError: false });
        }
        </script>
        </body>
        </html>

        """
    }

    /// Prose with `$...$` math: the words escaped, each math part a span that KaTeX fills.
    static func inline(_ text: String) -> String {
        var out = ""
        var parts = text.components(separatedBy: "$")
        // An odd number of dollars leaves the last part as words.
        if parts.count % 2 == 0, let last = parts.popLast() { parts[parts.count - 1] += "$" + last }
        for (n, part) in parts.enumerated() {
            out += n % 2 == 0 ? escape(part).replacingOccurrences(of: "\n", with: " ")
                              : "<span class=\"math inline\" data-tex=\"\(escape(part))\"></span>"
        }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The style sheet with each font as a data URL (woff2 only: every browser KaTeX supports reads it).
    static func inlineFonts(_ css: String, from fonts: URL) -> String {
        var out = css.replacingOccurrences(of: #",\s*url\(fonts/[^)]+\.(woff|ttf)\)\s*format\(["'](woff|truetype)["']\)"#, with: "", options: .regularExpression)
        guard let regex = try? NSRegularExpression(pattern: #"url\(fonts/([A-Za-z0-9_\-]+\.woff2)\)"#) else { return out }
        let ns = out as NSString
        var replacements: [(NSRange, String)] = []
        for m in regex.matches(in: out, range: NSRange(location: 0, length: ns.length)) {
            let file = ns.substring(with: m.range(at: 1))
            guard let data = try? Data(contentsOf: fonts.appendingPathComponent(file)) else { continue }
            replacements.append((m.range, "url(data:font/woff2;base64," + data.base64EncodedString() + ")"))
        }
        for (range, text) in replacements.reversed() { out = (out as NSString).replacingCharacters(in: range, with: text) }
        return out
    }
}
