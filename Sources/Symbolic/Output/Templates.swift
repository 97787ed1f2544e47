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

    /// The template `name` with its fields filled in.
    public static func fill(_ name: String, title: String, body: String, check: String) throws -> String {
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
        return text.replacingOccurrences(of: "{{title}}", with: title).replacingOccurrences(of: "{{body}}", with: body)
            .replacingOccurrences(of: "{{check}}", with: check)
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
