// The library as one module: every layer, for the command line and for programs that use derive.
//
// ```swift
// import Symbolic
// let problem = try Problem.parse(loss: #"-\sum_i y_i \log \hat{y}_i"#, wrt: #"\theta_k"#)
// ```
@_exported import SymbolicCore
@_exported import SymbolicFunctions
@_exported import SymbolicRules
@_exported import SymbolicNumeric
@_exported import SymbolicLaTeX
@_exported import SymbolicRender
@_exported import SymbolicProblems
@_exported import SymbolicDerivation
@_exported import SymbolicCheck
@_exported import SymbolicOutput
