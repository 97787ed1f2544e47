import Foundation

/// Document templates from `templates/`: `DERIVE_TEMPLATES` names the folder; otherwise the folder
/// beside the package this binary was built from, or beside the binary.
public enum Templates {
    /// The templates folder, or `nil` where none is found.
    public static func folder() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["DERIVE_TEMPLATES"] { candidates.append(URL(fileURLWithPath: env)) }
        // Sources/Symbolic/Output/Templates.swift -> the package root.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates"))
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("templates"))
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("article.tex").path) }
    }

    /// The text of the template `name` (`article`, `beamer`, `exam`, `snippet`, or a user's own in the folder).
    public static func text(named name: String) throws -> String {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !name.isEmpty else {
            throw OutputError("a template name is letters, digits and '-', not '\(name)'")
        }
        guard let folder = folder() else { throw OutputError("the templates folder was not found; set DERIVE_TEMPLATES to it") }
        let file = folder.appendingPathComponent("\(name).tex")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tex") }
                .map { String($0.dropLast(4)) }.sorted()
            throw OutputError("unknown template '\(name)'; known: \(known.joined(separator: ", "))")
        }
        return text
    }

    /// The placeholders a template may hold, each `{{name}}`: what derive puts there.
    public static let placeholders: [(name: String, meaning: String)] = [
        ("title", "the problem in words and what is derived"),
        ("statement", "the problem in one sentence: the loss, its definitions, its assumptions"),
        ("goal", "the derivative asked for, as inline math"),
        ("derivation", "the displays, a section each with its heading"),
        ("body", "the statement, then the derivation"),
        ("slides", "one beamer frame a section, its rows revealed one at a time"),
        ("check", "the line of the numeric check"),
    ]

    /// `text` with each `{{name}}` of `fields` filled in; a placeholder it does not know is refused, so that a
    /// user's template with a typing slip is not written out with the slip in it.
    public static func fill(_ text: String, _ fields: [String: String]) throws -> String {
        var out = text
        for (name, value) in fields { out = out.replacingOccurrences(of: "{{\(name)}}", with: value) }
        if let r = out.range(of: #"\{\{[A-Za-z]+\}\}"#, options: .regularExpression) {
            throw OutputError("the template has \(out[r]), which derive does not fill; it fills " + placeholders.map { "{{\($0.name)}}" }.joined(separator: ", "))
        }
        return out
    }

    /// Text for a LaTeX paragraph: the characters LaTeX treats specially, escaped.
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "%", "$", "#", "&", "_": out += "\\" + String(ch)
            case "^": out += "\\^{}"
            case "~": out += "\\~{}"
            default: out.append(ch)
            }
        }
        return out
    }
}
