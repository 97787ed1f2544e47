import Symbolic

/// `derive explain EXPR`: what the indices of one expression do.
enum ExplainCommand: Command {
    static let name = "explain"
    static let summary = "what the indices of an expression do: free, summed, deltas"
    static let help = """
    usage: derive explain EXPR [--einstein] [--function NAME]...

    Reads one expression and says what its indices do: the expression with every sum written out, its free
    indices (one value for each), its summed (dummy) indices, where each Kronecker delta stands and whether it
    can be contracted, an index repeated three times in a term, and a sum whose terms have different free
    indices. Exit 0, or 1 where the indices do not conform, 2 for input that does not read.

      --einstein     read an index repeated in a product as summed (Einstein notation)
      --function F   F is a function of the user's (f(x), \\phi(u))

    examples:
      derive explain '-y_i \\log \\hat{y}_i' --einstein
      derive explain '\\sum_i y_i \\delta_{ik} - \\hat{y}_k'
      derive explain 'a_i + b_j'
    """

    static func run(_ args: Arguments, _ out: inout Output) throws -> Int32 {
        try args.only(["--einstein", "--function"])
        guard args.positionals.count == 1 else {
            throw UsageError(message: args.positionals.isEmpty ? "explain needs an expression" : "explain takes one expression; quote it")
        }
        let text = try Arguments.text(args.positionals[0])
        let written = try Parser.parse(text, options: ParseOptions(functions: Set(args.values("--function")), checksIndices: false))
        let einstein = args.flags.contains("--einstein")
        let e = einstein ? Einstein.explicit(written, protected: []) : written
        var notation = Notation(target: .unicode)
        notation.einstein = einstein
        let (sentences, conforms) = Explainer(printer: Printer(notation), context: Context()).report(e, written: einstein ? written : nil)
        for s in sentences { out.print(s) }
        return conforms ? ExitCode.success : ExitCode.wrong
    }
}
