import Foundation
import Symbolic

// Document extraction and checking on any bytes: a report, never a trap; a step of the checker's own reading
// is never both valid and without a line.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let report = Checker(evaluationBudget: 20_000).check(text)
    for s in report.steps { precondition(s.line >= 1, "a verdict without a line") }
    _ = CheckLayout.text(report)
    _ = CheckLayout.json(report)
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
