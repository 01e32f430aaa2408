import ArgumentParser
import Foundation
import PoTAlgebra
import PoTBench
import PoTSystem

/// The toolkit's main job on an embedded default. For now: check the installed libraries and
/// the test model, show the algebra at work, and benchmark it. It grows into the pipeline demo.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the toolkit end to end on the built-in example (library check, algebra, benchmarks).")

    @Option(help: "The GGUF model to inspect (default: the test model installed by `make setup`).")
    var model: String = ProcessInfo.processInfo.environment["POT_TEST_MODEL"]
        ?? NSHomeDirectory() + "/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf"

    func run() throws {
        print("pot \(Toolkit.version) — GMP \(Algebra.gmpVersion), \(LibraryVersions.openSSL), ggml \(LibraryVersions.ggml)")

        let summary = try GGUFSummary(path: model)
        print("model: \(summary.name ?? "unnamed") (\(summary.architecture), GGUF v\(summary.version), \(summary.tensorCount) tensors) at \(model)")

        // Bilinearity on fresh random scalars: e(aP, bQ) = e(P, Q)^(ab).
        let a = Fr.random(), b = Fr.random()
        let lhs = pairing(G1.generator * a, G2.generator * b)
        let rhs = pairing(G1.generator, G2.generator).power(a * b)
        guard lhs == rhs else { throw ValidationError("pairing bilinearity check failed") }
        print("pairing: e(aP, bQ) = e(P, Q)^(ab) holds for random a, b")

        print("benchmarks (median of runs):")
        WorkloadReport(json: false, runs: 5).run(AlgebraWorkloads.all())
    }
}
