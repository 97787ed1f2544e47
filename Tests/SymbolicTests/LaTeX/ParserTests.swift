import Testing
import Symbolic

@Suite("Parse: LaTeX in the seeds' notation")
struct ParserTests {
    /// One input and the dump of what it must parse to.
    @Test(arguments: [
        (#"y_i \log \hat{y}_i"#, "(* y_{i} (log y~hat_{i}))"),
        (#"\widehat{y_{i}}"#, "y~hat_{i}"),
        (#"\mathbf{\hat{y}}"#, "y~hat~bold"),
        (#"W^{(1)}_{kd}"#, "W^(1)_{k,d}"),
        (#"W_{kd}^{(2)}"#, "W^(2)_{k,d}"),
        (#"\frac{e^{\theta_i}}{\sum_{m} e^{\theta_m}}"#, "(* (exp \\theta_{i}) (^ (sum m 1..? (exp \\theta_{m})) -1))"),
        (#"\sum_{i=1}^{K} y_i"#, "(sum i 1..K y_{i})"),
        (#"\exp(\theta_k)"#, "(exp \\theta_{k})"),
        (#"\ln x"#, "(log x)"),
        (#"\delta_{ik}"#, "(delta i k)"),
        (#"\mathbb{1}_{i=k}"#, "(delta i k)"),
        (#"\mathbb{1}_{\{i=j\}}"#, "(delta i j)"),
        (#"\mathbb{1}_{(\ell=i)}"#, "(delta \\ell i)"),
        (#"\sigma(z)"#, "(sigma z)"),
        (#"\sigma'(t_c)"#, "(sigma' t_{c})"),
        (#"\sigma^2"#, "(^ \\sigma 2)"),
        (#"\tanh\left(a\right)"#, "(tanh a)"),
        (#"a \cdot b \times c"#, "(* a b c)"),
        (#"\frac{\partial}{\partial \theta_k} y_i \log \hat{y}_i"#, "(d (* y_{i} (log y~hat_{i})) / d \\theta_{k})"),
        (#"\frac{\partial \hat{y}_i}{\partial \theta_k}"#, "(d y~hat_{i} / d \\theta_{k})"),
        (#"\mathit{CE}"#, "\\mathit{CE}"),
        (#"\operatorname{relu}(x)"#, "(relu x)"),
        (#"0.5 x"#, "(* 1/2 x)"),
        (#"x^23"#, "(* 3 (^ x 2))"),
        (#"y_12"#, "(* 2 y_{1})"),
        (#"\left[ a + b \right]"#, "(+ a b)"),
        (#"\big( a \big)"#, "a"),
        (#"θ_k"#, "\\theta_{k}"),
        (#"a_{i'}"#, "a_{i'}"),
        (#"\begin{cases} \hat{y}_k - 1 & i = k \\ \hat{y}_k & \text{otherwise} \end{cases}"#,
         "(cases [(+ y~hat_{k} -1) if i=k] [y~hat_{k}])"),
        (#"y_1 + y_2 + \dots + y_K"#, "(sum i 1..K y_{i})"),
        // the backpropagation slides's last layer: a capital and a comma first are a label, not an index.
        (#"\sum_m a_{L,m}"#, "(sum m 1..? a^(L)_{m})"),
        (#"\begin{bmatrix} \hat{y}_1 - y_1 \\ \hat{y}_2 - y_2 \\ \vdots \\ \hat{y}_k - y_k \\ \vdots \end{bmatrix}"#,
         "(array [i] (+ y~hat_{i} (* -1 y_{i})))"),
        (#"\nabla_{\hat{y}} L"#, "(array [i] (d L / d y~hat_{i}))"),
        (#"e^{x_1} + e^{x_2} + \cdots + e^{x_k} + c"#, "(+ (sum i 1..k (exp x_{i})) c)"),
        (#"(y_{1} \log p_{1}) + (y_{2} \log p_{2}) + \dots + (y_{k} \log p_{k}) + \dots"#, "(sum i 1..? (* y_{i} (log p_{i})))"),
        // Only the index that runs is generalised: the 1 of the derivative's x_1 stays.
        (#"e^{x_1} \frac{\partial x_1}{\partial x_1} + e^{x_2} \frac{\partial x_2}{\partial x_1} + \dots + e^{x_K} \frac{\partial x_K}{\partial x_1}"#,
         "(sum i 1..K (* (exp x_{i}) (d x_{i} / d x_{1})))"),
        (#"\sum_{k \in [1, K] \setminus j} y_k"#, "(sum k 1..K (* y_{k} (+ 1 (* -1 (delta j k)))))"),
        (#"\begin{cases} y_i(1-y_i) & \forall i=j \\ -y_i y_j & \forall i \neq j \end{cases}"#,
         "(cases [(* y_{i} (+ 1 (* -1 y_{i}))) if i=j] [(* -1 y_{i} y_{j})])"),
        (#"\sum_{i \neq j} y_i"#, "(sum i 1..? (* y_{i} (+ 1 (* -1 (delta i j)))))"),
        // the softmax-Jacobian tutorial's Jacobian: the diagonal differs from the rest, so the entry is a cases.
        (#"\begin{bmatrix} \hat{y}_1(1-\hat{y}_1) & -\hat{y}_1 \cdot \hat{y}_2 & \dots & -\hat{y}_1 \cdot \hat{y}_k \\ -\hat{y}_2 \cdot \hat{y}_1 & \hat{y}_2(1-\hat{y}_2) & \dots & -\hat{y}_2 \cdot \hat{y}_k \\ \vdots & \vdots & \ddots & \vdots \\ -\hat{y}_k \cdot \hat{y}_1 & -\hat{y}_k \cdot \hat{y}_2 & \dots & \hat{y}_k(1-\hat{y}_k) \end{bmatrix}"#,
         "(array [i,j] (cases [(* y~hat_{i} (+ 1 (* -1 y~hat_{i}))) if i=j] [(* -1 y~hat_{i} y~hat_{j})]))"),
        // A matrix whose diagonal follows the same pattern is the array of that entry.
        (#"\begin{bmatrix} \frac{\partial p_1}{\partial x_1} & \frac{\partial p_1}{\partial x_2} & \dots & \frac{\partial p_1}{\partial x_k} \\ \frac{\partial p_2}{\partial x_1} & \frac{\partial p_2}{\partial x_2} & \dots & \frac{\partial p_2}{\partial x_k} \\ \vdots & \vdots & \ddots & \vdots \\ \frac{\partial p_k}{\partial x_1} & \frac{\partial p_k}{\partial x_2} & \dots & \frac{\partial p_k}{\partial x_k} \end{bmatrix}"#,
         "(array [i,j] (d p_{i} / d x_{j}))"),
    ])
    func parses(_ input: String, _ dump: String) throws {
        #expect(try tex(input).description == dump)
    }

    /// One bad input and the whole message, with its line and column.
    @Test(arguments: [
        (#"\frac{a}{b"#, "unexpected end of input: expected '}' to close the denominator of \\frac at line 1, column 11"),
        (#"\frac{a}{\foo}"#, "unknown command \\foo at line 1, column 10"),
        ("x_", "unexpected end of input: '_' needs a subscript at line 1, column 2"),
        ("", "empty input: expected an expression at line 1, column 1"),
        ("a + }", "expected an expression but found '}' at line 1, column 5"),
        ("a }", "unbalanced braces: '}' without a matching '{' at line 1, column 3"),
        ("(a", "unexpected end of input: expected ')' to close '(' at line 1, column 3"),
        (#"\sum_i"#, "unexpected end of input: the sum has no body at line 1, column 1"),
        (#"\left( a"#, "unexpected end of input: \\left( is never closed by \\right at line 1, column 1"),
        ("y_i + x_j", "this term has free indices {j} but the term at column 1 has {i} at line 1, column 7"),
        ("a\n+ \\nope", "unknown command \\nope at line 2, column 3"),
        (#"x^{-}"#, "expected an expression but found '}' at line 1, column 5"),
        (#"\partial x"#, "\\partial must stand in a fraction, as in \\frac{\\partial f}{\\partial x} at line 1, column 1"),
        ("a \u{1}", "unexpected character 'U+0001' at line 1, column 3"),
        (#"\begin{cases} a & i = k \\ b & i = j \end{cases}"#, "a cases expression needs an 'otherwise' row at line 1, column 1"),
        (#"\begin{bmatrix} a & b \\ c & d \end{bmatrix}"#, "a vector or matrix whose entries do not show their pattern (write the first ones, dots, and the last) at line 1, column 1"),
        (#"\begin{bmatrix} a_{11} & a_{12} & \dots & a_{1k} \\ a_{21} & b_{22} & \dots & a_{2k} \\ \vdots & \vdots & \ddots & \vdots \\ a_{k1} & a_{k2} & \dots & a_{kk} \end{bmatrix}"#,
         "a vector or matrix whose entries do not show their pattern (write the first ones, dots, and the last) at line 1, column 1"),
        (#"a + \dots + b"#, "an ellipsis whose pattern is not clear: write the sum, or its first two terms and the last at line 1, column 5"),
        (#"y_1 + y_2 + \dots + z_k"#, "an ellipsis whose pattern is not clear: write the sum, or its first two terms and the last at line 1, column 13"),
        (#"\begin{cases} a & i = k"#, "expected \\\\ or \\end{cases} at line 1, column 24"),
    ])
    func refuses(_ input: String, _ message: String) {
        do {
            let e = try Parser.parse(input)
            Issue.record("parsed \(e) instead of failing")
        } catch let e as ParseError {
            #expect(e.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func errorShowsLineAndCaret() {
        do { _ = try Parser.parse(#"\frac{a}{\foo}"#); Issue.record("no error") } catch let e as ParseError {
            #expect(e.formatted() == "error: unknown command \\foo at line 1, column 10\n  \\frac{a}{\\foo}\n           ^~~~")
        } catch { Issue.record("\(error)") }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        #expect(throws: ParseError.self) { try Parser.parse(deep) }
        let braces = String(repeating: "{", count: 1_000_000)
        #expect(throws: ParseError.self) { try Parser.parse(braces) }
        let sizes = String(repeating: "\\big", count: 100_000) + "x"
        #expect(throws: ParseError.self) { try Parser.parse(sizes) }
    }

    @Test func definitionsAndAssumptions() throws {
        let d = try Parser.parseDefinition(#"\hat{y}_i = \frac{e^{\theta_i}}{\sum_m e^{\theta_m}}"#)
        #expect(d.symbol == Symbol("y", accent: .hat))
        #expect(d.indices == [.named("i")])
        #expect(try Parser.parseAssumption("y one-hot") == .oneHot(Symbol("y")))
        #expect(try Parser.parseAssumption(#"\sum_i y_i = 1"#) == .probability(Symbol("y")))
        #expect(try Parser.parseAssumption("x > 0") == .positive(Symbol("x")))
        #expect(throws: ParseError.self) { try Parser.parseDefinition(#"x + y = 2"#) }
        #expect(throws: ParseError.self) { try Parser.parseDefinition(#"W_{ii} = x_i"#) }
        #expect(throws: ParseError.self) { try Parser.parseAssumption("y is lovely") }
    }
}
