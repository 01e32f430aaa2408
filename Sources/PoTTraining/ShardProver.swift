import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// Proves one shard of a planned run (docs/distributed.md). The worker redoes the native run
/// from `config.json`, the data and `private/secrets.json`, and checks every value it derives
/// against what `run.json` states — runId, dataset root, seed commitment, and `C(W_t)` after
/// every step — so a worker fed other data, secrets or code stops instead of proving something
/// else. Groups whose proof is already there and valid are skipped; each proof is written under a
/// temporary name and renamed into place, so a killed worker leaves no partial proof.
public struct ShardProver {
    public let run: PlannedRun
    public let key: ProvingKey
    public let srs: SRS
    public let threads: Int

    /// What happened to one group.
    public enum Outcome: Equatable, Sendable {
        case skipped
        case proved
    }

    /// - Precondition: `key` is the plan's (its verifying key has the plan's digest).
    public init(run: PlannedRun, key: ProvingKey, srs: SRS, threads: Int = Parallelism.available) {
        precondition(key.vk.digest == run.key.digest, "the proving key is the plan's")
        (self.run, self.key, self.srs, self.threads) = (run, key, srs, threads)
    }

    /// Proves the groups of shard `shard` (of the plan's shards) that are not done, in order;
    /// `progress` hears of each group after it is skipped or proved.
    public func prove(shard: Int, data: LabelledExamples, dataName: String,
                      progress: (_ group: Int, Outcome) -> Void = { _, _ in }) throws -> [Int: Outcome] {
        let groups = run.plan.shardLayout.groups(ofShard: shard)
        let k = run.plan.stepsPerProof
        removeLeftovers(groups)
        var outcomes: [Int: Outcome] = [:]
        var pending = Set<Int>()
        for (g, state) in zip(groups, run.states(groups: groups)) {
            if state == .done {
                outcomes[g] = .skipped
                progress(g, .skipped)
            } else {
                pending.insert(g)
            }
        }
        guard let last = pending.max() else { return outcomes }
        var native = try replayStart(data: data, dataName: dataName)
        let prover = RunProver(witnesses: try StepWitnesses(run: native, stepsPerProof: k), key: key, srs: srs, threads: threads)
        var group: [StepRecord] = []
        for t in 0..<(last + 1) * k {
            let record = try native.advance()
            guard record.nextCommitment == run.manifest.commitments[t + 1] else {
                throw TrainingError.runDirectory("\(run.directory): step \(t) redone commits to \(RunDirectory.hex(record.nextCommitment)), "
                                                 + "run.json states \(RunDirectory.hex(run.manifest.commitments[t + 1])) (other data, secrets or trainer?)")
            }
            guard pending.contains(t / k) else { continue }
            group.append(record)
            guard group.count == k else { continue }
            let proof = try prover.prove(group[...])
            try OutputFile.write(proof.encoded(vkDigest: key.vk.digest), to: run.proofPath(group: t / k), force: true)
            group = []
            outcomes[t / k] = .proved
            progress(t / k, .proved)
        }
        return outcomes
    }

    /// The run at step 0 from the configuration, the data and the run's secrets, checked against
    /// `run.json`.
    func replayStart(data: LabelledExamples, dataName: String) throws(TrainingError) -> TrainingRun {
        let secrets = try RunSecrets.read(directory: run.directory)
        let native = try TrainingRun(config: run.manifest.config, data: data, dataName: dataName, secrets: secrets)
        let m = run.manifest
        guard native.datasetRoot == m.datasetRoot else {
            throw .badData("\(dataName): its training split has dataset root \(RunDirectory.hex(native.datasetRoot)), the run's is \(RunDirectory.hex(m.datasetRoot))")
        }
        guard native.seedCommitment == m.seedCommitment, native.initialCommitment == m.commitments[0] else {
            throw .runDirectory("\(run.directory)/private/secrets.json: the secrets do not give the run's seed commitment and C(W_0)")
        }
        return native
    }

    /// A killed worker's temporary files (`.step-….proof.XXXXXX`) of this shard's groups.
    private func removeLeftovers(_ groups: Range<Int>) {
        let folder = run.directory + "/proofs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let prefixes = Set(groups.map { g in "." + URL(fileURLWithPath: run.proofPath(group: g)).lastPathComponent + "." })
        for name in names where prefixes.contains(where: { name.hasPrefix($0) }) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}

extension RunSecrets {
    /// Reads `directory/private/secrets.json` (as ``RunDirectory`` writes it).
    public static func read(directory: String) throws(TrainingError) -> RunSecrets {
        let path = directory + "/private/secrets.json"
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: 1 << 16) } catch { throw .runDirectory("\(error)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw .runDirectory("\(path): not a JSON object")
        }
        func element(_ name: String) throws(TrainingError) -> Fr {
            guard let text = object[name] as? String, text.hasPrefix("0x"), text.count == 66, let x = Fr(text) else {
                throw .runDirectory("\(path): \(name) is not 0x and 64 hex digits of a field element")
            }
            return x
        }
        return RunSecrets(scheduleSeed: try element("schedule_seed"), runSecret: try element("run_secret"), datasetSalt: try element("dataset_salt"))
    }
}
