import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// What the prover of `lora-step` knows (docs/training.md, "The statement lora-step"): the
/// frozen base and its salt, the adapters before the proof's first step, the scheduled batches
/// with their inclusion paths, the seed, the salts, and the public values it claims.
public struct LoRAStepWitness: Sendable {
    public var runId: Fr
    /// t, the first step the proof covers.
    public var firstStep: Int
    public var seed: Fr
    /// The frozen base W_1, b_1, …, W_L, b_L, each row-major, and the salt of C(W).
    public var base: [[Int64]]
    public var baseSalt: Fr
    /// The adapters A_1, B_1, …, A_L, B_L before step t, each row-major.
    public var adapters: [[Int64]]
    /// The salts of C(adapters_t) and C(adapters_{t+k}).
    public var saltBefore: Fr
    public var saltAfter: Fr
    /// One batch per step the proof covers, each in schedule order.
    public var batches: [[TrainStepWitness.Example]]
    /// The public values the prover claims; the circuit constrains each to what it computes.
    public var baseCommitment: Fr
    public var commitmentBefore: Fr
    public var commitmentAfter: Fr
    public var datasetRoot: Fr
    public var seedCommitment: Fr

    public init(runId: Fr, firstStep: Int, seed: Fr, base: [[Int64]], baseSalt: Fr, adapters: [[Int64]], saltBefore: Fr,
                saltAfter: Fr, batches: [[TrainStepWitness.Example]], baseCommitment: Fr, commitmentBefore: Fr,
                commitmentAfter: Fr, datasetRoot: Fr, seedCommitment: Fr) {
        self.runId = runId
        self.firstStep = firstStep
        self.seed = seed
        self.base = base
        self.baseSalt = baseSalt
        self.adapters = adapters
        self.saltBefore = saltBefore
        self.saltAfter = saltAfter
        self.batches = batches
        self.baseCommitment = baseCommitment
        self.commitmentBefore = commitmentBefore
        self.commitmentAfter = commitmentAfter
        self.datasetRoot = datasetRoot
        self.seedCommitment = seedCommitment
    }

    /// The public inputs in instance-column order (docs/training.md).
    public var publicInputs: [Fr] {
        [runId, Fr(UInt64(firstStep)), baseCommitment, commitmentBefore, commitmentAfter, datasetRoot, seedCommitment]
    }
}

/// The circuit of `lora-step`: k LoRA steps from C(adapters_t) to C(adapters_{t+k}) over the
/// frozen base committed as C(W), on the batches the committed schedule assigns, drawn from the
/// committed dataset. The layout is `TrainStep`'s with the base committed once and read by
/// every step, and the adapters in the place of the trained weights.
public struct LoRAStep: Circuit {
    public typealias Config = TrainStep.Config

    public let statement: LoRAStepStatement
    public let witness: LoRAStepWitness

    public init(statement: LoRAStepStatement, witness: LoRAStepWitness) {
        self.statement = statement
        self.witness = witness
    }

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config { try TrainStep.configure(cs) }

    public func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let (s, w) = (statement, witness)
        if let problem = s.problem(with: w) { throw .witnessUnsatisfied(problem) }
        let fp = config.fixedPoint
        try fp.loadTables(layouter)

        let (inputs, seed, salts) = try layouter.region("public inputs and secrets") { region throws(PlonkError) in
            let inputs = try w.publicInputs.enumerated().map { i, x throws(PlonkError) in try region.assignAdvice(fp.v[0], i, x) }
            let seed = try region.assignAdvice(fp.v[1], 0, w.seed)
            let salts = try [w.baseSalt, w.saltBefore, w.saltAfter].enumerated().map { i, salt throws(PlonkError) in
                try region.assignAdvice(fp.v[1], 1 + i, salt)
            }
            return (inputs, seed, salts)
        }
        for (row, cell) in inputs.enumerated() { try layouter.constrainInstance(cell, config.instance, row: row) }
        let (runId, step, base, before, after) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4])
        let (datasetRoot, seedCommitment) = (inputs[5], inputs[6])

        let batches = try TrainStep.scheduledBatches(config, layouter, seed: seed, runId: runId, step: step, datasetRoot: datasetRoot,
                                                     seedCommitment: seedCommitment, batches: w.batches, datasetSize: s.examples)

        // The base and the adapters: packed (which range-checks every value) and committed.
        let commitment = TensorCommitmentGadget(packing: config.packing, merkle: config.merkle)
        let (baseRoot, baseTensors) = try commitment.commit(layouter, values: w.base.map { $0.map(FixedPoint.field) }, salt: salts[0])
        try TrainStep.equal(layouter, baseRoot, base, "C(W)")
        let (root, tensors) = try commitment.commit(layouter, values: w.adapters.map { $0.map(FixedPoint.field) }, salt: salts[1])
        try TrainStep.equal(layouter, root, before, "C(adapters_t)")

        // The steps, each reading the same base cells; adapters between two steps of one proof
        // are checked by their step, the last ones by their packing below.
        let (weights, biases) = s.training.split(baseTensors)
        var (down, up) = s.split(tensors)
        for (i, batch) in batches.enumerated() {
            let step = try fp.loraStep(layouter, weights: weights, biases: biases, down: down, up: up, inputs: batch.map(\.inputs),
                                       labels: batch.map(\.label), learningRate: s.eta, checkOutputs: i < batches.count - 1)
            (down, up) = (step.down, step.up)
        }
        let updated = zip(down, up).flatMap { [$0.flatMap { $0 }, $1.flatMap { $0 }] }
        try TrainStep.equal(layouter, try commitment.commit(layouter, tensors: updated, salt: salts[2]), after, "C(adapters_{t+k})")
    }
}
