import PoTAlgebra

/// Which examples a step trains on (docs/training.md, "Schedule"): position j of step t's batch
/// is example `(h mod 2^64) mod N` with `h = H(s, t·B + j)`, s the secret seed committed up
/// front as `S = H(s, runId)`. The trainer cannot choose its batches once S is public.
public enum BatchSchedule {
    /// The counter `t·B + j` that the seed is hashed with.
    public static func counter(step: Int, position: Int, batchSize: Int) -> Fr {
        precondition(step >= 0 && batchSize > 0 && (0..<batchSize).contains(position),
                     "step \(step), position \(position) is not in a batch of \(batchSize)")
        let (product, overflow) = step.multipliedReportingOverflow(by: batchSize)
        precondition(!overflow, "step \(step) · batch \(batchSize) overflows")
        return Fr(UInt64(product + position))
    }

    /// `h = H(s, t·B + j)`, whose low 64 bits pick the example.
    public static func hash(seed: Fr, step: Int, position: Int, batchSize: Int) -> Fr {
        Poseidon.hash(seed, counter(step: step, position: position, batchSize: batchSize))
    }

    /// `idx(t, j)`, an example index below `datasetSize`.
    public static func index(seed: Fr, step: Int, position: Int, batchSize: Int, datasetSize: Int) -> Int {
        precondition(datasetSize > 0, "an empty dataset has no batches")
        let low = hash(seed: seed, step: step, position: position, batchSize: batchSize).canonical[0]
        return Int(low % UInt64(datasetSize))
    }

    /// The example indices of step `step`'s batch, in batch order.
    public static func batch(seed: Fr, step: Int, batchSize: Int, datasetSize: Int) -> [Int] {
        (0..<batchSize).map { index(seed: seed, step: step, position: $0, batchSize: batchSize, datasetSize: datasetSize) }
    }

    /// `S = H(s, runId)`, published before training.
    public static func seedCommitment(seed: Fr, runId: Fr) -> Fr {
        Poseidon.hash(seed, runId)
    }
}
