import Foundation
import Testing

/// The shape of the code, as tests: layers that use only the layers below them, files and functions of a
/// size one can read, and one home for a function.
@Suite("Architecture: layers, sizes, one home for each change")
struct ArchitectureTests {
    struct Layer { var name: String; var folder: String; var uses: [String] }

    static let sources = repositoryRoot.appendingPathComponent("Sources")

    /// The layers as Package.swift states them, in order.
    static func layers() throws -> [Layer] {
        let manifest = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let re = try NSRegularExpression(pattern: #"\("(Symbolic\w+)", "(\w+)", \[([^\]]*)\]\)"#)
        let ns = manifest as NSString
        return re.matches(in: manifest, range: NSRange(location: 0, length: ns.length)).map { m in
            let uses = ns.substring(with: m.range(at: 3)).split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n\"")) }
                .filter { !$0.isEmpty }
            return Layer(name: ns.substring(with: m.range(at: 1)), folder: ns.substring(with: m.range(at: 2)), uses: uses)
        }
    }

    /// Every Swift file under `folder`, with its lines.
    static func files(under folder: URL) -> [(path: String, lines: [String])] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var out: [(String, [String])] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            out.append((url.path.replacingOccurrences(of: repositoryRoot.path + "/", with: ""), text.components(separatedBy: "\n")))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    static func imports(_ lines: [String]) -> [String] {
        lines.compactMap { l in
            let t = l.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("import ") || t.hasPrefix("@_exported import ") || t.hasPrefix("@testable import ") else { return nil }
            return t.split(separator: " ").last.map(String.init)
        }
    }

    @Test func layersPointDownOnly() throws {
        let layers = try Self.layers()
        #expect(layers.count >= 9, "the layer table of Package.swift was not found")
        for (n, layer) in layers.enumerated() {
            let below = Set(layers[..<n].map(\.name))
            for u in layer.uses { #expect(below.contains(u), "\(layer.name) uses \(u), which is not below it") }
        }
    }

    /// A file may import only its own layer's allowed layers (and Foundation): a use of a layer above, or of one
    /// the table does not allow, fails here even where the build would find the module.
    @Test func everyFileImportsOnlyWhatItsLayerMayUse() throws {
        let layers = try Self.layers()
        let all = Set(layers.map(\.name))
        for layer in layers {
            let allowed = Set(layer.uses + ["Foundation"])
            let files = Self.files(under: Self.sources.appendingPathComponent("Symbolic/\(layer.folder)"))
            #expect(!files.isEmpty, "no sources for \(layer.name)")
            for f in files {
                for i in Self.imports(f.lines) where !allowed.contains(i) {
                    Issue.record("\(f.path) imports \(i), which \(layer.name) may not use\(all.contains(i) ? "" : " (not a layer below it)")")
                }
            }
        }
        for f in Self.files(under: Self.sources.appendingPathComponent("derive")) {
            for i in Self.imports(f.lines) where !["Symbolic", "Foundation"].contains(i) {
                Issue.record("\(f.path): the command line uses the library through Symbolic only, not \(i)")
            }
        }
    }

    @Test func noSourceFileOver500Lines() {
        for f in Self.files(under: Self.sources) {
            #expect(f.lines.count <= 500, "\(f.path) has \(f.lines.count) lines")
        }
    }

    /// Functions, initialisers, and the closures that are functions in all but name (a rule's body, a style's
    /// plan), measured from their first line to the brace that closes them at their indentation.
    @Test func noFunctionOver80Lines() throws {
        let start = try NSRegularExpression(pattern: #"^(\s*)(?:@\w+ )*(?:(?:public|package|private|fileprivate|internal|static|mutating|override|final|nonisolated)\s+)*(func |init[(<?]|subscript|var \w+: [^=]*\{$|let \w+(?:: [^=]+)? = (?:Rule|Style|Plan|\{$)|.*Plan \{ b in$)"#)
        for f in Self.files(under: Self.sources) {
            for (n, line) in f.lines.enumerated() {
                let ns = line as NSString
                guard let m = start.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
                let indent = m.range(at: 1).length
                var end = n
                for k in (n + 1)..<f.lines.count {
                    let t = f.lines[k]
                    let body = t.trimmingCharacters(in: .whitespaces)
                    if body.isEmpty { continue }
                    let i = t.prefix { $0 == " " }.count
                    end = k
                    if i < indent || (i == indent && (body.hasPrefix("}") || body.hasPrefix(")"))) { break }
                }
                #expect(end - n + 1 <= 80, "\(f.path):\(n + 1) is \(end - n + 1) lines: \(line.trimmingCharacters(in: .whitespaces).prefix(60))")
            }
        }
    }

    /// Adding an elementary function is one file and one line of the table: softplus, the proof, is named
    /// nowhere else in the sources.
    @Test func aFunctionHasOneHome() {
        let naming = Self.files(under: Self.sources).filter { f in f.lines.contains { $0.lowercased().contains("softplus") } }.map(\.path)
        #expect(naming == ["Sources/Symbolic/Functions/FunctionTable.swift", "Sources/Symbolic/Functions/Softplus.swift"], "\(naming)")
    }
}
