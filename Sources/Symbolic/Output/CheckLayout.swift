import Foundation
import SymbolicCheck
import SymbolicCore
import SymbolicDerivation
import SymbolicFunctions
import SymbolicLaTeX
import SymbolicNumeric
import SymbolicProblems
import SymbolicRender

/// Lays out a `CheckReport` for people (text) or programs (JSON).
public enum CheckLayout {
    public static func counts(_ r: CheckReport) -> (valid: Int, invalid: Int, unverified: Int) {
        (r.steps.filter { $0.verdict == .valid }.count, r.steps.filter { $0.verdict == .invalid }.count,
         r.steps.filter { $0.verdict == .unverified }.count)
    }

    /// The first wrong step first, then every step with its line and verdict, then the final result.
    public static func text(_ r: CheckReport) -> String {
        var lines: [String] = []
        let c = counts(r)
        lines.append("checked \(r.steps.count) steps: \(c.valid) valid, \(c.invalid) invalid, \(c.unverified) unverified")
        if r.repaired { lines.append("repaired escapes eaten by a JSON or Python string: " + r.repairNotes.joined(separator: ", ")) }
        if r.einstein { lines.append("read with implicit (Einstein) summation over repeated indices") }
        for d in r.definitions { lines.append("definition, \(d)") }
        for p in r.problems { lines.append("left out: \(p.description)") }
        if let first = r.firstInvalid {
            lines.append("")
            lines.append("first wrong step, line \(first.line): \(first.latex)")
            if let kind = first.mistake { lines.append("  kind: " + kind) }
            if let ce = first.counterexample { lines.append(DerivationLayout.describe(ce)) }
        }
        lines.append("")
        for s in r.steps {
            var line = "line \(String(s.line).padding(toLength: 4, withPad: " ", startingAt: 0)) \(s.verdict.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(s.latex)"
            if let reason = s.reason, s.verdict != .valid { line += "\n             \(reason)" }
            if let kind = s.mistake { line += "\n             kind: \(kind)" }
            if r.showsReadings, let reading = s.reading { line += "\n             read as: \(reading)" }
            lines.append(line)
        }
        if let f = r.final {
            lines.append("")
            lines.append("final, line \(f.line): \(f.verdict.rawValue)" + (f.reason.map { ": \($0)" } ?? ""))
            if f.verdict == .invalid, let ce = f.counterexample { lines.append(DerivationLayout.describe(ce)) }
        }
        lines.append("")
        lines.append("status: \(r.status.rawValue)" + (r.uncheckedSummary.map { ": \($0)" } ?? ""))
        return lines.joined(separator: "\n") + "\n"
    }

    struct StepJSON: Codable {
        var line: Int; var latex: String; var verdict: String; var reason: String?; var counterexample: Counterexample?
        var mistake: String?
        var read: String?
    }
    struct DocumentJSON: Encodable {
        var steps: [StepJSON]
        var firstInvalid: Int?
        var final: StepJSON?
        var repaired: Bool
        var repairs: [String]
        var einstein: Bool
        var definitions: [String]
        var counts: [String: Int]
        var status: CheckStatus
        var unchecked: String?

        enum Keys: String, CodingKey { case steps, first_invalid, final, repaired, repairs, einstein, definitions, counts, status, unchecked }

        // Written by hand so that "first_invalid" and "final" are null, not missing, when there is none.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(steps, forKey: .steps)
            if let firstInvalid { try c.encode(firstInvalid, forKey: .first_invalid) } else { try c.encodeNil(forKey: .first_invalid) }
            if let final { try c.encode(final, forKey: .final) } else { try c.encodeNil(forKey: .final) }
            try c.encode(repaired, forKey: .repaired)
            try c.encode(repairs, forKey: .repairs)
            try c.encode(einstein, forKey: .einstein)
            try c.encode(definitions, forKey: .definitions)
            try c.encode(counts, forKey: .counts)
            try c.encode(status, forKey: .status)
            try c.encodeIfPresent(unchecked, forKey: .unchecked)
        }
    }

    /// `{"steps": [...], "first_invalid": N or null, "final": {...}, "repaired": ...}` with sorted keys.
    public static func json(_ r: CheckReport) -> String {
        func step(_ s: StepVerdict) -> StepJSON {
            StepJSON(line: s.line, latex: s.latex, verdict: s.verdict.rawValue, reason: s.reason, counterexample: s.counterexample,
                     mistake: s.mistake, read: r.showsReadings ? s.reading : nil)
        }
        let c = counts(r)
        let doc = DocumentJSON(steps: r.steps.map(step), firstInvalid: r.firstInvalid?.line, final: r.final.map(step),
                               repaired: r.repaired, repairs: r.repairNotes, einstein: r.einstein, definitions: r.definitions,
                               counts: ["valid": c.valid, "invalid": c.invalid, "unverified": c.unverified],
                               status: r.status, unchecked: r.uncheckedSummary)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc), let s = String(data: data, encoding: .utf8) else { return "{}\n" }
        return s + "\n"
    }
}
