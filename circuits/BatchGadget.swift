import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// The examples a training step uses, proved to be the ones the schedule assigns it from the
/// committed dataset (docs/training.md, "Schedule" and "Dataset commitment"): for position j,
/// `idx = idx(t, j)` from the seed and the step cell, the example's leaf is recomputed from its
/// inputs and label, and its inclusion path at `idx` must lead to the dataset root. The trainer
/// can pick neither the examples nor their order.
public struct BatchGadget {
    public let schedule: ScheduleChip
    public let leaf: DatasetLeafGadget
    public let path: MerklePathChip

    public init(schedule: ScheduleChip, leaf: DatasetLeafGadget, path: MerklePathChip) {
        self.schedule = schedule
        self.leaf = leaf
        self.path = path
    }

    /// One example of the batch as the prover knows it: its values and its inclusion path in
    /// the dataset tree (siblings bottom up, `PoseidonMerkleTree.path(of:)`).
    public struct Example: Sendable {
        public let inputs: [Fr]
        public let label: Fr
        public let siblings: [Fr]

        public init(inputs: [Fr], label: Fr, siblings: [Fr]) {
            self.inputs = inputs
            self.label = label
            self.siblings = siblings
        }
    }

    /// The cells of one proved example, for the statement's forward pass and loss.
    public struct ExampleCells {
        public let inputs: [AssignedCell]
        public let label: AssignedCell
        /// Its index in the dataset, `idx(t, j)`.
        public let index: AssignedCell
    }

    /// `S = H(seed, runId)`, for the statement to bind to its public seed commitment.
    public func seedCommitment(_ layouter: Layouter, seed: AssignedCell, runId: AssignedCell) throws(PlonkError) -> AssignedCell {
        try schedule.poseidon.hash(layouter, seed, runId)
    }

    /// Proves `examples` to be positions 0 … B−1 of step `step + offset`'s batch in the dataset of
    /// `datasetSize` examples whose tree has root `datasetRoot` (a cell in a column with
    /// equality, usually bound to the public D).
    public func examples(_ layouter: Layouter, seed: AssignedCell, step: AssignedCell, stepsAfter offset: Int = 0,
                         datasetRoot: AssignedCell, examples: [Example], datasetSize: Int) throws(PlonkError) -> [ExampleCells] {
        // The dataset tree holds the N examples and the salt leaf.
        let depth = PoseidonMerkleTree.depth(leafCount: datasetSize + 1)
        precondition(examples.allSatisfy { $0.siblings.count == depth }, "dataset paths have \(depth) siblings")
        let indices = try schedule.batch(layouter, seed: seed, step: step, stepsAfter: offset, batchSize: examples.count,
                                         datasetSize: datasetSize)
        var cells: [ExampleCells] = []
        for (example, index) in zip(examples, indices) {
            let proved = try leaf.leaf(layouter, inputs: example.inputs, label: example.label)
            let root = try path.root(layouter, leaf: proved.leaf, index: index, siblings: example.siblings)
            try layouter.region("dataset root") { region throws(PlonkError) in try region.constrainEqual(root, datasetRoot) }
            cells.append(ExampleCells(inputs: proved.inputs, label: proved.label, index: index))
        }
        return cells
    }
}
