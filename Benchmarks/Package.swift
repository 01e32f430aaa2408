// swift-tools-version: 6.1
// package-benchmark (ordo-one/benchmark) over the same workloads as `pot bench`.
// A package of its own, so that building and testing the toolkit never builds the
// benchmark harness. Run from this folder:  swift package benchmark
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, so the toolkit's identity is whatever
/// the checkout is called.
let toolkit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "PoTBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Algebra",
            dependencies: [
                .product(name: "PoTBench", package: toolkit),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Algebra",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
