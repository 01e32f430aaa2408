import PoTAlgebra
import PoTCircuits
import PoTCommitments

/// Builds the witnesses of `train-step` proofs from a native run: the statement its
/// configuration fixes, and for each group of consecutive steps the weights, salts, batches
/// with their dataset paths, and the public values the native run computed.
public struct StepWitnesses: Sendable {
    public let statement: TrainStepStatement
    private let run: TrainingRun
    /// The dataset tree, for the examples' inclusion paths.
    private let dataset: PoseidonMerkleTree

    /// - Parameter stepsPerProof: k, the steps one proof covers.
    public init(run: TrainingRun, stepsPerProof: Int) throws(TrainingError) {
        do {
            statement = try TrainStepStatement(layers: run.config.widths, batch: run.config.batchSize, eta: run.config.eta,
                                               examples: run.training.count, steps: stepsPerProof)
        } catch { throw .runDirectory("this run cannot be proved: \(error)") }
        self.run = run
        dataset = run.datasetTree
    }

    /// The witness of the proof of `records` (k consecutive steps of this run, in order).
    public func witness(_ records: ArraySlice<StepRecord>) -> TrainStepWitness {
        precondition(records.count == statement.steps, "one proof covers \(statement.steps) steps")
        let first = records.first!, last = records.last!
        let batches = records.map { run.examples($0.batch, in: dataset) }
        return TrainStepWitness(runId: run.runId, firstStep: first.step, seed: run.secrets.scheduleSeed,
                                tensors: first.weights.tensors, saltBefore: first.salt, saltAfter: last.nextSalt,
                                batches: batches, commitmentBefore: first.commitment, commitmentAfter: last.nextCommitment,
                                datasetRoot: run.datasetRoot, seedCommitment: run.seedCommitment)
    }
}

extension TrainingRun {
    /// The tree of the committed dataset, for the examples' inclusion paths.
    var datasetTree: PoseidonMerkleTree {
        let leaves = (0..<training.count).map { i in
            // The run committed to these same examples when it started, so their leaves exist.
            try! DatasetCommitment.leaf(inputs: Array(training.inputs.row(i)), label: training.labels[i])
        }
        let tree = DatasetCommitment.tree(leaves: leaves, salt: secrets.datasetSalt)
        precondition(tree.root == datasetRoot, "the dataset tree is the one the run committed to")
        return tree
    }

    /// The training examples at `indices` with their inclusion paths in `tree`, as a witness holds them.
    func examples(_ indices: [Int], in tree: PoseidonMerkleTree) -> [TrainStepWitness.Example] {
        indices.map { i in
            TrainStepWitness.Example(inputs: Array(training.inputs.row(i)), label: training.labels[i], siblings: tree.path(of: i))
        }
    }
}
