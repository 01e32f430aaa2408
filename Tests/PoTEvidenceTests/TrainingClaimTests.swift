import PoTAlgebra
import PoTCircuits
import PoTHashing
import PoTTraining
import XCTest

@testable import PoTEvidence

/// The training chain in a bundle: the run record and configuration against the claim, the
/// chain of step proofs' public inputs, and final weights files against C(W_T).
final class TrainingClaimTests: XCTestCase {
    static let manifest = try! RunManifest.read(directory: SmallTrainingRun.directory)

    static let bundle: EvidenceBundle = {
        var builder = BundleBuilder()
        try! builder.addTrainingRun(config: SmallTrainingRun.file("config.json"), configName: "config.json",
                                    run: SmallTrainingRun.file("run.json"), runName: "run.json")
        return try! builder.build()
    }()

    private func check(_ id: String, _ bundle: EvidenceBundle = bundle, _ inputs: BundleVerifierInputs = BundleVerifierInputs()) -> Check {
        BundleVerifier.verify(bundle, inputs: inputs).checks.first { $0.id == id }!
    }

    func testRunVerifiesAndSaysItsStepsAreNotProved() throws {
        let result = BundleVerifier.verify(Self.bundle)
        XCTAssertTrue(result.isValid, "\(result.failures)")
        XCTAssertEqual(check("training.run").verdict, .pass)
        XCTAssertEqual(check("training.chain").verdict, .skip)
        let claim = try XCTUnwrap(Self.bundle.manifest.training)
        XCTAssertEqual(claim.steps, 3)
        XCTAssertEqual(claim.finalCommitment, Self.manifest.commitments[3])
        XCTAssertEqual(try EvidenceBundle(bytes: Self.bundle.encoded, path: "b").manifest, Self.bundle.manifest)
    }

    func testClaimsTheRecordDoesNotSupport() throws {
        var manifest = Self.bundle.manifest
        let c = manifest.training!
        manifest.training = TrainingClaim(configPart: c.configPart, runPart: c.runPart, runId: c.runId, steps: c.steps, datasetRoot: c.datasetRoot,
                                          seedCommitment: c.seedCommitment, initialCommitment: c.initialCommitment,
                                          finalCommitment: c.finalCommitment + Fr(1), stepProofs: [])
        let changed = EvidenceBundle(manifest: manifest, parts: Self.bundle.parts)
        XCTAssertEqual(check("training.run", changed).verdict, .fail)
        XCTAssertTrue(check("training.run", changed).reason.contains("C(W_T)"), check("training.run", changed).reason)
    }

    func testFinalWeightsFile() throws {
        let weights = try WeightsFile.read(path: SmallTrainingRun.directory + "/weights-final.safetensors")
        XCTAssertEqual(check("training.weights[0]", Self.bundle, BundleVerifierInputs(weights: [("w", weights.commitment)])).verdict, .pass)
        let initial = try WeightsFile.read(path: SmallTrainingRun.directory + "/private/weights-initial.safetensors")
        XCTAssertEqual(check("training.weights[0]", Self.bundle, BundleVerifierInputs(weights: [("w", initial.commitment)])).verdict, .fail)
    }

    // The chain of step proofs, on their claimed public inputs (train-step's rows of docs/training.md).

    /// Claims of proofs covering `spans` steps each, honest unless `change` alters one.
    private func chain(spans: [Int], k: Int, eta: Int64? = nil, change: (Int, inout [Fr]) -> Void = { _, _ in }) -> Check {
        let m = Self.manifest
        let statement = try! TrainStepStatement(layers: m.config.widths, batch: m.config.batchSize, eta: eta ?? m.config.eta,
                                                examples: m.datasetSize, steps: k).description
        var proofs: [ProofClaim] = []
        var t = 0
        for (n, span) in spans.enumerated() {
            var values = [m.runId, Fr(UInt64(t)), m.commitments[t], m.commitments[min(t + span, m.steps)], m.datasetRoot, m.seedCommitment]
            change(n, &values)
            let names = ["run_id", "t", "before", "after", "dataset_root", "seed_commitment"]
            proofs.append(ProofClaim(proofPart: n, keyPart: 99, statement: statement, keyDigest: [],
                                     publicInputs: zip(names, values).map { NamedInput(name: $0, value: $1) }))
            t += span
        }
        let c = Self.bundle.manifest.training!
        let claim = TrainingClaim(configPart: 0, runPart: 1, runId: c.runId, steps: c.steps, datasetRoot: c.datasetRoot, seedCommitment: c.seedCommitment,
                                  initialCommitment: c.initialCommitment, finalCommitment: c.finalCommitment, stepProofs: Array(proofs.indices))
        return TrainingChecks.chain(claim, proofs: proofs, config: m.config)
    }

    func testHonestChains() {
        XCTAssertEqual(chain(spans: [1, 1, 1], k: 1).verdict, .pass)
        XCTAssertEqual(chain(spans: [3], k: 3).verdict, .pass)
    }

    func testBrokenChainsFail() {
        // A proof missing (the last step unproved), a step skipped between proofs of one step,
        // proofs longer than their key says, a proof starting from other weights, another run's proof.
        let broken: [(String, Check)] = [
            ("missing", chain(spans: [1, 1], k: 1)),
            ("skipped", chain(spans: [1, 2], k: 1)),
            ("too long", chain(spans: [2, 1], k: 1)),
            ("other weights", chain(spans: [1, 1, 1], k: 1) { n, v in if n == 1 { v[2] = v[2] + Fr(1) } }),
            ("other run", chain(spans: [1, 1, 1], k: 1) { n, v in if n == 2 { v[0] = v[0] + Fr(1) } }),
            ("other dataset", chain(spans: [1, 1, 1], k: 1) { n, v in if n == 0 { v[4] = v[4] + Fr(1) } }),
            ("renumbered", chain(spans: [1, 1, 1], k: 1) { n, v in if n == 1 { v[1] = Fr(2) } }),
            ("another learning rate", chain(spans: [1, 1, 1], k: 1, eta: Self.manifest.config.eta + 1)),
        ]
        for (what, check) in broken {
            XCTAssertEqual(check.verdict, .fail, "\(what): \(check.reason)")
        }
        XCTAssertNil(TrainingChecks.stepsPerProof("train-step layers=4,3,2"))
        XCTAssertNil(TrainingChecks.stepsPerProof("train-step steps=0"))
    }
}

/// A run proved step by step, bundled from its directory.
final class ProvedTrainingTests: XCTestCase {
    static let bundle: EvidenceBundle = {
        var builder = BundleBuilder()
        try! builder.addTrainingRun(directory: SmallTrainingRun.provedDirectory)
        return try! builder.build()
    }()

    func testProvedRunVerifies() throws {
        let result = BundleVerifier.verify(Self.bundle, inputs: BundleVerifierInputs(srs: SmallTrainingRun.srs))
        XCTAssertTrue(result.isValid, "\(result.failures)")
        XCTAssertEqual(result.checks.first { $0.id == "training.chain" }?.verdict, .pass)
        let m = Self.bundle.manifest
        XCTAssertEqual(m.training?.stepProofs, [0, 1, 2])
        XCTAssertEqual(m.proofs.map(\.publicInputs[1].value), [Fr(0), Fr(1), Fr(2)])
        XCTAssertEqual(m.models.map(\.role), [.trained])
        // The final weights' SHA-256 root is the trained model's.
        let weights = try ModelCommitment(layout: ModelLayout.open(path: SmallTrainingRun.provedDirectory + "/weights-final.safetensors"), threads: 1, tool: "t")
        XCTAssertEqual(m.models[0].modelRoot, weights.modelRoot.bytes)
    }

    func testAStepLeftOutOfTheChainFails() {
        var manifest = Self.bundle.manifest
        let t = manifest.training!
        manifest.training = TrainingClaim(configPart: t.configPart, runPart: t.runPart, runId: t.runId, steps: t.steps, datasetRoot: t.datasetRoot,
                                          seedCommitment: t.seedCommitment, initialCommitment: t.initialCommitment,
                                          finalCommitment: t.finalCommitment, stepProofs: [0, 2])
        let result = BundleVerifier.verify(EvidenceBundle(manifest: manifest, parts: Self.bundle.parts),
                                           inputs: BundleVerifierInputs(srs: SmallTrainingRun.srs))
        XCTAssertEqual(result.failures.map(\.id), ["training.chain"])
    }
}
