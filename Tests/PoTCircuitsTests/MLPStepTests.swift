import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// An MLP, a batch and a learning rate, as plain integers.
struct MLPCase {
    /// `weights[l]` is n_(l+1) × n_l, row-major; `biases[l]` has n_(l+1) entries.
    var weights: [[[Int]]], biases: [[Int]]
    var inputs: [[Int]], labels: [Int]
    var eta: Int

    /// Small weights (|w| < 1), inputs in [0, 1], from a seed.
    static func random(widths: [Int], batch: Int, seed: UInt64) -> MLPCase {
        var rng = SeededRandom(seed: seed)
        func uniform(_ bound: Int) -> Int { Int(rng.next() % UInt64(2 * bound)) - bound }
        let weights = (1..<widths.count).map { l in (0..<widths[l]).map { _ in (0..<widths[l - 1]).map { _ in uniform(1 << 16) } } }
        let biases = (1..<widths.count).map { l in (0..<widths[l]).map { _ in uniform(1 << 14) } }
        let inputs = (0..<batch).map { _ in (0..<widths[0]).map { _ in Int(rng.next() % 17) << 12 } }
        let labels = (0..<batch).map { _ in Int(rng.next() % UInt64(widths.last!)) }
        return MLPCase(weights: weights, biases: biases, inputs: inputs, labels: labels, eta: 6554)
    }

    /// The updated parameters W_1', b_1', …, flattened in the order of the public inputs,
    /// computed independently of the circuit code: Swift integers (which trap on overflow),
    /// explicit floors, docs/fixed-point.md line by line. Nil when a value leaves its range.
    var expectedUpdate: [Int]? {
        func isValue(_ v: Int) -> Bool { v >= -(1 << 30) && v < 1 << 30 }
        let table = ExpTable.entries.map(Int.init)  // checked against Python in FixedPointGadgetTests
        let layers = weights.count, batch = inputs.count
        var h = [inputs], z: [[[Int]]] = []
        for l in 0..<layers {
            let w = weights[l]
            let zl = h[l].map { row in w.indices.map { j in floorDiv(zip(row, w[j]).map { $0 * $1 }.reduce(0, +), 1 << 16) + biases[l][j] } }
            guard zl.allSatisfy({ $0.allSatisfy(isValue) }) else { return nil }
            z.append(zl)
            if l < layers - 1 { h.append(zl.map { $0.map { max($0, 0) } }) }
        }
        var delta = zip(z[layers - 1], labels).map { row, y -> [Int] in
            let m = row.max()!
            let e = row.map { table[min((m - $0) >> 8, 4096)] }
            let s = e.reduce(0, +)
            return e.indices.map { j in floorDiv(e[j] << 16, s) - (j == y ? 1 << 16 : 0) }
        }
        var newWeights = weights, newBiases = biases
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let w = weights[l], hPrev = h[l]
            for j in w.indices {
                for k in w[j].indices {
                    let dw = (0..<batch).map { delta[$0][j] * hPrev[$0][k] }.reduce(0, +)
                    newWeights[l][j][k] = w[j][k] - floorDiv(eta * dw, batch << 32)
                }
                let db = (0..<batch).map { delta[$0][j] }.reduce(0, +)
                newBiases[l][j] = biases[l][j] - floorDiv(eta * db, batch << 16)
            }
            if l > 0 {
                delta = (0..<batch).map { i in
                    hPrev[i].indices.map { k in
                        z[l - 1][i][k] > 0 ? floorDiv(w.indices.map { delta[i][$0] * w[$0][k] }.reduce(0, +), 1 << 16) : 0
                    }
                }
                guard delta.allSatisfy({ $0.allSatisfy(isValue) }) else { return nil }
            }
        }
        let flat = (0..<layers).flatMap { newWeights[$0].flatMap { $0 } + newBiases[$0] }
        return flat.allSatisfy(isValue) ? flat : nil
    }
}

/// One SGD step with public updated parameters: W, b, X, y private (range-checked here, as the
/// commitments' packing would), W', b' public.
struct MLPStepCircuit: Circuit {
    struct Config {
        let chip: FixedPointChip
        let updated: Column
    }

    static let k = 13

    let step: MLPCase

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        Config(chip: try FixedPointChip.configure(cs, limbBits: 8, rangeLanes: 2, productWidth: 4), updated: cs.instanceColumn())
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        try config.chip.loadTables(layouter)
        let updated = try Self.layOut(step, config.chip, layouter, checkParameters: true)
        for (row, cell) in updated.enumerated() { try layouter.constrainInstance(cell, config.updated, row: row) }
    }

    /// Loads the step's inputs and lays the step out; returns W_1', b_1', … flattened.
    /// `checkParameters: false` leaves the range checks of W, b, X, W', b' out, as in a
    /// statement where the tensor commitments' packing makes them.
    static func layOut(_ step: MLPCase, _ chip: FixedPointChip, _ layouter: Layouter, checkParameters: Bool)
        throws(PlonkError) -> [AssignedCell]
    {
        func load(_ values: [Int]) throws(PlonkError) -> [AssignedCell] { try chip.load(layouter, values.map(Int64.init)) }
        let weights = try step.weights.map { w throws(PlonkError) in try w.map { row throws(PlonkError) in try load(row) } }
        let biases = try step.biases.map { b throws(PlonkError) in try load(b) }
        let inputs = try step.inputs.map { row throws(PlonkError) in try load(row) }
        if checkParameters {
            try chip.checkValues(layouter, weights.flatMap { $0.flatMap { $0 } } + biases.flatMap { $0 } + inputs.flatMap { $0 })
        }
        let cells = try chip.sgdStep(layouter, weights: weights, biases: biases, inputs: inputs,
                                     labels: try load(step.labels), learningRate: Int64(step.eta), checkOutputs: checkParameters)
        return (0..<cells.weights.count).flatMap { cells.weights[$0].flatMap { $0 } + cells.biases[$0] }
    }

    /// The public inputs the circuit's own witness gives (the cells it constrains to them).
    var instances: [[Fr]] {
        get throws {
            let synthesis = try Synthesis(self, k: Self.k)
            let instance = synthesis.assignment.copies.filter { $0.1.column.kind == .instance }.sorted { $0.1.row < $1.1.row }
            return [instance.map { synthesis.assignment.advice[$0.0.column.index][$0.0.row] }]
        }
    }
}

final class MLPStepTests: XCTestCase {
    static let srs = SRS.insecure(k: MLPStepCircuit.k, tau: Fr(0x5d_57e9))

    private func prove(_ circuit: MLPStepCircuit, instances: [[Fr]], key: ProvingKey,
                       tamper: @escaping (inout [[Fr]]) -> Void = { _ in }) throws -> Proof {
        try Prover.prove(circuit, instances: instances, key: key, srs: Self.srs, threads: 2, progress: { _ in },
                         requireSatisfied: false, tamper: tamper)
    }

    /// The witness equals the independent computation, and the step proves and verifies.
    func testStepsProveAndMatchAnIndependentComputation() throws {
        for (widths, batch, seed) in [([4, 3, 2], 2, UInt64(1)), ([8, 4, 3], 4, 2)] {
            let step = MLPCase.random(widths: widths, batch: batch, seed: seed)
            let circuit = MLPStepCircuit(step: step)
            let expected = try XCTUnwrap(step.expectedUpdate).map(field)
            XCTAssertEqual(try circuit.instances, [expected], "\(widths)")
            let checker = try DebugChecker(circuit, k: MLPStepCircuit.k, instances: [expected])
            XCTAssertNil(checker.firstFailure, "\(widths)")
            let key = try ProvingKey(circuit, k: MLPStepCircuit.k, srs: Self.srs, circuitName: "mlp-step")
            let proof = try Prover.prove(circuit, instances: [expected], key: key, srs: Self.srs)
            XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: MLPStepCircuit.self), "\(widths)")
            print("\(widths) batch \(batch): proof \(proof.encoded(vkDigest: key.vk.digest).count) bytes")
            // The same proof for other updated weights: refused.
            var other = expected
            other[0] += .one
            var moved = proof
            moved.instances = [other]
            XCTAssertThrowsError(try Verifier.verify(moved, key: key.vk, circuit: MLPStepCircuit.self))
        }
    }

    /// Bad witnesses forced through the prover: none verifies.
    func testForcedProofsOfWrongStepsAreRejected() throws {
        let step = MLPCase.random(widths: [4, 3, 2], batch: 2, seed: 3)
        let circuit = MLPStepCircuit(step: step)
        let honest = try circuit.instances
        let key = try ProvingKey(circuit, k: MLPStepCircuit.k, srs: Self.srs, circuitName: "mlp-step")
        let (_, config) = try MLPStepCircuit.configured()
        let v = config.chip.v.map(\.index)
        let assignment = try Synthesis(circuit, k: MLPStepCircuit.k).assignment
        let updates = assignment.regions.filter { $0.name == "sgd update" }.map(\.rows.lowerBound)
        let rescale = assignment.start(of: "rescale plus bias")
        let gradientChains = assignment.regions.filter { $0.name == "C·r" }.map(\.rows.lowerBound)

        var wrongWeight = honest
        wrongWeight[0][0] += .one
        let cases: [(String, [[Fr]], (inout [[Fr]]) -> Void)] = [
            // W'_00 one higher, in the witness and the public input alike: the update gate fails.
            ("wrong updated weight", wrongWeight, { a in a[v[2]][updates[0]] += .one }),
            // dW_00 one higher where the update reads it: the copy from the product fails.
            ("wrong gradient", honest, { a in a[v[1]][updates[0]] += .one }),
            // The last layer's gradient product with one wrong entry: Freivalds fails.
            ("wrong gradient product", honest, { a in a[v[3]][gradientChains[2]] += .one }),
            // Z_00 one lower and its remainder 2^16 higher: the remainder's range check fails.
            ("wrong rescale remainder", honest, { a in
                a[v[2]][rescale] -= .one
                a[v[3]][rescale] += Fr(UInt64(1 << 16))
            }),
        ]
        // The forced path itself proves an untampered witness.
        XCTAssertNoThrow(try Verifier.verify(try prove(circuit, instances: honest, key: key), key: key.vk, circuit: MLPStepCircuit.self))
        for (what, instances, tamper) in cases {
            let synthesis = try Synthesis(circuit, k: MLPStepCircuit.k, challenges: [Fr(11)])
            var tampered = synthesis.assignment
            tamper(&tampered.advice)
            XCTAssertNotNil(try DebugChecker(cs: synthesis.cs, assignment: tampered, instances: instances, challenges: [Fr(11)]).firstFailure,
                            what)
            let forced = try prove(circuit, instances: instances, key: key, tamper: tamper)
            XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: MLPStepCircuit.self), "\(what) accepted")
        }
    }

    /// Weights large enough that a pre-activation leaves the value range: the independent
    /// computation refuses the step, the circuit's constraints fail, the forced proof fails.
    func testOverflowIsRejected() throws {
        var step = MLPCase.random(widths: [4, 3, 2], batch: 2, seed: 4)
        step.weights[0] = step.weights[0].map { $0.map { _ in (1 << 30) - 1 } }
        step.inputs = step.inputs.map { $0.map { _ in 1 << 16 } }
        XCTAssertNil(step.expectedUpdate)
        let circuit = MLPStepCircuit(step: step)
        let instances = try circuit.instances
        XCTAssertNotNil(try DebugChecker(circuit, k: MLPStepCircuit.k, instances: instances).firstFailure)
        let key = try ProvingKey(circuit, k: MLPStepCircuit.k, srs: Self.srs, circuitName: "mlp-step")
        let forced = try prove(circuit, instances: instances, key: key)
        XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: MLPStepCircuit.self))
    }

    /// Rows of one step of the MLP (64→32→10, batch 16; and with 256 hidden units) under a
    /// few chip shapes, counted
    /// by a measuring layouter: the step's regions alone (the range table takes 2^limbBits rows, the
    /// exp table 4098), without the range checks of W, b, X, W', b' that the commitments' packing
    /// makes. Printed for choosing k; asserted to fit 2^17.
    func testRowsOfTheDigitsStep() throws {
        for (widths, limbBits, lanes, width) in [([64, 32, 10], 12, 2, 4), ([64, 32, 10], 16, 2, 4), ([64, 32, 10], 16, 4, 8), ([64, 32, 10], 13, 4, 8), ([64, 256, 10], 16, 4, 8)] {
            let step = MLPCase.random(widths: widths, batch: 16, seed: 5)
            let cs = ConstraintSystem()
            let chip = try FixedPointChip.configure(cs, limbBits: limbBits, rangeLanes: lanes, productWidth: width)
            let layouter = Layouter(measuring: cs)
            _ = try MLPStepCircuit.layOut(step, chip, layouter, checkParameters: false)
            // The test's own loading of W, b, X and labels (one row per value) is not the step's.
            // Summed over every track, as if the regions were laid out one after another.
            let regions = layouter.assignment.regions.filter { $0.name != "load" }.map(\.rows.count).reduce(0, +)
            print("\(widths.map(String.init).joined(separator: "→")) batch 16, limbBits \(limbBits), range lanes \(lanes), product width \(width):",
                  "\(regions) rows, \(cs.adviceColumns) advice columns, \(cs.lookups.count) lookups")
            XCTAssertLessThan(regions, 1 << 17)
            var byName: [String: Int] = [:]
            for region in layouter.assignment.regions where region.name != "load" { byName[region.name, default: 0] += region.rows.count }
            print("  " + byName.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
    }
}
