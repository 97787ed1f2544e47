import FuzzDriver
import Symbolic

// Document extraction and checking on any bytes: a report, never a trap; a step of the checker's own reading
// is never both valid and without a line. Three points at one size configuration: the target hunts traps in
// reading and judging, not numeric edge cases, and a hundred times the executions find more of them.
fuzz { text in
    let report = Checker(evaluationBudget: 20_000, points: 3, sizeConfigurations: 1).check(text)
    for s in report.steps { precondition(s.line >= 1, "a verdict without a line") }
    _ = CheckLayout.text(report)
    _ = CheckLayout.json(report)
}

