import PoTAlgebra
import PoTCommitments

/// What one step did, with everything a prover of that step needs: the step index, the batch
/// the schedule drew, `W_t` and its salt and commitment, every intermediate value, and
/// `W_{t+1}` with its salt and commitment.
public struct StepRecord: Sendable {
    /// t.
    public let step: Int
    /// The training examples of the batch, `idx(t, 0) … idx(t, B−1)`.
    public let batch: [Int]
    /// `W_t`.
    public let weights: MLPParameters
    /// `salt_t` and `C(W_t)`.
    public let salt: Fr
    public let commitment: Fr
    /// The forward and backward values; `trace.updated` is `W_{t+1}`.
    public let trace: StepTrace
    /// `salt_{t+1}` and `C(W_{t+1})`.
    public let nextSalt: Fr
    public let nextCommitment: Fr
    /// The batch's mean loss, in Double, from the fixed-point logits (reported, not proved).
    public let loss: Double
}

/// What a run directory keeps of a step: its batch and salt (with `W_0`, enough to redo it)
/// and where it led. Small, so a long run holds one per step without holding the weights.
public struct StepSummary: Equatable, Sendable {
    public let step: Int
    public let batch: [Int]
    /// `salt_t`.
    public let salt: Fr
    /// `C(W_{t+1})`.
    public let nextCommitment: Fr
    public let loss: Double
}

extension StepRecord {
    public var summary: StepSummary {
        StepSummary(step: step, batch: batch, salt: salt, nextCommitment: nextCommitment, loss: loss)
    }
}

/// A training run in the making (docs/training.md): the configuration and its runId, the
/// training split committed as `D`, the schedule seed committed as `S`, and the weights after
/// each step with their commitments. ``advance()`` runs one step.
public struct TrainingRun: Sendable {
    public let config: TrainingConfig
    public let runId: Fr
    /// The N examples in `D`, which the schedule draws from.
    public let training: LabelledExamples
    /// The examples after them, for accuracy only; not committed.
    public let holdout: LabelledExamples
    public let secrets: RunSecrets
    /// `D`.
    public let datasetRoot: Fr
    /// `S = H(s, runId)`.
    public let seedCommitment: Fr
    /// `W_0` and `C(W_0)`.
    public let initialWeights: MLPParameters
    public let initialCommitment: Fr
    /// `W_t`, `C(W_t)` and t after the steps run so far.
    public private(set) var weights: MLPParameters
    public private(set) var commitment: Fr
    public private(set) var step = 0

    /// Splits `data` as the configuration says, commits to the training split and the
    /// schedule seed, and draws `W_0`.
    /// - Throws: ``TrainingError/badData(_:)`` when the data do not fit the network or the split.
    public init(config: TrainingConfig, data: LabelledExamples, dataName: String, secrets: RunSecrets) throws(TrainingError) {
        guard data.inputs.columns == config.widths[0] else {
            throw .badData("\(dataName): examples have \(data.inputs.columns) inputs, the first layer takes \(config.widths[0])")
        }
        let classes = config.widths.last!
        if let i = data.labels.firstIndex(where: { $0 >= classes }) {
            throw .badData("\(dataName): example \(i) has label \(data.labels[i]), the last layer has \(classes) classes")
        }
        guard data.count > config.trainExamples else {
            throw .badData("\(dataName): \(data.count) examples leave none for the hold-out split after \(config.trainExamples) training examples")
        }
        self.config = config
        runId = RunIdentity.runId(configuration: config.json)
        let training = data.slice(0..<config.trainExamples)
        self.training = training
        holdout = data.slice(config.trainExamples..<data.count)
        self.secrets = secrets
        let leaves: [Fr]
        do {
            leaves = try (0..<training.count).map { i throws(CommitmentError) in
                try DatasetCommitment.leaf(inputs: Array(training.inputs.row(i)), label: training.labels[i])
            }
        } catch { throw .badData("\(dataName): \(error)") }
        datasetRoot = DatasetCommitment.tree(leaves: leaves, salt: secrets.datasetSalt).root
        seedCommitment = BatchSchedule.seedCommitment(seed: secrets.scheduleSeed, runId: runId)
        do { initialWeights = try MLPParameters.initial(widths: config.widths, seed: config.initSeed) } catch { throw .arithmetic(error) }
        // Parameters hold values only (MLPParameters checks), so packing them cannot fail.
        initialCommitment = try! TensorCommitment.commit(initialWeights.tensors, salt: secrets.salt(step: 0))
        weights = initialWeights
        commitment = initialCommitment
    }

    /// One epoch: `⌈N / B⌉` steps.
    public var stepsPerEpoch: Int { (training.count + config.batchSize - 1) / config.batchSize }

    /// Runs step t on the batch the schedule assigns it and commits to `W_{t+1}`.
    /// - Throws: ``TrainingError/arithmetic(_:)`` when a value leaves the fixed-point range.
    public mutating func advance() throws(TrainingError) -> StepRecord {
        let t = step
        let batch = BatchSchedule.batch(seed: secrets.scheduleSeed, step: t, batchSize: config.batchSize, datasetSize: training.count)
        let examples = training.batch(batch)
        let trace: StepTrace
        do { trace = try weights.step(examples, learningRate: config.eta) } catch { throw .arithmetic(error) }
        let nextSalt = secrets.salt(step: t + 1)
        // Parameters hold values only (MLPParameters checks), so packing them cannot fail.
        let next = try! TensorCommitment.commit(trace.updated.tensors, salt: nextSalt)
        let record = StepRecord(step: t, batch: batch, weights: weights, salt: secrets.salt(step: t), commitment: commitment,
                                trace: trace, nextSalt: nextSalt, nextCommitment: next, loss: trace.meanLoss(labels: examples.labels))
        weights = trace.updated
        commitment = next
        step = t + 1
        return record
    }
}
