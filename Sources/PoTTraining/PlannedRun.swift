import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// Where each proof group of a planned run stands: its file is there and verifies with the run's
/// public inputs, is not there, or is there and does not verify (a foreign, stale or damaged
/// file, which a worker proves again).
public enum ProofState: Equatable, Sendable {
    case done
    case missing
    case invalid(String)
}

/// A run directory that `pot train --plan-only` wrote, as its provers and assembler see it
/// (docs/distributed.md): the manifest, the plan, and the verifying key, checked against each
/// other — the plan covers the run's steps, its statement is the one the configuration fixes
/// for its steps per proof, and the key file is that statement's and has the plan's digest.
public struct PlannedRun: Sendable {
    public let directory: String
    public let manifest: RunManifest
    public let plan: ProvingPlan
    public let statement: TrainStepStatement
    public let key: VerifyingKey

    public static func open(directory: String) throws(TrainingError) -> PlannedRun {
        let manifest = try RunManifest.read(directory: directory)
        let plan = try ProvingPlan.read(directory: directory)
        let planPath = directory + "/" + ProvingPlan.file
        guard plan.steps == manifest.steps else {
            throw .runDirectory("\(planPath): plans \(plan.steps) steps, run.json has \(manifest.steps)")
        }
        let statement: TrainStepStatement
        do {
            statement = try TrainStepStatement(layers: manifest.config.widths, batch: manifest.config.batchSize, eta: manifest.config.eta,
                                               examples: manifest.datasetSize, steps: plan.stepsPerProof)
        } catch { throw .runDirectory("\(planPath): this run cannot be proved: \(error)") }
        guard statement.description == plan.statement else {
            throw .runDirectory("\(planPath): names '\(plan.statement)'; the configuration fixes '\(statement.description)'")
        }
        let key: VerifyingKey
        do { key = try VerifyingKey.load(path: directory + "/" + plan.vk) } catch { throw .runDirectory("\(error)") }
        guard Hex.encode(key.digest) == plan.vkDigest, key.circuit == plan.statement, key.k == plan.k else {
            throw .runDirectory("\(directory)/\(plan.vk): not the key of the plan (digest \(Hex.encode(key.digest)), statement '\(key.circuit)', k = \(key.k))")
        }
        return PlannedRun(directory: directory, manifest: manifest, plan: plan, statement: statement, key: key)
    }

    /// The path of group `g`'s proof file.
    public func proofPath(group g: Int) -> String { directory + "/" + ProofIndex.proofFile(firstStep: plan.firstStep(group: g)) }

    /// The public inputs group `g`'s proof must verify with, from `run.json`.
    public func publicInputs(group g: Int) -> [String: Fr] {
        let t = plan.firstStep(group: g), m = manifest
        return ["run_id": m.runId, "step": Fr(UInt64(t)), "weights_before": m.commitments[t],
                "weights_after": m.commitments[t + plan.stepsPerProof], "dataset_root": m.datasetRoot, "seed_commitment": m.seedCommitment]
    }

    /// Whether group `g`'s proof file is there and verifies.
    public func state(group g: Int) -> ProofState { states(groups: [g])[0] }

    /// The state of each group, in order: every proof there is read and replayed up to its
    /// pairing equation (groups shared out between the cores), then the equations are checked
    /// together in one multi-pairing, and one by one only if that fails, to name the bad
    /// (`Verifier.failures(among:)`). `progress` hears how many groups have been replayed, of how many.
    public func states<Groups: Collection<Int>>(groups: Groups, progress: (Int, Int) -> Void = { _, _ in }) -> [ProofState] {
        let groups = Array(groups)
        var outcomes = [(claim: KZGPairingClaim?, state: ProofState)](repeating: (nil, .missing), count: groups.count)
        let threads = Parallelism.available
        for first in stride(from: 0, to: groups.count, by: 4 * threads) {
            progress(first, groups.count)
            let chunk = first..<min(groups.count, first + 4 * threads)
            outcomes.withUnsafeMutableBufferPointer { out in
                Parallelism.forEachRange(chunk.count, threads: threads) { range in
                    for i in range.lazy.map({ $0 + chunk.lowerBound }) { out[i] = prepare(group: groups[i]) }
                }
            }
        }
        progress(groups.count, groups.count)
        let claimed = outcomes.indices.filter { outcomes[$0].claim != nil }
        let failed = Set(Verifier.failures(among: claimed.map { outcomes[$0].claim! }).map { claimed[$0] })
        return outcomes.indices.map { i in
            guard outcomes[i].claim != nil else { return outcomes[i].state }
            return failed.contains(i) ? .invalid("\(proofPath(group: groups[i])): \(PlonkError.proofRejected("the opening does not verify"))") : .done
        }
    }

    /// Group `g`'s proof up to its pairing equation, or why it has none.
    private func prepare(group g: Int) -> (claim: KZGPairingClaim?, state: ProofState) {
        let path = proofPath(group: g)
        guard FileManager.default.fileExists(atPath: path) else { return (nil, .missing) }
        do {
            let (proof, digest) = try Proof.load(path: path)
            guard digest == key.digest else { return (nil, .invalid("\(path): names another verifying key")) }
            return (try statement.prepare(proof, key: key, expected: publicInputs(group: g)), .done)
        } catch {
            return (nil, .invalid("\(path): \(error)"))
        }
    }

    /// Checks that every group's proof is there and valid, then writes the proofs section into
    /// `run.json` (as `pot train --prove` does), so that `pot verify-training` reads the run.
    /// - Throws: ``TrainingError/runDirectory(_:)`` listing the groups not done, or when
    ///   `run.json` cannot be rewritten.
    @discardableResult
    public func assemble(progress: (Int, Int) -> Void = { _, _ in }) throws(TrainingError) -> ProofIndex {
        let groups = plan.shardLayout.groups
        var faults: [String] = []
        for (g, state) in states(groups: 0..<groups, progress: progress).enumerated() {
            switch state {
            case .done: break
            case .missing: faults.append("\(ProofIndex.proofFile(firstStep: plan.firstStep(group: g))) is missing (shard \(plan.shardLayout.shard(ofGroup: g)))")
            case .invalid(let reason): faults.append(reason + " (shard \(plan.shardLayout.shard(ofGroup: g)))")
            }
        }
        guard faults.isEmpty else {
            throw .runDirectory("\(directory): \(faults.count) of \(groups) proofs are not done: " + faults.prefix(8).joined(separator: "; ")
                                + (faults.count > 8 ? "; …" : ""))
        }
        let index = plan.index
        let path = directory + "/run.json"
        do {
            guard var record = try JSONSerialization.jsonObject(with: Data(try InputFile.read(path, limit: RunManifest.maxRunRecordBytes))) as? [String: Any] else {
                throw TrainingError.runDirectory("\(path): not a JSON object")
            }
            record["proofs"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(index))
            try OutputFile.write(RunDirectory.json(record), to: path, force: true)
        } catch let error as TrainingError {
            throw error
        } catch {
            throw .runDirectory("\(path): cannot add the proofs section (\(error))")
        }
        return index
    }
}
