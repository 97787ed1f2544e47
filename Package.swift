// swift-tools-version:6.0
import PackageDescription

// Toolchain only: no package dependencies (Foundation and Swift Testing).
let package = Package(
    name: "derive",
    products: [
        .library(name: "Symbolic", targets: ["Symbolic"]),
        .executable(name: "derive", targets: ["derive"]),
    ],
    targets: [
        .target(name: "Symbolic"),
        .executableTarget(name: "derive", dependencies: ["Symbolic"]),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic"]),
        .testTarget(name: "deriveTests", dependencies: ["derive"], exclude: ["Golden"]),
    ]
)
