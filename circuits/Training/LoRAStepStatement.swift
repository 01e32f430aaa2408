import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// `lora-step layers=64-32-10 rank=4 batch=16 eta=6554 examples=1500 steps=1`: k LoRA steps
/// (docs/fixed-point.md, "One LoRA step") of an MLP classifier whose base weights are frozen
/// and committed, adapters of rank r on every layer trained. The parameters other than `rank`
/// mean what they mean for `train-step`, and are checked the same way.
public struct LoRAStepStatement: ProvableStatement {
    public typealias Witness = LoRAStepWitness
    public static let name = "lora-step"

    /// The base network, batch, learning rate, dataset size and steps per proof.
    public let training: TrainStepStatement
    /// r, the adapters' rank.
    public let rank: Int

    public var layers: [Int] { training.layers }
    public var batch: Int { training.batch }
    public var eta: Int64 { training.eta }
    public var examples: Int { training.examples }
    public var steps: Int { training.steps }

    public init(layers: [Int], rank: Int, batch: Int, eta: Int64, examples: Int, steps: Int) throws(StatementError) {
        do {
            training = try TrainStepStatement(layers: layers, batch: batch, eta: eta, examples: examples, steps: steps)
        } catch { throw Self.renamed(error) }
        guard (1...TrainStepStatement.limits.width).contains(rank) else {
            throw .badParameter(circuit: Self.name, name: "rank", value: "\(rank)", reason: "is not between 1 and \(TrainStepStatement.limits.width)")
        }
        let adapterValues = (1..<layers.count).reduce(0) { $0 + rank * (layers[$1 - 1] + layers[$1]) }
        guard adapterValues <= TrainStepStatement.limits.parameters else {
            throw .badParameter(circuit: Self.name, name: "rank", value: "\(rank)", reason: "gives more than 2^20 adapter values")
        }
        self.rank = rank
    }

    public init(parameters: [String: String]) throws(StatementError) {
        guard let text = parameters["rank"] else { throw .missingParameter(circuit: Self.name, name: "rank") }
        guard let rank = Int(text), rank >= 1, text == "\(rank)" else {
            throw .badParameter(circuit: Self.name, name: "rank", value: text, reason: "is not a positive integer")
        }
        var rest = parameters
        rest["rank"] = nil
        let training: TrainStepStatement
        do { training = try TrainStepStatement(parameters: rest) } catch { throw Self.renamed(error) }
        try self.init(layers: training.layers, rank: rank, batch: training.batch, eta: training.eta, examples: training.examples,
                      steps: training.steps)
    }

    /// `train-step`'s error about a shared parameter, said of `lora-step`.
    private static func renamed(_ error: StatementError) -> StatementError {
        switch error {
        case .missingParameter(_, let name): .missingParameter(circuit: Self.name, name: name)
        case .unknownParameter(_, let name): .unknownParameter(circuit: Self.name, name: name)
        case .badParameter(_, let name, let value, let reason): .badParameter(circuit: Self.name, name: name, value: value, reason: reason)
        default: error
        }
    }

    public var parameters: [(name: String, value: String)] {
        let shared = training.parameters
        return [shared[0], ("rank", "\(rank)")] + shared.dropFirst()
    }

    /// The limits of `init` bound the rows far below 2^28, as for `train-step`.
    public var fitsLargestTable: Bool { true }

    public var publicInputNames: [[String]] {
        [["run_id", "step", "base_weights", "adapters_before", "adapters_after", "dataset_root", "seed_commitment"]]
    }

    /// The rows of one proof, counted by a synthesis that stores nothing (once per statement).
    public var rows: Int { RowCache.shared.rows(self) }

    /// Each adapter tensor's value count, in commitment order: A_1, B_1, …, A_L, B_L.
    public var adapterSizes: [Int] {
        (1..<layers.count).flatMap { [rank * layers[$0 - 1], layers[$0] * rank] }
    }

    /// Why `witness` cannot be this statement's, or nil.
    public func problem(with w: LoRAStepWitness) -> String? {
        guard w.base.map(\.count) == training.tensorSizes else {
            return "the base has \(w.base.map(\.count)) values per tensor, not \(training.tensorSizes)"
        }
        guard w.adapters.map(\.count) == adapterSizes else {
            return "the adapters have \(w.adapters.map(\.count)) values per tensor, not \(adapterSizes)"
        }
        return training.problem(firstStep: w.firstStep, batches: w.batches)
    }

    /// Value cells per adapter tensor regrouped as the rows of A_l and of B_l per layer.
    func split(_ tensors: [[AssignedCell]]) -> (down: [[[AssignedCell]]], up: [[[AssignedCell]]]) {
        func rows(_ flat: [AssignedCell], _ width: Int) -> [[AssignedCell]] {
            stride(from: 0, to: flat.count, by: width).map { Array(flat[$0..<$0 + width]) }
        }
        let layers = 1..<self.layers.count
        return (layers.map { rows(tensors[2 * ($0 - 1)], self.layers[$0 - 1]) }, layers.map { rows(tensors[2 * $0 - 1], rank) })
    }

    /// Zero base, adapters and examples: key generation reads only the layout.
    public var keygenWitness: LoRAStepWitness {
        let t = training.keygenWitness
        return LoRAStepWitness(runId: .zero, firstStep: 0, seed: .zero, base: t.tensors, baseSalt: .zero,
                               adapters: adapterSizes.map { Array(repeating: 0, count: $0) }, saltBefore: .zero, saltAfter: .zero,
                               batches: t.batches, baseCommitment: .zero, commitmentBefore: .zero, commitmentAfter: .zero,
                               datasetRoot: .zero, seedCommitment: .zero)
    }

    public func witness(from values: [String: String]) throws(StatementError) -> LoRAStepWitness {
        throw .badWitness(circuit: Self.name, name: "run", reason: "a lora-step witness comes from a LoRA training run (PoTTraining.LoRARun)")
    }

    public func circuit(_ witness: LoRAStepWitness) -> LoRAStep { LoRAStep(statement: self, witness: witness) }
    public func publicInputs(_ witness: LoRAStepWitness) -> [[Fr]] { [witness.publicInputs] }
}
