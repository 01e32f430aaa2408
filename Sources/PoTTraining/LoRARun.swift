import PoTAlgebra
import PoTCircuits
import PoTCommitments

/// What one LoRA step did, with everything a prover of it needs: the step index, the batch the
/// schedule drew, the adapters before with their salt and commitment, every intermediate value,
/// and the adapters after with their salt and commitment.
public struct LoRAStepRecord: Sendable {
    /// t.
    public let step: Int
    /// The training examples of the batch, `idx(t, 0) … idx(t, B−1)`.
    public let batch: [Int]
    /// The adapters before the step, their salt and `C(adapters_t)`.
    public let adapters: LoRAAdapters
    public let salt: Fr
    public let commitment: Fr
    /// The forward and backward values; `trace.updated` are the adapters after the step.
    public let trace: LoRAStepTrace
    /// The salt and `C(adapters_(t+1))`.
    public let nextSalt: Fr
    public let nextCommitment: Fr
    /// The batch's mean loss, in Double (reported, not proved).
    public let loss: Double
}

/// A LoRA fine-tuning run (docs/training.md, "The statement lora-step"): it continues a
/// ``TrainingRun`` from the weights that run has reached, which become the frozen base
/// (committed as the run committed them: `C(W_T)` with `salt_T`), and trains adapters from step
/// T on, on the same committed dataset and schedule (runId, D, S). The adapters' salts are
/// `H(adapter secret, t)`, so that they differ from the base run's.
public struct LoRARun: Sendable {
    /// The run whose weights are the base, and whose data, schedule and secrets this run uses.
    public let run: TrainingRun
    /// The frozen base, its salt and `C(W)`.
    public let base: MLPParameters
    public let baseSalt: Fr
    public let baseCommitment: Fr
    /// The secret the adapters' salts derive from.
    public let adapterSecret: Fr
    /// The adapters, `C(adapters_t)` and t after the steps run so far.
    public private(set) var adapters: LoRAAdapters
    public private(set) var commitment: Fr
    public private(set) var step: Int

    /// - Parameters:
    ///   - run: the run whose current weights (`run.weights`, step `run.step`) are frozen.
    ///   - adapters: the adapters at step `run.step`, fitting the base.
    public init(run: TrainingRun, adapters: LoRAAdapters, adapterSecret: Fr) {
        precondition(adapters.fit(run.weights), "adapters of the base's shapes")
        self.run = run
        base = run.weights
        baseSalt = run.secrets.salt(step: run.step)
        baseCommitment = run.commitment
        self.adapterSecret = adapterSecret
        self.adapters = adapters
        step = run.step
        // Adapters hold values only (LoRAAdapters checks), so packing them cannot fail.
        commitment = try! TensorCommitment.commit(adapters.tensors, salt: Poseidon.hash(adapterSecret, Fr(UInt64(run.step))))
    }

    /// The salt of `C(adapters_t)`.
    public func salt(step t: Int) -> Fr { Poseidon.hash(adapterSecret, Fr(UInt64(t))) }

    /// Runs LoRA step t on the batch the schedule assigns it and commits to the new adapters.
    /// - Throws: ``TrainingError/arithmetic(_:)`` when a value leaves the fixed-point range.
    public mutating func advance() throws(TrainingError) -> LoRAStepRecord {
        let t = step, config = run.config
        let batch = BatchSchedule.batch(seed: run.secrets.scheduleSeed, step: t, batchSize: config.batchSize,
                                        datasetSize: run.training.count)
        let examples = run.training.batch(batch)
        let trace: LoRAStepTrace
        do { trace = try base.loraStep(examples, adapters: adapters, learningRate: config.eta) } catch { throw .arithmetic(error) }
        let nextSalt = salt(step: t + 1)
        let next = try! TensorCommitment.commit(trace.updated.tensors, salt: nextSalt)
        let record = LoRAStepRecord(step: t, batch: batch, adapters: adapters, salt: salt(step: t), commitment: commitment,
                                    trace: trace, nextSalt: nextSalt, nextCommitment: next, loss: trace.meanLoss(labels: examples.labels))
        adapters = trace.updated
        commitment = next
        step = t + 1
        return record
    }
}
