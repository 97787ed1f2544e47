import Foundation
import Symbolic

// The numeric judge on any expression that parses: an expression always equals itself (valid, or unverified
// with a reason), never invalid, never a trap.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let e = try? Parser.parse(text) else { return 0 }
    let free = e.freeIndices.compactMap(\.name)
    let v = Validator(context: Context(), seed: 1, minimumPoints: 3, sizeConfigurations: 1, evaluationBudget: 50_000)
    if let r = try? v.validate(reference: e, against: [e], free: free) {
        for c in r.checks { if case .invalid = c.verdict { preconditionFailure("an expression unequal to itself: \(text)") } }
    }
    return 0
}

// SwiftPM makes this file's top level the program's `main`, so libFuzzer's own `main` is not linked in: hand
// over to its driver, which reads the usual flags (-runs, -max_total_time, a corpus folder).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzer(&argc, &argv) { data, size in fuzz(data, size) })
