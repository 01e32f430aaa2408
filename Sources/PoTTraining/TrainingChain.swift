import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// The proofs section of a run's `run.json` (docs/training.md, "Run directory"): the statement
/// every proof is of, its verifying key by digest, and the proof files by the steps they cover.
public struct ProofIndex: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var firstStep: Int
        public var steps: Int
        public var file: String

        enum CodingKeys: String, CodingKey {
            case firstStep = "first_step", steps, file
        }
    }

    public var statement: String
    public var k: Int
    /// The verifying key's file, relative to the run directory, and its SHA-256 digest.
    public var vk: String
    public var vkDigest: String
    public var files: [Entry]

    enum CodingKeys: String, CodingKey {
        case statement, k, vk, vkDigest = "vk_digest", files
    }
}

/// One check of a training chain and its verdict.
public struct ChainCheck: Sendable, Equatable {
    public let name: String
    public let passed: Bool
    public let detail: String

    public init(name: String, passed: Bool, detail: String) {
        (self.name, self.passed, self.detail) = (name, passed, detail)
    }
}

/// Verification of a run directory's chain (docs/training.md, "The chain"): the runId is the
/// configuration's, the statement is the one the configuration fixes, the proofs cover steps
/// 0 … T−1 in order without gaps or overlaps, each verifies with the public inputs the run
/// states (runId, t, C(W_t), C(W_{t+k}), D, S), and, given a weights file, its weights are W_T.
public enum TrainingChain {
    /// What the verifier reads from a run directory: its manifest and the proofs section.
    public struct Run: Sendable {
        public let manifest: RunManifest
        public let proofs: ProofIndex
    }

    /// Reads `config.json` and `run.json` (`RunManifest`) and the proofs section of `run.json`;
    /// throws for an unreadable or malformed file, naming it.
    public static func load(directory: String) throws(TrainingError) -> Run {
        let manifest = try RunManifest.read(directory: directory)
        let runPath = URL(fileURLWithPath: directory).appendingPathComponent("run.json").path
        struct Section: Decodable { let proofs: ProofIndex? }
        let section: Section
        do {
            section = try JSONDecoder().decode(Section.self, from: Data(try InputFile.read(runPath, limit: RunManifest.maxRunRecordBytes)))
        } catch let error as FileAccessError {
            throw .runDirectory("\(error)")
        } catch {
            throw .runDirectory("\(runPath): the proofs section is malformed (\(error.localizedDescription))")
        }
        guard let proofs = section.proofs else { throw .runDirectory("\(runPath): the run has no proofs (train with --prove)") }
        return Run(manifest: manifest, proofs: proofs)
    }

    /// The verifying key `run.json` names (not yet anchored: the caller anchors it).
    public static func key(_ run: Run, directory: String) throws(TrainingError) -> VerifyingKey {
        guard ProofIndex.isOwnFile(run.proofs.vk) else { throw .runDirectory("run.json names the key file '\(run.proofs.vk)', outside keys/") }
        do { return try VerifyingKey.load(path: directory + "/" + run.proofs.vk) } catch { throw .runDirectory("\(error)") }
    }

    /// Every check of the chain, in order; the chain is valid when all pass. `key` must already
    /// be anchored (its digest compared with an SRS re-derivation or a published digest).
    public static func verify(_ run: Run, directory: String, key: VerifyingKey, weights: String?,
                              progress: (Int, Int) -> Void = { _, _ in }) -> [ChainCheck] {
        var checks: [ChainCheck] = []
        func check(_ name: String, _ passed: Bool, _ detail: String) { checks.append(ChainCheck(name: name, passed: passed, detail: detail)) }

        let m = run.manifest
        // RunManifest.read checked the runId against config.json and the parameters against it.
        check("run", true, "run id \(RunDirectory.hex(m.runId)) of config.json; \(m.steps) steps on \(m.datasetSize) examples")

        let k = run.proofs.files.first?.steps ?? 0
        let statement: TrainStepStatement
        do {
            statement = try TrainStepStatement(layers: m.config.widths, batch: m.config.batchSize, eta: m.config.eta,
                                               examples: m.datasetSize, steps: max(1, k))
        } catch {
            check("statement", false, "\(error)")
            return checks
        }
        let named = statement.description == run.proofs.statement && statement.description == key.circuit
        check("statement", named, named ? statement.description
              : "the configuration fixes '\(statement.description)'; run.json names '\(run.proofs.statement)', the key '\(key.circuit)'")
        let digest = Hex.encode(key.digest)
        check("verifying key", digest == run.proofs.vkDigest, digest == run.proofs.vkDigest ? "digest \(digest)" : "the key's digest is \(digest), run.json states \(run.proofs.vkDigest)")

        // The proofs must tile 0 ..< T with k steps each.
        let entries = run.proofs.files
        let starts = entries.map(\.firstStep)
        let tiled = !entries.isEmpty && entries.allSatisfy { $0.steps == k } && starts == Array(stride(from: 0, to: m.steps, by: max(1, k)))
            && m.steps % max(1, k) == 0
        check("coverage", tiled, tiled ? "\(entries.count) proofs of \(k) step\(k == 1 ? "" : "s") cover steps 0 … \(m.steps - 1)"
              : "proofs start at steps \(Self.summary(starts)) with \(Self.summary(entries.map(\.steps))) steps; the run has \(m.steps) steps")

        // Each proof is replayed up to its pairing equation, proofs shared out between the
        // cores; the equations are then checked together in one multi-pairing, and one by one
        // only if that fails, to name the bad.
        var outcomes = [(claim: KZGPairingClaim?, failure: String?)](repeating: (nil, nil), count: entries.count)
        let threads = Parallelism.available
        for first in stride(from: 0, to: entries.count, by: 4 * threads) {
            progress(first, entries.count)
            let chunk = first..<min(entries.count, first + 4 * threads)
            outcomes.withUnsafeMutableBufferPointer { out in
                Parallelism.forEachRange(chunk.count, threads: threads) { range in
                    for i in range.lazy.map({ $0 + chunk.lowerBound }) {
                        do { out[i].claim = try Self.prepare(entries[i], run: run, directory: directory, key: key, statement: statement) }
                        catch { out[i].failure = "\(entries[i].file): \(error)" }
                    }
                }
            }
        }
        var failures: [(entry: Int, reason: String)] = []
        var claims: [KZGPairingClaim] = [], owners: [Int] = []
        for (i, outcome) in outcomes.enumerated() {
            if let claim = outcome.claim { claims.append(claim); owners.append(i) }
            if let failure = outcome.failure { failures.append((i, failure)) }
        }
        for failed in Verifier.failures(among: claims) {
            failures.append((owners[failed], "\(entries[owners[failed]].file): \(PlonkError.proofRejected("the opening does not verify"))"))
        }
        failures.sort { $0.entry < $1.entry }
        progress(entries.count, entries.count)
        check("step proofs", failures.isEmpty && !entries.isEmpty,
              failures.isEmpty ? "\(entries.count) proofs verify with the run's public inputs" : failures.map(\.reason).joined(separator: "; "))

        if let weights {
            do {
                let file = try WeightsFile.read(path: weights)
                let ok = file.commitment == m.commitments.last! && file.step == m.steps
                check("weights", ok, ok ? "\(weights) commits to C(W_\(m.steps))"
                      : "\(weights) is W_\(file.step) committing to \(RunDirectory.hex(file.commitment)); C(W_\(m.steps)) is \(RunDirectory.hex(m.commitments.last!))")
            } catch {
                check("weights", false, "\(error)")
            }
        }
        return checks
    }

    /// One proof file read, checked against the run (its key, its steps, the run's public
    /// inputs) and replayed up to its pairing equation.
    private static func prepare(_ entry: ProofIndex.Entry, run: Run, directory: String, key: VerifyingKey,
                                statement: TrainStepStatement) throws -> KZGPairingClaim {
        let m = run.manifest
        guard ProofIndex.isOwnFile(entry.file) else { throw PlonkError.proofRejected("'\(entry.file)' is not a file of the run's proofs/") }
        let (proof, vkDigest) = try Proof.load(path: directory + "/" + entry.file)
        guard vkDigest == key.digest else { throw PlonkError.keyMismatch("\(entry.file) names another verifying key") }
        let t = entry.firstStep
        guard t >= 0, entry.steps >= 1, t + entry.steps < m.commitments.count else {
            throw PlonkError.proofRejected("\(entry.file) covers steps outside the run")
        }
        return try statement.prepare(proof, key: key, expected: [
            "run_id": m.runId, "step": Fr(UInt64(t)), "weights_before": m.commitments[t],
            "weights_after": m.commitments[t + entry.steps], "dataset_root": m.datasetRoot,
            "seed_commitment": m.seedCommitment,
        ])
    }

    private static func summary(_ values: [Int]) -> String {
        values.count <= 6 ? values.map(String.init).joined(separator: ", ") : values.prefix(3).map(String.init).joined(separator: ", ") + ", …, " + values.suffix(2).map(String.init).joined(separator: ", ")
    }

}
