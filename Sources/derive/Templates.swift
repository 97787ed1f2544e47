import Foundation
import Symbolic

/// Document templates from `templates/`: `DERIVE_TEMPLATES` names the folder; otherwise the folder
/// beside the package this binary was built from, or beside the binary.
enum Templates {
    static func folder() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["DERIVE_TEMPLATES"] { candidates.append(URL(fileURLWithPath: env)) }
        // Sources/derive/Templates.swift -> the package root.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates"))
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("templates"))
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("article.tex").path) }
    }

    /// The template `name` with its fields filled in.
    static func fill(_ name: String, title: String, body: String, check: String) throws -> String {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !name.isEmpty else {
            throw UsageError(message: "a template name is letters, digits and '-', not '\(name)'")
        }
        guard let folder = folder() else { throw UsageError(message: "the templates folder was not found; set DERIVE_TEMPLATES to it") }
        let file = folder.appendingPathComponent("\(name).tex")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tex") }
                .map { String($0.dropLast(4)) }.sorted()
            throw UsageError(message: "unknown template '\(name)'; known: \(known.joined(separator: ", "))")
        }
        return text.replacingOccurrences(of: "{{title}}", with: title).replacingOccurrences(of: "{{body}}", with: body)
            .replacingOccurrences(of: "{{check}}", with: check)
    }

    /// Text for a LaTeX paragraph: the characters LaTeX treats specially, escaped.
    static func escape(_ s: String) -> String {
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
