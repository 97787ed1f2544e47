import Foundation

// The CLI is thin: each command parses its arguments and calls the library.
//
// It works on a thread of its own with a 256 MB stack (address space, committed only as it is used): the
// engine's limits (`Expr.depthLimit`, `NumericModel.evaluationDepthLimit`) keep every recursion within about
// 20 MB even in a debug build, beyond the main thread's 8 MB. A limit reached is an error message; the stack is
// never what stops the work. The worker ends the process with the command's exit code; the main thread parks.
let arguments = Array(CommandLine.arguments.dropFirst())
let worker = Thread { exit(CLI.run(arguments)) }
worker.stackSize = 256 << 20
worker.start()
dispatchMain()
