// swift-tools-version:6.0
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which differs between checkouts.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "Benchmarks",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "Benchmarks", dependencies: [.product(name: "Symbolic", package: root.lastPathComponent)]),
    ]
)
