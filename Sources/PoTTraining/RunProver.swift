import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// Proves a native run's steps (docs/training.md, "Proving a run"): one `train-step` proof per
/// k consecutive steps, all under one key made from the statement the configuration fixes.
public struct RunProver: Sendable {
    public let witnesses: StepWitnesses
    public let key: ProvingKey
    public let srs: SRS
    /// The prover's threads (a Slurm task proves on the CPUs it was given, not the machine's).
    public let threads: Int

    public var statement: TrainStepStatement { witnesses.statement }

    public init(witnesses: StepWitnesses, key: ProvingKey, srs: SRS, threads: Int = Parallelism.available) {
        self.witnesses = witnesses
        self.key = key
        self.srs = srs
        self.threads = threads
    }

    /// The smallest table that holds the statement.
    public static func tableSize(_ statement: TrainStepStatement) -> Int { statement.minimumK }

    /// The proof of `records` (k consecutive steps).
    public func prove(_ records: ArraySlice<StepRecord>, progress: (String) -> Void = { _ in }) throws(PlonkError) -> Proof {
        let witness = witnesses.witness(records)
        return try Prover.prove(statement.circuit(witness), instances: statement.publicInputs(witness), key: key, srs: srs,
                                threads: threads, progress: progress)
    }

    /// The proofs section of `run.json` and the proof files, for `records` (steps 0 … T−1).
    /// `progress` is told each proof's first step after it is made.
    public func proveAll(_ records: [StepRecord], progress: (Int) -> Void = { _ in }) throws(PlonkError) -> ProvedRun {
        let k = statement.steps
        precondition(records.count % k == 0, "the proofs cover the run exactly")
        // The basis costs more scalar multiplications than a few proofs' short commitments save.
        if records.count / k >= 8 { try key.prepareLagrangeBasis(srs: srs) }
        let digest = key.vk.digest
        var entries: [ProofIndex.Entry] = []
        var files: [(name: String, bytes: [UInt8])] = []
        for first in stride(from: 0, to: records.count, by: k) {
            let proof = try prove(records[first..<first + k])
            let name = ProofIndex.proofFile(firstStep: first)
            entries.append(ProofIndex.Entry(firstStep: first, steps: k, file: name))
            files.append((name, proof.encoded(vkDigest: digest)))
            progress(first)
        }
        let keyFile = ProofIndex.keyFile(digest: digest)
        files.append((keyFile, key.vk.encoded()))
        let index = ProofIndex(statement: statement.description, k: key.vk.k, vk: keyFile, vkDigest: Hex.encode(digest), files: entries)
        return ProvedRun(index: index, files: files)
    }
}

/// What proving adds to a run directory: the proofs section of `run.json` and the files
/// (proofs and the verifying key) it names.
public struct ProvedRun: Sendable {
    public let index: ProofIndex
    public let files: [(name: String, bytes: [UInt8])]
}

extension ProofIndex {
    /// `proofs/step-000042.proof` for the proof starting at step 42.
    public static func proofFile(firstStep: Int) -> String { "proofs/step-" + String(format: "%06d", firstStep) + ".proof" }

    /// `keys/<digest>.vk`.
    public static func keyFile(digest: [UInt8]) -> String { "keys/" + Hex.encode(digest) + ".vk" }

    /// Whether `name` is a path this format writes (no directory escapes, no absolute paths),
    /// so a verifier never reads outside the run directory.
    static func isOwnFile(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && ["proofs", "keys"].contains(parts[0]) && !parts[1].isEmpty
            && parts[1].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." } && !parts[1].hasPrefix(".")
    }
}
