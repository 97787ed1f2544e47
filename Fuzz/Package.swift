// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over derive's input paths, one executable each, built with the fuzzer and address
// sanitizer:  Fuzz/run TARGET SECONDS  (see Fuzz/README.md). Depends on the main package by path.
let targets = ["FuzzParse", "FuzzCheck", "FuzzGrad", "FuzzJudge"]

let package = Package(
    name: "derive-fuzz",
    dependencies: [.package(name: "derive", path: "..")],
    targets: [.target(name: "FuzzDriver", path: "Sources/FuzzDriver")] + targets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzDriver", .product(name: "Symbolic", package: "derive")], path: "Sources/\(name)")
    }
)
