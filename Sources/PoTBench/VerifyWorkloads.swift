import Foundation
import PoTAlgebra
import PoTBehaviour
import PoTCircuits
import PoTCommitments
import PoTEvidence
import PoTHashing
import PoTModels
import PoTSystem
import PoTTraining

/// `pot bench verify`: `bundle_verify` (ms; name and unit fixed by issue 14), the whole check
/// of a demo-like bundle without models: a behavioural run in audit mode (the tiny fixture
/// llama of Tests/PoTModelsTests/Fixtures against a one-byte-changed copy), one epoch of the
/// 64→32→10 MLP at batch 16 (94 steps, seeded synthetic pixels as in `pot bench train`), the
/// three models' commitment documents and a squaring-chain proof filling k = 12 on a seeded
/// development SRS. Two figures: the key anchored by its digest, and by re-deriving it from the
/// SRS (key generation included).
public enum VerifyWorkloads {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf").standardized.path
    static let bank = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../params/prompt-bank.json").standardized.path

    public static func bundle() throws -> [Workload] {
        let folder = NSTemporaryDirectory() + "pot-bench-bundle-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var builder = BundleBuilder()
        let challenges = try addBehaviour(&builder, folder: folder)
        let steps = try addTraining(&builder, folder: folder)
        let srs = SRS.insecure(k: 12, tau: Fr(0xbe_4c))
        let statement = try SquaringChainStatement.filling(k: 12)
        let key = try statement.keygen(k: 12, srs: srs)
        let proof = try statement.prove(witness: Fr(3), key: key, srs: srs)
        try builder.addProof(proof: proof.encoded(vkDigest: key.vk.digest), proofName: "chain.proof", key: key.vk.encoded(), keyName: "chain.vk")
        let bytes = try builder.build().encoded

        let params = ["challenges": challenges, "steps": steps, "proofs": 1, "bytes": bytes.count]
        let anchors: [(String, BundleVerifierInputs)] = [
            ("digest", BundleVerifierInputs(trustedKeyDigests: [key.vk.digest])), ("srs", BundleVerifierInputs(srs: srs)),
        ]
        return anchors.map { anchor, inputs in
            Workload(name: "bundle_verify", params: params, labels: ["anchor": anchor], unit: .ms, batch: 1) {
                // Reading is part of it: a verifier starts from the file's bytes.
                let verification = BundleVerifier.verify(try! EvidenceBundle(bytes: bytes, path: "bench.bundle"), inputs: inputs)
                precondition(verification.isValid, "the benchmark bundle does not verify: \(verification.failures)")
            }
        }
    }

    /// A finished audit-mode run and both commitment documents; returns the challenge count.
    private static func addBehaviour(_ builder: inout BundleBuilder, folder: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: fixture) else {
            throw BehaviourError.rejected("\(fixture) is missing: `pot bench verify` runs in the repository it was built from")
        }
        let candidate = folder + "/candidate.gguf"
        var bytes = [UInt8](FileManager.default.contents(atPath: fixture)!)
        bytes[bytes.count - 1] ^= 1
        guard FileManager.default.createFile(atPath: candidate, contents: Data(bytes)) else {
            throw BehaviourError.rejected("cannot write \(candidate)")
        }
        let promptBank = try PromptBank.load(path: bank)
        func load(_ path: String) throws -> LanguageModel { try LanguageModel(path: path, contextLength: 512, threads: 1, products: .ggml) }
        let scorer = try ChallengeScorer(reference: load(fixture), candidate: load(candidate), continuationTokens: BehaviourMode.audit.continuationTokens)
        let roots = (try ModelRoot.of(path: fixture, threads: 1), try ModelRoot.of(path: candidate, threads: 1))
        let parameters = BehaviourParameters(
            mode: .audit, promptBankSHA256: promptBank.sha256, scoringMethod: scorer.method, products: scorer.products,
            referenceRoot: roots.0, candidateRoot: roots.1, contributionSource: "nonce of the candidate's owner")
        let secret = AuditorSecret.random()
        let published = ChallengeCommitment(secret: secret, runID: "bench", parameters: parameters)
        let nonce = Contribution.nonce()
        var lines: [String] = []
        _ = try BehaviourRun(secret: secret, commitment: published, contribution: nonce, bank: promptBank, scorer: scorer, modelRoots: roots)
            .run(tool: "pot bench", emit: { lines.append($0) })
        func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }
        for (path, role) in [(fixture, ModelRole.reference), (candidate, .candidate)] {
            let document = try ModelCommitment(layout: ModelLayout.open(path: path), threads: 1, tool: "pot bench")
            try builder.addModel(commitment: Array(document.json.utf8), role: role, name: path)
        }
        try builder.addBehaviour(
            bank: [UInt8](FileManager.default.contents(atPath: bank)!), commitment: line(TranscriptJSON.line(CommitmentRecord(published))),
            contribution: line(TranscriptJSON.line(ContributionRecord(commitment: published, contribution: nonce))),
            transcript: Array(lines.map { $0 + "\n" }.joined().utf8),
            reveal: line(TranscriptJSON.line(KeyReveal(runId: "bench", commitment: Hex.encode(published.value), secret: secret.hex))),
            names: ("bank", "commitment", "contribution", "transcript", "reveal"))
        return lines.count - 2
    }

    /// One epoch of the 64→32→10 MLP, its run directory and the commitment of its final
    /// weights; returns the step count.
    private static func addTraining(_ builder: inout BundleBuilder, folder: String) throws -> Int {
        var random = SeededRandom(seed: 13)
        let examples = 1797, width = 64
        let data = LabelledExamples(
            inputs: IntegerMatrix(rows: examples, columns: width, values: (0..<examples * width).map { _ in Int64(random.next() % 17) << 12 }),
            labels: (0..<examples).map { _ in Int(random.next() % 10) })
        let config = try TrainingConfig(widths: [64, 32, 10], batchSize: 16, learningRate: 0.1, initSeed: 1)
        var run = try TrainingRun(config: config, data: data, dataName: "synthetic", secrets: RunSecrets(scheduleSeed: Fr(1), runSecret: Fr(2), datasetSalt: Fr(3)))
        let before = try run.weights.evaluate(run.holdout)
        let steps = try (0..<run.stepsPerEpoch).map { _ in try run.advance().summary }
        let directory = folder + "/run"
        try RunDirectory.write(to: directory, run: run, steps: steps, before: before, after: try run.weights.evaluate(run.holdout),
                               dataSHA256: "synthetic", force: true)
        func read(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: directory + "/" + name)!) }
        try builder.addTrainingRun(config: read("config.json"), configName: "config.json", run: read("run.json"), runName: "run.json")
        let weights = try ModelCommitment(layout: ModelLayout.open(path: directory + "/weights-final.safetensors"), threads: 1, tool: "pot bench")
        try builder.addModel(commitment: Array(weights.json.utf8), role: .trained, name: "weights-final.safetensors")
        return steps.count
    }
}
