import Foundation

// The CLI is thin: each command parses its arguments and calls the library.
let status = CLI.run(Array(CommandLine.arguments.dropFirst()))
exit(status)
