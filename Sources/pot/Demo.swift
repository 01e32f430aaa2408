import ArgumentParser
import Foundation
import PoTAlgebra
import PoTBench
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTHashing
import PoTModels
import PoTSystem

/// The toolkit's main job on a built-in example: every stage that exists so far, run on the
/// real test model and the development SRS, then the kernel benchmarks. It grows into the
/// full pipeline (behaviour, proofs, bundle) as those stages land.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pipeline on the built-in example: commit the test model, score a text, a KZG round trip, a proof, behavioural runs against a re-encoding and a perturbed copy, an evidence bundle verified in a separate process, its report, benchmarks.")

    @Option(help: "The GGUF model (default: the test model installed by `make setup`).")
    var model: String = ProcessInfo.processInfo.environment["POT_TEST_MODEL"]
        ?? NSHomeDirectory() + "/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf"

    @Option(help: "The SRS file for the KZG step.")
    var srs = "params/dev-k12.srs"

    @Option(help: "Where the model's variants, the behavioural runs, the proved training run, the evidence bundle, a tampered copy and the report are written.")
    var outputDir = "demo-output"

    @Option(help: "Threads for hashing and inference.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    @OptionGroup var bank: BankOption

    func run() throws {
        print("pot \(Toolkit.version) — GMP \(Algebra.gmpVersion), \(LibraryVersions.openSSL), ggml \(LibraryVersions.ggml)")
        let start = ContinuousClock.now
        let commitment = try stage(1, "hashing stage: commit \(model)") { try commitModel() }
        try stage(2, "model runner: score \"\(Self.text)\"") { try scoreText() }
        try stage(3, "KZG on \(srs)") { try kzgRoundTrip() }
        try stage(4, "proof engine: a Poseidon chain on \(srs)") { try proveAndVerify() }
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        let behaviour = try stage(5, "behavioural test against variants of the model, in \(outputDir)/") {
            try DemoBehaviour(model: model, directory: outputDir, threads: threads, bank: bank).run(reference: commitment)
        }
        try stage(6, "proof of training and the evidence bundle, in \(outputDir)/") {
            try DemoBundle(directory: outputDir).run(reference: commitment, behaviour: behaviour)
        }
        stage(7, "kernel benchmarks (median of 5 runs; `pot bench all --json` for every group)") {
            WorkloadReport(json: false, runs: 5).run(AlgebraWorkloads.all())
        }
        print(String(format: "\nall stages in %.1f s. The bundle: %@/demo.bundle; its report: %@/report.html",
                     (ContinuousClock.now - start).seconds, outputDir, outputDir))
    }

    /// Prints the stage's title, runs it and prints how long it took.
    private func stage<T>(_ number: Int, _ title: String, _ body: () throws -> T) rethrows -> T {
        print("\n[\(number)/7] \(title)")
        let start = ContinuousClock.now
        let result = try body()
        print(String(format: "  stage %d: %.1f s", number, (ContinuousClock.now - start).seconds))
        return result
    }

    /// Hashing stage: the model file becomes a SHA-256 Merkle commitment.
    private func commitModel() throws -> ModelCommitment {
        let clock = ContinuousClock()
        var commitment: ModelCommitment?
        let elapsed = try clock.measure {
            let layout = try ModelLayout.open(path: model)
            commitment = try ModelCommitment(layout: layout, threads: threads, tool: "pot \(Toolkit.version)")
        }
        guard let commitment else { throw DemoError("\(model): no commitment") }
        print("  model root \(commitment.modelRoot) (\(commitment.format.rawValue), \(commitment.tensors.count) tensors)"
              + String(format: " in %.2f s", elapsed.seconds))
        return commitment
    }

    static let text = "The capital of France is Paris."

    /// Model runner: teacher-forced log-probabilities of a short text.
    private func scoreText() throws {
        let text = Self.text
        let lm = try LanguageModel(path: model, threads: threads)
        let tokens = try lm.tokenizer().encode(text, parseSpecial: true)
        let logProbs = try lm.logProbs(tokens)
        let mean = -logProbs.reduce(0, +) / Double(max(1, logProbs.count))
        print(String(format: "  %d tokens, mean negative log-likelihood %.3f nats (perplexity %.2f)", tokens.count, mean, exp(mean)))
    }

    /// Commitments layer: commit to a random polynomial, open it at a random point, verify the
    /// opening, and see a wrong value rejected.
    private func kzgRoundTrip() throws {
        let params = try SRS.load(path: srs)
        if params.isInsecure { print("  (development SRS: insecure, its τ was drawn by one machine)") }
        let polynomial = Polynomial(coefficients: (0..<params.maxCoefficients).map { _ in Fr.random() })
        let point = Fr.random()
        let prover = KZGProver(srs: params), verifier = KZGVerifier(key: params.verifierKey)
        let commitment = prover.commit(polynomial)
        let opening = prover.open(polynomial, at: point)
        let accepted = verifier.verify(commitment: commitment, point: point, opening: opening)
        let forged = KZGOpening(value: opening.value + .one, proof: opening.proof)
        let rejected = !verifier.verify(commitment: commitment, point: point, opening: forged)
        guard accepted, rejected else { throw ValidationError("KZG round trip failed (accepted \(accepted), forged rejected \(rejected))") }
        print("  degree \(params.maxCoefficients - 1): opening verified, a wrong value rejected")
    }

    /// Proof engine: keys, a proof and its verification for the Poseidon chain that fills the
    /// SRS's table, and a tampered copy rejected.
    private func proveAndVerify() throws {
        let params = try SRS.load(path: srs)
        let k = params.k
        let statement = try PoseidonChainStatement.filling(k: k)
        print("  \(statement) at k = \(k)")
        let clock = ContinuousClock()
        var key: ProvingKey!
        let keygen = try clock.measure { key = try statement.keygen(k: k, srs: params) }
        var proof: Proof!
        let proving = try clock.measure { proof = try statement.prove(witness: Fr(3), key: key, srs: params) }
        let verifying = try clock.measure { try statement.verify(proof, key: key.vk) }
        var tampered = proof!
        tampered.instances[0][1] += .one
        let rejected = (try? statement.verify(tampered, key: key.vk)) == nil
        guard rejected else { throw ValidationError("a proof with a changed public output was accepted") }
        print("  keygen \(keygen.milliseconds) ms, prove \(proving.milliseconds) ms, verify \(verifying.milliseconds) ms, "
              + "proof \(proof.encoded(vkDigest: key.vk.digest).count) bytes; a changed public output is rejected")
    }
}

private extension Duration {
    var milliseconds: String { String(format: "%.1f", seconds * 1000) }
}
