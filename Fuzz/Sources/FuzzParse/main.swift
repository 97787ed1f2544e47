import Foundation
import Symbolic

// The LaTeX parser on any bytes: a tree or a positioned error, never a trap.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let e = try Parser.parse(text)
        _ = Printer(.latex).print(e)
    } catch let e as ParseError {
        precondition(e.location.line >= 1 && e.location.column >= 1, "an error without a place")
    } catch {}
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
