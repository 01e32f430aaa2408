import Foundation
import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// `train-step layers=64-32-10 batch=16 eta=6554 examples=1500 steps=1`: k SGD steps of an MLP
/// classifier (docs/training.md), its parameters fixing the circuit: layer widths, batch size B,
/// learning rate η (a value, round(lr·2^16)), dataset size N and steps per proof k.
public struct TrainStepStatement: ProvableStatement {
    public typealias Witness = TrainStepWitness
    public static let name = "train-step"

    /// n_0, …, n_L.
    public let layers: [Int]
    public let batch: Int
    public let eta: Int64
    public let examples: Int
    public let steps: Int

    /// Limits that keep every exact sum far from r and every statement well inside 2^28 rows: a
    /// proof takes a few dozen rows per parameter and per input value at most.
    static let limits = (width: 1 << 12, parameters: 1 << 20, batch: 1 << 10, inputs: 1 << 20, examples: 1 << 24, steps: 64)

    public init(layers: [Int], batch: Int, eta: Int64, examples: Int, steps: Int) throws(StatementError) {
        func bad(_ name: String, _ value: Any, _ reason: String) -> StatementError {
            .badParameter(circuit: Self.name, name: name, value: "\(value)", reason: reason)
        }
        guard layers.count >= 2, layers.allSatisfy({ (1...Self.limits.width).contains($0) }) else {
            throw bad("layers", layers.map(String.init).joined(separator: "-"), "needs at least two widths of 1 to \(Self.limits.width)")
        }
        guard layers.last! >= 2 else { throw bad("layers", layers.last!, "ends with fewer than two classes") }
        guard (1...Self.limits.batch).contains(batch) else { throw bad("batch", batch, "is not between 1 and \(Self.limits.batch)") }
        guard (1...FixedPoint.one).contains(eta) else { throw bad("eta", eta, "is not a learning rate in (0, 2^16]") }
        guard (1...Self.limits.examples).contains(examples) else { throw bad("examples", examples, "is not between 1 and 2^24") }
        guard (1...Self.limits.steps).contains(steps) else { throw bad("steps", steps, "is not between 1 and \(Self.limits.steps)") }
        let parameters = (1..<layers.count).reduce(0) { $0 + layers[$1] * (layers[$1 - 1] + 1) }
        guard parameters <= Self.limits.parameters else { throw bad("layers", parameters, "parameters are more than 2^20") }
        guard batch * steps * layers[0] <= Self.limits.inputs else { throw bad("batch", batch, "times steps times inputs is more than 2^20") }
        (self.layers, self.batch, self.eta, self.examples, self.steps) = (layers, batch, eta, examples, steps)
    }

    public init(parameters: [String: String]) throws(StatementError) {
        let names = ["layers", "batch", "eta", "examples", "steps"]
        if let other = parameters.keys.sorted().first(where: { !names.contains($0) }) {
            throw .unknownParameter(circuit: Self.name, name: other)
        }
        func integer(_ name: String) throws(StatementError) -> Int {
            guard let text = parameters[name] else { throw .missingParameter(circuit: Self.name, name: name) }
            return try Self.integer(text, name)
        }
        guard let widths = parameters["layers"] else { throw .missingParameter(circuit: Self.name, name: "layers") }
        let layers = try widths.split(separator: "-", omittingEmptySubsequences: false).map { text throws(StatementError) in
            try Self.integer(String(text), "layers")
        }
        try self.init(layers: layers, batch: try integer("batch"), eta: Int64(try integer("eta")),
                      examples: try integer("examples"), steps: try integer("steps"))
    }

    /// A positive decimal integer with one spelling (so equal statements have equal keys).
    private static func integer(_ text: String, _ name: String) throws(StatementError) -> Int {
        guard let value = Int(text), value >= 1, text == "\(value)" else {
            throw .badParameter(circuit: Self.name, name: name, value: text, reason: "is not a positive integer")
        }
        return value
    }

    public var parameters: [(name: String, value: String)] {
        [("layers", layers.map(String.init).joined(separator: "-")), ("batch", "\(batch)"), ("eta", "\(eta)"),
         ("examples", "\(examples)"), ("steps", "\(steps)")]
    }

    /// The limits of `init` bound the rows far below 2^28, so no synthesis is needed to say so.
    public var fitsLargestTable: Bool { true }

    public var publicInputNames: [[String]] {
        [["run_id", "step", "weights_before", "weights_after", "dataset_root", "seed_commitment"]]
    }

    /// The rows of one proof, counted by a synthesis that stores nothing (once per statement).
    public var rows: Int { RowCache.shared.rows(self) }

    /// The depth of the dataset tree: N examples and the salt leaf.
    public var datasetDepth: Int { PoseidonMerkleTree.depth(leafCount: examples + 1) }

    /// Each tensor's value count, in commitment order: W_1, b_1, …, W_L, b_L.
    public var tensorSizes: [Int] {
        (1..<layers.count).flatMap { [layers[$0] * layers[$0 - 1], layers[$0]] }
    }

    /// Why `witness` cannot be this statement's, or nil.
    public func problem(with w: TrainStepWitness) -> String? {
        guard w.tensors.map(\.count) == tensorSizes else { return "the weights have \(w.tensors.map(\.count)) values per tensor, not \(tensorSizes)" }
        return problem(firstStep: w.firstStep, batches: w.batches)
    }

    /// Why a first step and batches cannot be a witness's of this statement, or nil.
    func problem(firstStep: Int, batches: [[TrainStepWitness.Example]]) -> String? {
        guard firstStep >= 0 else { return "the first step is negative" }
        guard batches.count == steps else { return "\(batches.count) batches for \(steps) steps" }
        for (t, batch) in batches.enumerated() {
            guard batch.count == self.batch else { return "batch \(t) has \(batch.count) examples, not \(self.batch)" }
            for (j, e) in batch.enumerated() {
                guard e.inputs.count == layers[0] else { return "example \(j) of batch \(t) has \(e.inputs.count) inputs, not \(layers[0])" }
                guard e.label >= 0 else { return "example \(j) of batch \(t) has a negative label" }
                guard e.siblings.count == datasetDepth else { return "example \(j) of batch \(t) has a path of \(e.siblings.count) levels, not \(datasetDepth)" }
            }
        }
        return nil
    }

    /// Value cells per tensor regrouped as weight rows and biases per layer.
    func split(_ tensors: [[AssignedCell]]) -> (weights: [[[AssignedCell]]], biases: [[AssignedCell]]) {
        var weights: [[[AssignedCell]]] = [], biases: [[AssignedCell]] = []
        for l in 1..<layers.count {
            let flat = tensors[2 * (l - 1)]
            weights.append(stride(from: 0, to: flat.count, by: layers[l - 1]).map { Array(flat[$0..<$0 + layers[l - 1]]) })
            biases.append(tensors[2 * l - 1])
        }
        return (weights, biases)
    }

    /// Zero weights and examples: key generation reads only the layout.
    public var keygenWitness: TrainStepWitness {
        let example = TrainStepWitness.Example(inputs: Array(repeating: 0, count: layers[0]), label: 0,
                                               siblings: Array(repeating: .zero, count: datasetDepth))
        return TrainStepWitness(runId: .zero, firstStep: 0, seed: .zero, tensors: tensorSizes.map { Array(repeating: 0, count: $0) },
                                saltBefore: .zero, saltAfter: .zero, batches: Array(repeating: Array(repeating: example, count: batch), count: steps),
                                commitmentBefore: .zero, commitmentAfter: .zero, datasetRoot: .zero, seedCommitment: .zero)
    }

    public func witness(from values: [String: String]) throws(StatementError) -> TrainStepWitness {
        throw .badWitness(circuit: Self.name, name: "run", reason: "a train-step witness comes from a training run (`pot train --prove`)")
    }

    public func circuit(_ witness: TrainStepWitness) -> TrainStep { TrainStep(statement: self, witness: witness) }
    public func publicInputs(_ witness: TrainStepWitness) -> [[Fr]] { [witness.publicInputs] }
}

/// Rows per statement description, computed once per process by a synthesis of the key
/// generation witness that stores nothing.
final class RowCache: @unchecked Sendable {
    static let shared = RowCache()
    private let lock = NSLock()
    private var cache: [String: Int] = [:]

    func rows<S: ProvableStatement>(_ statement: S) -> Int {
        let key = statement.description
        if let rows = lock.withLock({ cache[key] }) { return rows }
        let rows: Int
        do { rows = try statement.circuit(statement.keygenWitness).rowsUsed() } catch { preconditionFailure("\(key) does not lay out: \(error)") }
        lock.withLock { cache[key] = rows }
        return rows
    }
}
