import PoTAlgebra
import PoTCircuits
import PoTCommitments

/// Builds the witnesses of `lora-step` proofs from a ``LoRARun``: the statement it fixes and,
/// for each group of consecutive steps, the base, the adapters, salts, batches with their
/// dataset paths, and the public values the native run computed.
public struct LoRAStepWitnesses: Sendable {
    public let statement: LoRAStepStatement
    private let lora: LoRARun
    private let dataset: PoseidonMerkleTree

    /// - Parameter stepsPerProof: k, the steps one proof covers.
    public init(run lora: LoRARun, stepsPerProof: Int) throws(TrainingError) {
        let run = lora.run
        do {
            statement = try LoRAStepStatement(layers: run.config.widths, rank: lora.adapters.rank, batch: run.config.batchSize,
                                              eta: run.config.eta, examples: run.training.count, steps: stepsPerProof)
        } catch { throw .runDirectory("this LoRA run cannot be proved: \(error)") }
        self.lora = lora
        dataset = run.datasetTree
    }

    /// The witness of the proof of `records` (k consecutive steps of this run, in order).
    public func witness(_ records: ArraySlice<LoRAStepRecord>) -> LoRAStepWitness {
        precondition(records.count == statement.steps, "one proof covers \(statement.steps) steps")
        let first = records.first!, last = records.last!, run = lora.run
        return LoRAStepWitness(runId: run.runId, firstStep: first.step, seed: run.secrets.scheduleSeed, base: lora.base.tensors,
                               baseSalt: lora.baseSalt, adapters: first.adapters.tensors, saltBefore: first.salt, saltAfter: last.nextSalt,
                               batches: records.map { run.examples($0.batch, in: dataset) }, baseCommitment: lora.baseCommitment,
                               commitmentBefore: first.commitment, commitmentAfter: last.nextCommitment,
                               datasetRoot: run.datasetRoot, seedCommitment: run.seedCommitment)
    }
}
