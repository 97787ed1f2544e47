import Foundation

// The CLI is thin: each command parses its arguments and calls the library.
//
// It works on a thread of its own with a 256 MB stack (address space, committed only as it is used): the
// engine's limits (`Expr.depthLimit`, `NumericModel.evaluationDepthLimit`) keep every recursion within a few
// tens of MB even in a debug build, and the main thread's 8 MB would leave no margin for the judge's deepest
// evaluations. A limit reached is an error message; the stack is never what stops the work.
final class Outcome: @unchecked Sendable { var status: Int32 = 0 }
let outcome = Outcome()
let done = DispatchSemaphore(value: 0)
let arguments = Array(CommandLine.arguments.dropFirst())
let worker = Thread {
    outcome.status = CLI.run(arguments)
    done.signal()
}
worker.stackSize = 256 << 20
worker.start()
done.wait()
exit(outcome.status)
