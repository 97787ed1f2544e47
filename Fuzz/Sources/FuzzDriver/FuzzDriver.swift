import Foundation

/// The test of the running target; a C callback cannot capture it, so it is kept here.
nonisolated(unsafe) private var test: (String) -> Void = { _ in }

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Runs libFuzzer on `body`, each input given as text (invalid UTF-8 repaired), and exits with its status.
/// SwiftPM makes a target's top level the program's `main`, so libFuzzer's own `main` is not linked in: this
/// hands over to its driver, which reads the usual flags (-runs, -max_total_time, a corpus folder).
///
/// ```swift
/// fuzz { text in _ = try? Parser.parse(text) }
/// ```
public func fuzz(_ body: @escaping (String) -> Void) -> Never {
    test = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runFuzzer(&argc, &argv) { data, size in
        guard let data else { return 0 }
        test(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
        return 0
    })
}
