// swift-tools-version: 6.1
import PackageDescription
import Foundation

/// ggml comes from the PyPI wheel that `scripts/setup.sh` unpacks into `.deps/ggml`;
/// linking with an rpath into that folder lets `pot` run without LD_LIBRARY_PATH. The Linux
/// wheels keep the libraries in lib64, the macOS one in lib.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
#if os(macOS)
let ggmlLib = "\(root)/.deps/ggml/lib"
#else
let ggmlLib = "\(root)/.deps/ggml/lib64"
#endif

/// C kernels are always optimised: the tests run 10^5-element oracle checks against them.
let kernelFlags: [CSetting] = [.unsafeFlags(["-O3", "-std=c11", "-Wall", "-Wextra"])]

let package = Package(
    name: "PoT",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pot", targets: ["pot"]),
        .library(name: "PoTAlgebra", targets: ["PoTAlgebra"]),
        // The workloads behind `pot bench`, also measured by package-benchmark in Benchmarks/.
        .library(name: "PoTBench", targets: ["PoTBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `pot serve` only (PoTServe): the HTTP server, and the logger it is handed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C kernels
        .target(name: "CBN254", path: "CSources/CBN254", cSettings: kernelFlags),
        .target(name: "CMSM", dependencies: ["CBN254"], path: "CSources/CMSM", cSettings: kernelFlags),
        .target(name: "CNTT", dependencies: ["CBN254"], path: "CSources/CNTT", cSettings: kernelFlags),
        .target(name: "CPoseidon", dependencies: ["CBN254"], path: "CSources/CPoseidon", cSettings: kernelFlags),
        .target(name: "CQuantMatMul", path: "CSources/CQuantMatMul", cSettings: kernelFlags),

        // System libraries
        // pkg-config finds Homebrew's prefix (and keg-only openssl@3 through its brew provider).
        .systemLibrary(
            name: "CGMP", path: "CSources/CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]),
        .systemLibrary(
            name: "COpenSSL", path: "CSources/COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .systemLibrary(name: "CGGML", path: "CSources/CGGML"),
        .target(
            name: "PoTSystem", dependencies: ["CGGML", "COpenSSL"], path: "Sources/PoTSystem",
            linkerSettings: [.unsafeFlags(["-L\(ggmlLib)", "-Xlinker", "-rpath", "-Xlinker", ggmlLib])]),

        // Algebra
        .target(name: "PoTAlgebra", dependencies: ["CBN254", "CMSM", "CNTT", "CPoseidon", "CGMP"], path: "Sources/PoTAlgebra"),

        // Commitments
        .target(name: "PoTCommitments", dependencies: ["CBN254", "PoTAlgebra", "PoTSystem"], path: "Sources/PoTCommitments"),

        // Proof engine and circuits
        .target(name: "PoTPlonk", dependencies: ["CBN254", "CNTT", "PoTAlgebra", "PoTCommitments", "PoTSystem"], path: "Sources/PoTPlonk"),
        .target(name: "PoTCircuits", dependencies: ["PoTPlonk", "PoTAlgebra", "PoTCommitments"], path: "circuits"),

        // Stages
        .target(name: "PoTHashing", dependencies: ["PoTSystem"], path: "Sources/PoTHashing"),
        .target(name: "PoTModels", dependencies: ["CGGML", "CQuantMatMul", "PoTAlgebra", "PoTSystem"], path: "Sources/PoTModels"),
        .target(name: "PoTBehaviour", dependencies: ["PoTHashing", "PoTModels", "PoTSystem"], path: "Sources/PoTBehaviour"),
        .target(name: "PoTTraining", dependencies: ["PoTAlgebra", "PoTCircuits", "PoTCommitments", "PoTHashing", "PoTPlonk", "PoTSystem"], path: "Sources/PoTTraining"),

        // Evidence
        .target(
            name: "PoTEvidence", dependencies: ["PoTAlgebra", "PoTBehaviour", "PoTCircuits", "PoTCommitments", "PoTHashing", "PoTPlonk", "PoTSystem", "PoTTraining"],
            path: "Sources/PoTEvidence"),

        // Serving: an OpenAI-compatible completions server over the model runner (`pot serve`)
        .target(
            name: "PoTServe",
            dependencies: [
                "PoTHashing", "PoTModels", "PoTSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PoTServe"),

        // Benchmarks
        .target(name: "PoTBench", dependencies: ["CBN254", "PoTAlgebra", "PoTBehaviour", "PoTCircuits", "PoTCommitments", "PoTEvidence", "PoTHashing", "PoTModels", "PoTPlonk", "PoTSystem", "PoTTraining"], path: "Sources/PoTBench"),

        // CLI
        .executableTarget(
            name: "pot",
            dependencies: [
                "PoTAlgebra", "PoTBehaviour", "PoTBench", "PoTCircuits", "PoTCommitments", "PoTEvidence", "PoTPlonk", "PoTHashing", "PoTModels", "PoTServe",
                "PoTSystem", "PoTTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/pot"),

        // libFuzzer targets over every parser (docs/fuzzing.md); a plain build replays inputs.
        .executableTarget(
            name: "pot-fuzz", dependencies: ["PoTBehaviour", "PoTCircuits", "PoTCommitments", "PoTEvidence", "PoTHashing", "PoTModels", "PoTPlonk", "PoTServe", "PoTTraining"],
            path: "Fuzz/Sources"),

        // Tests, one target per layer
        .testTarget(
            name: "PoTAlgebraTests", dependencies: ["PoTAlgebra", "CBN254", "CGMP"], path: "Tests/PoTAlgebraTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PoTCommitmentsTests", dependencies: ["PoTCommitments", "PoTAlgebra", "PoTSystem", "CBN254"],
            path: "Tests/PoTCommitmentsTests", exclude: ["Fixtures"]),
        .testTarget(name: "PoTPlonkTests", dependencies: ["PoTPlonk", "PoTAlgebra", "PoTCommitments", "PoTSystem"], path: "Tests/PoTPlonkTests"),
        .testTarget(name: "PoTCircuitsTests", dependencies: ["PoTCircuits", "PoTPlonk", "PoTAlgebra", "PoTCommitments"], path: "Tests/PoTCircuitsTests"),
        .testTarget(name: "PoTSystemTests", dependencies: ["PoTSystem", "CGGML", "COpenSSL"], path: "Tests/PoTSystemTests"),
        .testTarget(
            name: "PoTHashingTests", dependencies: ["PoTHashing", "PoTSystem", "CGGML"], path: "Tests/PoTHashingTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PoTModelsTests", dependencies: ["PoTModels", "CGGML", "CQuantMatMul"], path: "Tests/PoTModelsTests", exclude: ["Fixtures"]),
        .testTarget(
            name: "PoTBehaviourTests", dependencies: ["PoTBehaviour", "PoTHashing", "PoTModels", "PoTSystem"], path: "Tests/PoTBehaviourTests"),
        .testTarget(
            name: "PoTTrainingTests", dependencies: ["PoTTraining", "PoTAlgebra", "PoTCircuits", "PoTCommitments", "PoTHashing", "PoTPlonk"], path: "Tests/PoTTrainingTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PoTEvidenceTests", dependencies: ["PoTEvidence", "PoTAlgebra", "PoTBehaviour", "PoTCircuits", "PoTCommitments", "PoTHashing", "PoTModels", "PoTPlonk", "PoTServe", "PoTSystem", "PoTTraining"],
            path: "Tests/PoTEvidenceTests"),
        .testTarget(name: "PoTServeTests", dependencies: ["PoTServe", "PoTHashing", "PoTModels"], path: "Tests/PoTServeTests"),
    ]
)
