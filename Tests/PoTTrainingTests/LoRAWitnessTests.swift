import XCTest
import PoTAlgebra
import PoTCircuits
import PoTPlonk
@testable import PoTTraining

/// The cells a LoRA step circuit produced, kept past synthesis.
private final class LoRAOutputs {
    var cells: LoRAStepCells?
}

/// One LoRA step laid out by `FixedPointChip.loraStep` (8-bit range limbs, so the tables fit
/// 2^13 rows), every input loaded and range-checked.
private struct LoRAStepCircuit: Circuit {
    let base: MLPParameters
    let adapters: LoRAAdapters
    let batch: Batch
    let eta: Int64
    let outputs = LoRAOutputs()

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> FixedPointChip {
        try FixedPointChip.configure(cs, limbBits: 8, rangeLanes: 2, productWidth: 4)
    }

    func synthesize(_ chip: FixedPointChip, _ layouter: Layouter) throws(PlonkError) {
        try chip.loadTables(layouter)
        var weights: [[[AssignedCell]]] = [], biases: [[AssignedCell]] = [], down: [[[AssignedCell]]] = [], up: [[[AssignedCell]]] = []
        for (layer, adapter) in zip(base.layers, adapters.layers) {
            weights.append(try chip.loadRows(layouter, layer.weights))
            biases.append(try chip.load(layouter, layer.bias))
            down.append(try chip.loadRows(layouter, adapter.down))
            up.append(try chip.loadRows(layouter, adapter.up))
        }
        let inputs = try chip.loadRows(layouter, batch.inputs)
        let all = [weights, down, up, [inputs]].flatMap { $0.flatMap { $0.flatMap { $0 } } } + biases.flatMap { $0 }
        try chip.checkValues(layouter, all)
        outputs.cells = try chip.loraStep(layouter, weights: weights, biases: biases, down: down, up: up, inputs: inputs,
                                          labels: try chip.load(layouter, batch.labels.map(Int64.init)), learningRate: eta)
    }
}

/// The LoRA step (docs/fixed-point.md, "One LoRA step"): the circuit's witness equals the
/// native trainer's value by value, both equal an independent transcription of the spec, and
/// out-of-range values fail in both.
final class LoRAWitnessTests: XCTestCase {
    /// Random base weights (|w| < 1), biases, adapters (A below 1, B below 1/4, both nonzero so
    /// every path carries signal), inputs as the digits' pixels, labels.
    static func random(widths: [Int], rank: Int, batch: Int, seed: UInt64) throws -> (MLPParameters, LoRAAdapters, Batch) {
        var rng = SeededRandom(seed: seed)
        func uniform(_ bound: Int64) -> Int64 { Int64(rng.next() % UInt64(2 * bound)) - bound }
        func matrix(_ rows: Int, _ columns: Int, _ bound: Int64) -> IntegerMatrix {
            IntegerMatrix(rows: rows, columns: columns, values: (0..<rows * columns).map { _ in uniform(bound) })
        }
        let base = try MLPParameters(layers: (1..<widths.count).map { l in
            DenseLayer(weights: matrix(widths[l], widths[l - 1], 1 << 16), bias: (0..<widths[l]).map { _ in uniform(1 << 14) })
        })
        let adapters = try LoRAAdapters(layers: (1..<widths.count).map { l in
            LoRAAdapter(down: matrix(rank, widths[l - 1], 1 << 16), up: matrix(widths[l], rank, 1 << 14))
        })
        let inputs = IntegerMatrix(rows: batch, columns: widths[0], values: (0..<batch * widths[0]).map { _ in Int64(rng.next() % 17) << 12 })
        return (base, adapters, Batch(inputs: inputs, labels: (0..<batch).map { _ in Int(rng.next() % UInt64(widths.last!)) }))
    }

    func testTheCircuitWitnessIsTheNativeStep() throws {
        for (widths, rank, batchSize, steps, seed) in [([6, 5], 1, 2, 1, UInt64(1)), ([8, 4, 3], 2, 4, 2, 2), ([10, 6, 5, 4], 3, 3, 1, 3)] {
            var (base, adapters, batch) = try Self.random(widths: widths, rank: rank, batch: batchSize, seed: seed)
            for step in 0..<steps {
                let eta: Int64 = 6554
                let trace = try base.loraStep(batch, adapters: adapters, learningRate: eta)
                let circuit = LoRAStepCircuit(base: base, adapters: adapters, batch: batch, eta: eta)
                let checker = try DebugChecker(circuit, k: 13, instances: [])
                XCTAssertNil(checker.firstFailure, "\(widths) step \(step)")
                let cells = try XCTUnwrap(circuit.outputs.cells)
                let what = "\(widths), step \(step)"
                XCTAssertEqual(cells.adapterInputs.map(integers), trace.adapterInputs.map(\.values), "U: \(what)")
                XCTAssertEqual(cells.preActivations.map(integers), trace.preActivations.map(\.values), "Z: \(what)")
                XCTAssertEqual(cells.activations.map(integers), trace.activations.map(\.values), "H: \(what)")
                XCTAssertEqual(cells.deltas.map(integers), trace.deltas.map(\.values), "δ: \(what)")
                XCTAssertEqual(cells.adapterDeltas.map(integers), trace.adapterDeltas.map(\.values), "V: \(what)")
                XCTAssertEqual(cells.down.map(integers), trace.updated.layers.map(\.down.values), "A': \(what)")
                XCTAssertEqual(cells.up.map(integers), trace.updated.layers.map(\.up.values), "B': \(what)")
                XCTAssertEqual(trace.updated.tensors.flatMap { $0 }, Self.expectedUpdate(base, adapters, batch, eta: eta), what)
                XCTAssertNotEqual(trace.updated, adapters, "the step changes the adapters: \(what)")
                adapters = trace.updated
                batch = Batch(inputs: batch.inputs, labels: batch.labels.map { ($0 + 1) % widths.last! })
            }
        }
    }

    /// With B = 0 the adapted network is the base one: the same logits as the plain forward pass,
    /// and the first step moves B only (A's gradient goes through B).
    func testZeroUpAdaptersLeaveTheBaseNetwork() throws {
        let (base, _, batch) = try Self.random(widths: [8, 4, 3], rank: 2, batch: 4, seed: 7)
        let adapters = try LoRAAdapters.initial(base: base, rank: 2, seed: 11)
        XCTAssertTrue(adapters.layers.allSatisfy { $0.up.values.allSatisfy { $0 == 0 } && $0.down.values.contains { $0 != 0 } })
        let trace = try base.loraStep(batch, adapters: adapters, learningRate: 6554)
        XCTAssertEqual(trace.preActivations, try base.forward(batch.inputs).preActivations)
        XCTAssertEqual(trace.updated.layers.map(\.down), adapters.layers.map(\.down))
        XCTAssertNotEqual(trace.updated.layers.map(\.up), adapters.layers.map(\.up))
    }

    /// An adapter product leaving the value range is an error natively and a constraint failure
    /// in the circuit.
    func testOverflowFailsInBoth() throws {
        let (base, small, batch) = try Self.random(widths: [8, 4, 3], rank: 2, batch: 2, seed: 5)
        var layers = small.layers
        layers[0].down = IntegerMatrix(rows: 2, columns: 8, repeating: (1 << 30) - 1)
        let adapters = try LoRAAdapters(layers: layers)
        XCTAssertThrowsError(try base.loraStep(batch, adapters: adapters, learningRate: 6554)) { error in
            XCTAssertTrue("\(error)".contains("U_1"), "\(error)")
        }
        let checker = try DebugChecker(LoRAStepCircuit(base: base, adapters: adapters, batch: batch, eta: 6554), k: 13, instances: [])
        XCTAssertNotNil(checker.firstFailure)
    }

    /// A' and B' flattened (A_1, B_1, …), transcribed from docs/fixed-point.md with Swift `Int`
    /// (which traps on overflow) and explicit floors, sharing no code with the trainer.
    static func expectedUpdate(_ base: MLPParameters, _ adapters: LoRAAdapters, _ batch: Batch, eta: Int64) -> [Int64] {
        func floorDiv(_ a: Int, _ d: Int) -> Int { a >= 0 ? a / d : -((-a + d - 1) / d) }
        func matrix(_ m: IntegerMatrix) -> [[Int]] { (0..<m.rows).map { r in m.row(r).map { Int($0) } } }
        func product(_ a: [[Int]], _ bT: [[Int]], _ finish: (Int, Int, Int) -> Int) -> [[Int]] {
            a.indices.map { i in bT.indices.map { j in finish(i, j, zip(a[i], bT[j]).map { $0 * $1 }.reduce(0, +)) } }
        }
        func transposed(_ m: [[Int]]) -> [[Int]] { m.isEmpty ? [] : m[0].indices.map { j in m.map { $0[j] } } }
        let table = PoTCircuits.ExpTable.entries.map { Int($0) }
        let w = base.layers.map { matrix($0.weights) }, b = base.layers.map { $0.bias.map { Int($0) } }
        let a = adapters.layers.map { matrix($0.down) }, up = adapters.layers.map { matrix($0.up) }
        let layers = w.count, n = batch.inputs.rows, e = Int(eta), s = 1 << 16
        var h = [matrix(batch.inputs)], u: [[[Int]]] = [], z: [[[Int]]] = []
        for l in 0..<layers {
            let ul = product(h[l], a[l]) { _, _, x in floorDiv(x, s) }
            let hw = product(h[l], w[l]) { _, _, x in x }, ub = product(ul, up[l]) { _, _, x in x }
            let zl = hw.indices.map { i in hw[i].indices.map { j in floorDiv(hw[i][j] + ub[i][j], s) + b[l][j] } }
            u.append(ul)
            z.append(zl)
            if l < layers - 1 { h.append(zl.map { $0.map { max($0, 0) } }) }
        }
        var delta = zip(z[layers - 1], batch.labels).map { row, y -> [Int] in
            let m = row.max()!
            let ex = row.map { table[min((m - $0) >> 8, 4096)] }
            let sum = ex.reduce(0, +)
            return ex.indices.map { j in floorDiv(ex[j] << 16, sum) - (j == y ? s : 0) }
        }
        var newA = a, newB = up
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let v = product(delta, transposed(up[l])) { _, _, x in floorDiv(x, s) }
            newB[l] = product(transposed(delta), transposed(u[l])) { j, k, g in up[l][j][k] - floorDiv(e * g, n << 32) }
            newA[l] = product(transposed(v), transposed(h[l])) { k, c, g in a[l][k][c] - floorDiv(e * g, n << 32) }
            if l > 0 {
                let back = product(delta, transposed(w[l])) { _, _, x in x }, backA = product(v, transposed(a[l])) { _, _, x in x }
                delta = back.indices.map { i in
                    back[i].indices.map { c in z[l - 1][i][c] > 0 ? floorDiv(back[i][c] + backA[i][c], s) : 0 }
                }
            }
        }
        return (0..<layers).flatMap { newA[$0].flatMap { $0 } + newB[$0].flatMap { $0 } }.map(Int64.init)
    }
}
