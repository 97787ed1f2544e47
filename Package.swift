// swift-tools-version:6.0
import PackageDescription

// Toolchain only: no package dependencies (Foundation and Swift Testing).
//
// The library is a stack of layers, each a target under Sources/Symbolic; a layer may use only the
// layers listed for it, which come before it (docs/architecture.md says what each holds). `Symbolic`
// re-exports them all for the command line. Tests/SymbolicTests/Architecture checks that every file
// imports only what its layer may use.
let layers: [(name: String, folder: String, uses: [String])] = [
    ("SymbolicCore", "Core", []),
    ("SymbolicFunctions", "Functions", ["SymbolicCore"]),
    ("SymbolicRules", "Rules", ["SymbolicCore", "SymbolicFunctions"]),
    ("SymbolicNumeric", "Numeric", ["SymbolicCore", "SymbolicFunctions"]),
    ("SymbolicLaTeX", "LaTeX", ["SymbolicCore", "SymbolicFunctions"]),
    ("SymbolicRender", "Render", ["SymbolicCore", "SymbolicFunctions"]),
    ("SymbolicProblems", "Problems", ["SymbolicCore", "SymbolicFunctions", "SymbolicLaTeX", "SymbolicRender"]),
    ("SymbolicDerivation", "Derivation", ["SymbolicCore", "SymbolicFunctions", "SymbolicRules", "SymbolicNumeric", "SymbolicLaTeX",
                                          "SymbolicRender", "SymbolicProblems"]),
    ("SymbolicCheck", "Check", ["SymbolicCore", "SymbolicFunctions", "SymbolicRules", "SymbolicNumeric", "SymbolicLaTeX",
                                "SymbolicRender", "SymbolicProblems"]),
    ("SymbolicOutput", "Output", ["SymbolicCore", "SymbolicFunctions", "SymbolicRules", "SymbolicNumeric", "SymbolicLaTeX",
                                  "SymbolicRender", "SymbolicProblems", "SymbolicDerivation", "SymbolicCheck"]),
]

// A member of an extension is visible only where its module is imported, so that an import says
// everything a file uses.
let settings: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "derive",
    products: [
        .library(name: "Symbolic", targets: ["Symbolic"]),
        .executable(name: "derive", targets: ["derive"]),
    ],
    targets: layers.map { layer in
        .target(name: layer.name, dependencies: layer.uses.map { .target(name: $0) }, path: "Sources/Symbolic/\(layer.folder)",
                swiftSettings: settings)
    } + [
        .target(name: "Symbolic", dependencies: layers.map { .target(name: $0.name) }, path: "Sources/Symbolic/Exports",
                swiftSettings: settings),
        .executableTarget(name: "derive", dependencies: ["Symbolic"], swiftSettings: settings),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic"] + layers.map { .target(name: $0.name) }, swiftSettings: settings),
        .testTarget(name: "deriveTests", dependencies: ["derive"], exclude: ["Golden"], swiftSettings: settings),
    ]
)
