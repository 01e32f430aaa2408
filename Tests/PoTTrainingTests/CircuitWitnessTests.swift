import XCTest
import PoTAlgebra
import PoTCircuits
import PoTPlonk
import PoTTraining

/// The cells a step circuit produced, kept past synthesis.
private final class StepOutputs {
    var cells: SGDStepCells?
}

/// One SGD step of `parameters` on `batch`, laid out by `FixedPointChip.sgdStep` (8-bit range
/// limbs, so the tables fit 2^13 rows).
private struct StepCircuit: Circuit {
    let parameters: MLPParameters
    let batch: Batch
    let eta: Int64
    let outputs = StepOutputs()

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> FixedPointChip {
        try FixedPointChip.configure(cs, limbBits: 8, rangeLanes: 2, productWidth: 4)
    }

    func synthesize(_ chip: FixedPointChip, _ layouter: Layouter) throws(PlonkError) {
        try chip.loadTables(layouter)
        var weights: [[[AssignedCell]]] = [], biases: [[AssignedCell]] = []
        for layer in parameters.layers {
            weights.append(try chip.loadRows(layouter, layer.weights))
            biases.append(try chip.load(layouter, layer.bias))
        }
        let inputs = try chip.loadRows(layouter, batch.inputs)
        try chip.checkValues(layouter, weights.flatMap { $0.flatMap { $0 } } + biases.flatMap { $0 } + inputs.flatMap { $0 })
        outputs.cells = try chip.sgdStep(layouter, weights: weights, biases: biases, inputs: inputs,
                                         labels: try chip.load(layouter, batch.labels.map(Int64.init)), learningRate: eta)
    }
}

/// The step circuit's witness equals the native trainer's step, value by value: every Z_l,
/// H_l, δ_l, W_l' and b_l', over two chained steps and several shapes (one, two and three
/// layers; batches of 2, 3 and 4), and the witness satisfies the circuit.
final class CircuitWitnessTests: XCTestCase {
    private func random(widths: [Int], batch: Int, seed: UInt64) throws -> (MLPParameters, Batch) {
        var rng = SeededRandom(seed: seed)
        func uniform(_ bound: Int64) -> Int64 { Int64(rng.next() % UInt64(2 * bound)) - bound }
        let layers = (1..<widths.count).map { l in
            DenseLayer(weights: IntegerMatrix(rows: widths[l], columns: widths[l - 1],
                                              values: (0..<widths[l] * widths[l - 1]).map { _ in uniform(1 << 16) }),
                       bias: (0..<widths[l]).map { _ in uniform(1 << 14) })
        }
        let inputs = IntegerMatrix(rows: batch, columns: widths[0], values: (0..<batch * widths[0]).map { _ in Int64(rng.next() % 17) << 12 })
        return (try MLPParameters(layers: layers), Batch(inputs: inputs, labels: (0..<batch).map { _ in Int(rng.next() % UInt64(widths.last!)) }))
    }

    func testTheCircuitWitnessIsTheNativeStep() throws {
        for (widths, batchSize, steps, seed) in [([6, 5], 2, 1, UInt64(1)), ([8, 4, 3], 4, 2, 2), ([10, 6, 5, 4], 3, 1, 3)] {
            var (parameters, batch) = try random(widths: widths, batch: batchSize, seed: seed)
            for step in 0..<steps {
                let eta: Int64 = 6554
                let trace = try parameters.step(batch, learningRate: eta)
                let circuit = StepCircuit(parameters: parameters, batch: batch, eta: eta)
                let checker = try DebugChecker(circuit, k: 13, instances: [])
                XCTAssertNil(checker.firstFailure, "\(widths) step \(step)")
                let cells = try XCTUnwrap(circuit.outputs.cells)
                let what = "\(widths), step \(step)"
                XCTAssertEqual(cells.preActivations.map(integers), trace.preActivations.map(\.values), "Z: \(what)")
                XCTAssertEqual(cells.activations.map(integers), trace.activations.map(\.values), "H: \(what)")
                XCTAssertEqual(cells.deltas.map(integers), trace.deltas.map(\.values), "δ: \(what)")
                XCTAssertEqual(cells.weights.map(integers), trace.updated.layers.map(\.weights.values), "W': \(what)")
                XCTAssertEqual(cells.biases.map { integers([$0]) }, trace.updated.layers.map(\.bias), "b': \(what)")
                parameters = trace.updated
                batch = Batch(inputs: batch.inputs, labels: batch.labels.map { ($0 + 1) % widths.last! })
            }
        }
    }
}
