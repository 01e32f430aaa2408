import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// What the prover of `train-step` knows (docs/training.md, "The statement train-step"): the
/// weights before the proof's first step, the batches the schedule assigned with their
/// inclusion paths, the seed, the salts, and the public values it claims.
public struct TrainStepWitness: Sendable {
    /// One example of a batch: its inputs (values), its label, and the siblings of its leaf in
    /// the dataset tree, bottom up.
    public struct Example: Sendable {
        public var inputs: [Int64]
        public var label: Int
        public var siblings: [Fr]

        public init(inputs: [Int64], label: Int, siblings: [Fr]) {
            (self.inputs, self.label, self.siblings) = (inputs, label, siblings)
        }
    }

    public var runId: Fr
    /// t, the first step the proof covers.
    public var firstStep: Int
    public var seed: Fr
    /// W_1, b_1, …, W_L, b_L before step t, each row-major.
    public var tensors: [[Int64]]
    /// The salts of C(W_t) and C(W_{t+k}).
    public var saltBefore: Fr
    public var saltAfter: Fr
    /// One batch per step the proof covers, each in schedule order.
    public var batches: [[Example]]
    /// The public values the prover claims; the circuit constrains each to what it computes.
    public var commitmentBefore: Fr
    public var commitmentAfter: Fr
    public var datasetRoot: Fr
    public var seedCommitment: Fr

    public init(runId: Fr, firstStep: Int, seed: Fr, tensors: [[Int64]], saltBefore: Fr, saltAfter: Fr,
                batches: [[Example]], commitmentBefore: Fr, commitmentAfter: Fr, datasetRoot: Fr, seedCommitment: Fr) {
        self.runId = runId
        self.firstStep = firstStep
        self.seed = seed
        self.tensors = tensors
        self.saltBefore = saltBefore
        self.saltAfter = saltAfter
        self.batches = batches
        self.commitmentBefore = commitmentBefore
        self.commitmentAfter = commitmentAfter
        self.datasetRoot = datasetRoot
        self.seedCommitment = seedCommitment
    }

    /// The public inputs in instance-column order (docs/training.md).
    public var publicInputs: [Fr] {
        [runId, Fr(UInt64(firstStep)), commitmentBefore, commitmentAfter, datasetRoot, seedCommitment]
    }
}

/// The circuit of `train-step`: k SGD steps of an MLP classifier from C(W_t) to C(W_{t+k}), on
/// the batches the committed schedule assigns, drawn from the committed dataset.
///
/// Layout: the public inputs and private seed and salts; the seed commitment; per step, the
/// schedule's indices and per example its dataset leaf (which packs, and so range-checks, the
/// inputs) and inclusion path; the packed weights W_t and their root; the steps themselves
/// (`FixedPointChip.sgdStep`, products by Freivalds); the packed W_{t+k} and their root. The
/// gadgets share the fixed-point chip's eight advice columns and range checks. The hash chip and
/// the range checks are tracks of their own (`Track`), laid out beside the rest, so the table is
/// as long as the longest of the three: the hashes' (docs/training.md, "Rows").
public struct TrainStep: Circuit {
    public struct Config {
        public let fixedPoint: FixedPointChip
        public let poseidon: PoseidonChip
        public let packing: PackingChip
        public let merkle: MerkleRootGadget
        public let path: MerklePathChip
        public let listHash: ListHashGadget
        public let schedule: ScheduleChip
        public let instance: Column
    }

    public let statement: TrainStepStatement
    public let witness: TrainStepWitness

    public init(statement: TrainStepStatement, witness: TrainStepWitness) {
        self.statement = statement
        self.witness = witness
    }

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        // The fixed-point chip creates the constants column the other gadgets share. Limbs of 12
        // bits keep the range table (4,096 rows) below the rows any step needs, so the table
        // never sets k: the 64→32→10 step at batch 16 fits 2^16 rows, where 16-bit limbs would
        // need 2^17 for the table alone.
        let fixedPoint = try FixedPointChip.configure(cs, limbBits: 12)
        let poseidon = try PoseidonChip.configure(cs)
        let v = fixedPoint.v
        return Config(
            fixedPoint: fixedPoint, poseidon: poseidon,
            packing: try PackingChip.configure(cs, range: fixedPoint.range, advice: Array(v.prefix(PackingChip.adviceColumns))),
            merkle: MerkleRootGadget.configure(cs, poseidon: poseidon),
            path: try MerklePathChip.configure(cs, poseidon: poseidon, advice: Array(v.prefix(MerklePathChip.adviceColumns))),
            listHash: ListHashGadget.configure(cs, poseidon: poseidon),
            schedule: try ScheduleChip.configure(cs, poseidon: poseidon, range: fixedPoint.range,
                                                 advice: Array(v.prefix(ScheduleChip.adviceColumns))),
            instance: cs.instanceColumn())
    }

    public func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let (s, w) = (statement, witness)
        if let problem = s.problem(with: w) { throw .witnessUnsatisfied(problem) }
        let fp = config.fixedPoint
        try fp.loadTables(layouter)

        let (inputs, seed, salts) = try layouter.region("public inputs and secrets") { region throws(PlonkError) in
            let inputs = try w.publicInputs.enumerated().map { i, x throws(PlonkError) in try region.assignAdvice(fp.v[0], i, x) }
            let seed = try region.assignAdvice(fp.v[1], 0, w.seed)
            let salts = [try region.assignAdvice(fp.v[1], 1, w.saltBefore), try region.assignAdvice(fp.v[1], 2, w.saltAfter)]
            return (inputs, seed, salts)
        }
        for (row, cell) in inputs.enumerated() { try layouter.constrainInstance(cell, config.instance, row: row) }
        let (runId, step, before, after, datasetRoot, seedCommitment) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5])

        let batches = try Self.scheduledBatches(config, layouter, seed: seed, runId: runId, step: step, datasetRoot: datasetRoot,
                                                seedCommitment: seedCommitment, batches: w.batches, datasetSize: s.examples)

        // W_t: packed (which range-checks every value) and committed.
        let commitment = TensorCommitmentGadget(packing: config.packing, merkle: config.merkle)
        let (root, tensors) = try commitment.commit(layouter, values: w.tensors.map { $0.map(FixedPoint.field) }, salt: salts[0])
        try Self.equal(layouter, root, before, "C(W_t)")

        // The steps; W_{t+k} is range-checked by its packing below. The weights between two
        // steps of one proof are checked by their step: unchecked, an update with a remainder one
        // off leaves a fractional weight that the next update's remainder can bring back to an
        // integer one off the honest one (FixedPointGadgetTests, "a fractional weight").
        var (weights, biases) = s.split(tensors)
        for (i, batch) in batches.enumerated() {
            let step = try fp.sgdStep(layouter, weights: weights, biases: biases, inputs: batch.map(\.inputs),
                                      labels: batch.map(\.label), learningRate: s.eta, checkOutputs: i < batches.count - 1)
            (weights, biases) = (step.weights, step.biases)
        }
        let updated = zip(weights, biases).flatMap { [$0.flatMap { $0 }, $1] }
        try Self.equal(layouter, try commitment.commit(layouter, tensors: updated, salt: salts[1]), after, "C(W_{t+k})")
    }

    /// The batches of the proof's steps: `S = H(s, runId)`, and per step the scheduled indices
    /// and each example a leaf of the dataset at its index. Returns each example's cells.
    static func scheduledBatches(_ config: Config, _ layouter: Layouter, seed: AssignedCell, runId: AssignedCell, step: AssignedCell,
                                 datasetRoot: AssignedCell, seedCommitment: AssignedCell, batches: [[TrainStepWitness.Example]],
                                 datasetSize: Int) throws(PlonkError) -> [[BatchGadget.ExampleCells]] {
        let batchGadget = BatchGadget(schedule: config.schedule, leaf: DatasetLeafGadget(packing: config.packing, listHash: config.listHash),
                                      path: config.path)
        try equal(layouter, try batchGadget.seedCommitment(layouter, seed: seed, runId: runId), seedCommitment, "seed commitment")
        return try batches.enumerated().map { i, batch throws(PlonkError) in
            try batchGadget.examples(layouter, seed: seed, step: step, stepsAfter: i, datasetRoot: datasetRoot,
                                     examples: batch.map { BatchGadget.Example(inputs: $0.inputs.map(FixedPoint.field), label: Fr(UInt64($0.label)),
                                                                               siblings: $0.siblings) },
                                     datasetSize: datasetSize)
        }
    }

    static func equal(_ layouter: Layouter, _ a: AssignedCell, _ b: AssignedCell, _ what: String) throws(PlonkError) {
        try layouter.region(what) { region throws(PlonkError) in try region.constrainEqual(a, b) }
    }
}
