import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// Each fixed-point gadget against independent integer arithmetic, and single wrong cells of
/// its witness rejected by the debug checker.
final class FixedPointGadgetTests: XCTestCase {
    private let one = 1 << 16

    /// Values spread over the range, both signs, with the extremes.
    private func values(_ count: Int, seed: UInt64, magnitude: Int = 1 << 30) -> [Int] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in Int(rng.next() % UInt64(2 * magnitude)) - magnitude }
    }

    private func load(_ chip: FixedPointChip, _ layouter: Layouter, _ values: [Int]) throws(PlonkError) -> [AssignedCell] {
        try chip.load(layouter, values.map(Int64.init))
    }

    func testExpTableMatchesPython() {
        // From Python 3: T = [math.floor(65536*math.exp(-q/256) + 0.5) for q in range(4096)] + [0],
        // then sum(T), sum(q*T[q]), sum(q*q*T[q]) and a few entries.
        let t = ExpTable.entries.map(Int.init)
        XCTAssertEqual(t.count, 4097)
        XCTAssertEqual(t.reduce(0, +), 16_809_922)
        XCTAssertEqual(t.enumerated().reduce(0) { $0 + $1.0 * $1.1 }, 4_294_674_724)
        XCTAssertEqual(t.enumerated().reduce(0) { $0 + $1.0 * $1.0 * $1.1 }, 2_198_015_873_604)
        XCTAssertEqual([0, 1, 2, 100, 255, 256, 511, 1000, 2047, 3000, 4096].map { t[$0] },
                       [65536, 65280, 65026, 44344, 24204, 24109, 8904, 1318, 22, 1, 0])
        // No entry is a near tie, so every correctly rounded exp gives the same table
        // (Python's closest distance to a half-integer is 0.000187).
        let closest = (0..<4096).map { q in abs(ExpTable.unrounded(q) - ExpTable.unrounded(q).rounded(.down) - 0.5) }.min()!
        XCTAssertGreaterThan(closest, 1e-4)
    }

    func testMulRescale() throws {
        let a = [3 * one, -3 * one, 1, -1, one / 2, (1 << 30) - 1, -(1 << 30)] + values(20, seed: 1, magnitude: 1 << 23)
        let b = [-5 * one / 2, -5 * one / 2, 1, 1, -1, one / 2, one / 4] + values(20, seed: 2, magnitude: 1 << 22)
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            try chip.mulRescale(layouter, try self.load(chip, layouter, a), try self.load(chip, layouter, b))
        }
        XCTAssertNil(try h.failure())
        XCTAssertEqual(h.outputs.integers, zip(a, b).map { floorDiv($0 * $1, one) })
        XCTAssertEqual(h.outputs.integers.prefix(4), [-7 * one - one / 2, 7 * one + one / 2, 0, -1])
        XCTAssertEqual(zip(a, b).map { Int(FixedPoint.mulRescale(Int64($0), Int64($1))) }, h.outputs.integers)
    }

    func testMulRescaleOverflowIsAConstraintFailure() throws {
        // 2^15 · 2^15 / 2^16 = 2^14 is a value; (2^30 − 1)·2^17 / 2^16 is not.
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            try chip.mulRescale(layouter, try self.load(chip, layouter, [1 << 15, (1 << 30) - 1]),
                                try self.load(chip, layouter, [1 << 15, 1 << 17]))
        }
        // The 8-bit limbs of 2^31 + 2^30 fit every gate; the short last limb's lookup refuses it.
        guard case .lookup(let lookup, _, _, let region) = try h.failure() else { return XCTFail("overflow accepted") }
        XCTAssertEqual(lookup, "short limb 1 shifted in 0..<2^bits")  // the second cell, in lane 1
        XCTAssertEqual(region, "range check 31 bits")
    }

    func testWrongRemaindersAreRejected() throws {
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            try chip.mulRescale(layouter, try self.load(chip, layouter, [5 * self.one, -7]), try self.load(chip, layouter, [3, 11]))
        }
        // z − 1 with rem + 2^16 satisfies the gate; the remainder's range check refuses it.
        let failure = try h.failure { a, chip in
            let row = a.start(of: "mul rescale")
            a.advice[chip.v[2].index][row] -= .one
            a.advice[chip.v[3].index][row] += Fr(UInt64(1 << 16))
        }
        XCTAssertNotNil(failure)
        // rem + 1 alone breaks the gate (entry 1 is the right half of row 0: rem in v7).
        let gate = try h.failure { a, chip in a.advice[chip.v[7].index][a.start(of: "mul rescale")] += .one }
        guard case .gate("mul rescale", "a·b = 2^16·z + rem (right)", _, _) = gate else { return XCTFail("\(String(describing: gate))") }
    }

    func testDot() throws {
        let a = values(9, seed: 3, magnitude: 1 << 20), b = values(9, seed: 4, magnitude: 1 << 21)
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            [try chip.dot(layouter, try self.load(chip, layouter, a), try self.load(chip, layouter, b))]
        }
        XCTAssertNil(try h.failure())
        let exact = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(h.outputs.integers, [floorDiv(exact, one)])
        // One rescale of the exact sum, not a sum of rescaled products.
        XCTAssertNotEqual(floorDiv(exact, one), zip(a, b).reduce(0) { $0 + floorDiv($1.0 * $1.1, one) })
        XCTAssertEqual(Int(FixedPoint.dot(a.map(Int64.init), b.map(Int64.init))), floorDiv(exact, one))
    }

    func testFloorDivisionByAConstant() throws {
        let a = [0, 1, -1, 7, -7, 1 << 29, -(1 << 29)] + values(10, seed: 5, magnitude: 1 << 29)
        for (d, c) in [(UInt64(1), 1), (3, 1), (UInt64(3) << 32, 1 << 16), (1000, -5), (1 << 16, 1)] {
            let h = FixedPointHarness { chip, layouter throws(PlonkError) in
                try chip.divideFloor(layouter, try self.load(chip, layouter, a), by: d, multiplier: Int64(c))
            }
            XCTAssertNil(try h.failure(), "D = \(d)")
            XCTAssertEqual(h.outputs.integers, a.map { floorDiv(c * $0, Int(d)) }, "D = \(d), c = \(c)")
        }
        // A remainder equal to D (quotient one less) passes the gate and fails the range check.
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            try chip.divideFloor(layouter, try self.load(chip, layouter, [1000]), by: 3)
        }
        XCTAssertNotNil(try h.failure { a, chip in
            let row = a.start(of: "floor division")
            a.advice[chip.v[1].index][row] -= .one
            a.advice[chip.v[2].index][row] += Fr(3)
        })
    }

    func testSGDUpdate() throws {
        let w = values(12, seed: 6, magnitude: 1 << 20), g = values(12, seed: 7, magnitude: 1 << 40)
        let eta = one / 10, d = UInt64(3) << 32
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let gradients = try layouter.region("gradients") { region throws(PlonkError) in
                var cells: [AssignedCell] = []
                for (i, x) in g.enumerated() { cells.append(try region.assignAdvice(chip.v[1], i, field(x))) }
                return cells
            }
            return try chip.sgdUpdate(layouter, parameters: try self.load(chip, layouter, w), gradients: gradients,
                                      learningRate: Int64(eta), divisor: d)
        }
        XCTAssertNil(try h.failure())
        XCTAssertEqual(h.outputs.integers, zip(w, g).map { $0 - floorDiv(eta * $1, Int(d)) })
        // A wrong updated weight (entry 4: row 2, left half) breaks the update gate.
        let failure = try h.failure { a, chip in a.advice[chip.v[2].index][a.start(of: "sgd update") + 2] += .one }
        guard case .gate("sgd update", _, _, _) = failure else { return XCTFail("\(String(describing: failure))") }
    }

    /// Why W' must be range-checked (by the step, or by the packing of the committed weights):
    /// with a remainder one off, the update gate and the remainder's range check hold for
    /// W' = W − (η·g − rem')/D, a field element that is no integer. Only W''s check refuses it.
    func testAnUpdateWithoutItsOutputCheckAdmitsAFractionalWeight() throws {
        let (w, g, eta, d) = (1000, 12345, 6554, UInt64(3) << 32)
        for checkOutput in [false, true] {
            let h = FixedPointHarness { chip, layouter throws(PlonkError) in
                let cells = try self.load(chip, layouter, [w, g])
                let (updated, rem) = try layouter.region("cheating update") { region throws(PlonkError) in
                    try region.enable(chip.division.update, 0)
                    for column in chip.v[4..<8] { try region.assignAdvice(column, 0, .zero) }  // the row's right half
                    try region.assignFixed(chip.k[0], 0, Fr(d))
                    try region.assignFixed(chip.k[1], 0, field(eta))
                    try region.copy(cells[0], to: chip.v[0], 0)
                    try region.copy(cells[1], to: chip.v[1], 0)
                    let rem = eta * g % Int(d) + 1  // the honest remainder is η·g mod D
                    let updated = field(w) - (field(eta * g) - field(rem)) * Fr(d).inverse!
                    return (try region.assignAdvice(chip.v[2], 0, updated), try region.assignAdvice(chip.v[3], 0, field(rem)))
                }
                try chip.range.checkBelow(layouter, [rem], bound: d)
                if checkOutput { try chip.checkValues(layouter, [updated]) }
                return []
            }
            if checkOutput {
                XCTAssertNotNil(try h.failure())
            } else {
                XCTAssertNil(try h.failure())
            }
        }
    }

    func testReLUAndMask() throws {
        let z = [0, 1, -1, (1 << 30) - 1, -(1 << 30), 5 * one, -5 * one] + values(10, seed: 8)
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let (h, mask) = try chip.relu(layouter, try self.load(chip, layouter, z))
            return h + mask
        }
        XCTAssertNil(try h.failure())
        XCTAssertEqual(h.outputs.integers, z.map { $0 > 0 ? $0 : 0 } + z.map { $0 > 0 ? 1 : 0 })
        XCTAssertEqual(z.map { Int(FixedPoint.relu(Int64($0))) + Int(FixedPoint.mask(Int64($0))) },
                       z.map { $0 > 0 ? $0 + 1 : 0 })
    }

    func testWrongMasksAreRejected() throws {
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let (h, mask) = try chip.relu(layouter, try self.load(chip, layouter, [-3, 0, 4]))
            return h + mask
        }
        // Entry 0 (z = −3) claims m = 1, h = z and t = z − 1 = −4: t's range check fails.
        // Entry 1 (z = 0) claims m = 1, h = 0, t = −1. Entry 2 (z = 4) claims m = 0, h = 0, t = −4.
        for (entry, t) in [(0, -4), (1, -1), (2, -4)] {
            let failure = try h.failure { a, chip in
                // Two entries per row: entry e on row e/2, in v0…v3 or v4…v7.
                let (r, c) = (a.start(of: "relu") + entry / 2, chip.v[4 * (entry % 2)..<4 * (entry % 2) + 4].map(\.index))
                let z = a.advice[c[0]][r]
                let m = a.advice[c[1]][r]
                a.advice[c[1]][r] = .one - m
                a.advice[c[2]][r] = m.isZero ? z : .zero
                a.advice[c[3]][r] = field(t)
            }
            XCTAssertNotNil(failure, "entry \(entry)")
            if case .gate(let gate, _, _, _) = failure, gate.hasPrefix("relu") {
                XCTFail("entry \(entry): the relu gate should hold, the range check fail")
            }
        }
    }

    func testExp() throws {
        // d = m − z over the table's range, the saturation at q = 4096 and past it.
        let ds = [0, 1, 255, 256, 257, 100_000, 16 * one - 1, 16 * one, 16 * one + 300, (1 << 30) - 1 - 5]
        let m = 5
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let cells = try self.load(chip, layouter, [m] + ds.map { m - $0 })
            return try chip.exp(layouter, max: cells[0], Array(cells.dropFirst()))
        }
        XCTAssertNil(try h.failure())
        let table = ExpTable.entries.map(Int.init)
        XCTAssertEqual(h.outputs.integers, ds.map { table[min($0 / 256, 4096)] })
        XCTAssertEqual(h.outputs.integers.prefix(5), [65536, 65536, 65536, 65280, 65280])
    }

    func testExpRejectsDifferencesThatAreNotValues() throws {
        // m − z = 2^30 is not a value (and z > m is negative).
        for (m, z) in [((1 << 29), -(1 << 29)), (0, 1)] {
            let h = FixedPointHarness { chip, layouter throws(PlonkError) in
                let cells = try self.load(chip, layouter, [m, z])
                return try chip.exp(layouter, max: cells[0], [cells[1]])
            }
            XCTAssertNotNil(try h.failure(), "m = \(m), z = \(z)")
        }
    }

    func testWrongExpEntriesAreRejected() throws {
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let cells = try self.load(chip, layouter, [0, -300, -(20 * self.one)])
            return try chip.exp(layouter, max: cells[0], Array(cells.dropFirst()))
        }
        // Rows: d = 300 (q = 1) and d = 20·2^16 (q = 5120, saturated).
        // e + 1; the saturation flag set for q = 1 (u = 1 − 4097 fails its range check).
        let wrongEntry = try h.failure { a, chip in a.advice[chip.v[7].index][a.start(of: "exp")] += .one }
        guard case .lookup("(qc + 1, e) in the exp table", _, _, _) = wrongEntry else { return XCTFail("\(String(describing: wrongEntry))") }
        let wrongFlag = try h.failure { a, chip in
            let r = a.start(of: "exp")
            a.advice[chip.v[4].index][r] = .one
            a.advice[chip.v[5].index][r] = Fr(1) - Fr(4097)
            a.advice[chip.v[6].index][r] = Fr(4096)
            a.advice[chip.v[7].index][r] = .zero
        }
        XCTAssertNotNil(wrongFlag)
        // The saturated row (q = 5120) claiming c = 0 and T[5120] does not exist in the table.
        let unsaturated = try h.failure { a, chip in
            let r = a.start(of: "exp") + 1
            a.advice[chip.v[4].index][r] = .zero
            a.advice[chip.v[5].index][r] = .zero
            a.advice[chip.v[6].index][r] = a.advice[chip.v[2].index][r]
        }
        guard case .lookup = unsaturated else { return XCTFail("\(String(describing: unsaturated))") }
    }

    /// An independent softmax cross-entropy gradient on Swift integers.
    private func gradient(_ z: [Int], _ y: Int) -> [Int] {
        let table = ExpTable.entries.map(Int.init)
        let m = z.max()!
        let e = z.map { table[min((m - $0) / 256, 4096)] }
        let s = e.reduce(0, +)
        return e.enumerated().map { j, ej in ej * one / s - (j == y ? one : 0) }
    }

    func testSoftmaxGradient() throws {
        let logits = [[one, -one, 0, 3 * one / 2], [0, 0, 0, 0], [20 * one, -20 * one, 5, 20 * one],
                      values(4, seed: 9, magnitude: 1 << 18)]
        let labels = [3, 0, 2, 1]
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let z = try logits.map { row throws(PlonkError) in try self.load(chip, layouter, row) }
            let y = try self.load(chip, layouter, labels)
            return try chip.softmaxGradient(layouter, logits: z, labels: y).flatMap { $0 }
        }
        XCTAssertNil(try h.failure())
        let expected = zip(logits, labels).flatMap { gradient($0, $1) }
        XCTAssertEqual(h.outputs.integers, expected)
        XCTAssertEqual(zip(logits, labels).flatMap { z, y in FixedPoint.softmaxGradient(z.map(Int64.init), label: y).map(Int.init) },
                       expected)
    }

    func testSoftmaxRejectsWrongWitnesses() throws {
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let z = [try self.load(chip, layouter, [self.one, -self.one, 0])]
            return try chip.softmaxGradient(layouter, logits: z, labels: try self.load(chip, layouter, [2])).flatMap { $0 }
        }
        // A label outside 0..<3 has no one-hot row.
        let badLabel = FixedPointHarness { chip, layouter throws(PlonkError) in
            let z = [try self.load(chip, layouter, [self.one, -self.one, 0])]
            return try chip.softmaxGradient(layouter, logits: z, labels: try self.load(chip, layouter, [3])).flatMap { $0 }
        }
        XCTAssertNotNil(try badLabel.failure())
        // A larger max (m + 1 on every chain and exp row): Π (m − z) is no longer 0.
        let wrongMax = try h.failure { a, chip in
            for name in ["softmax chain", "exp"] {
                let r = a.start(of: name)
                for j in 0..<3 { a.advice[chip.v[0].index][r + j] += .one }
            }
        }
        XCTAssertNotNil(wrongMax)
        // A smaller max (the second logit): m − z < 0 for the first, which the exp rows refuse.
        let smallerMax = try h.failure { a, chip in
            for name in ["softmax chain", "exp"] {
                let r = a.start(of: name)
                for j in 0..<3 { a.advice[chip.v[0].index][r + j] = -Fr(UInt64(self.one)) }
            }
        }
        XCTAssertNotNil(smallerMax)
        // A probability one too high, with the remainder lowered to match: t2 or rem leaves its range.
        let wrongProbability = try h.failure { a, chip in
            let r = a.start(of: "probability and gradient")
            a.advice[chip.v[2].index][r] += .one
            a.advice[chip.v[3].index][r] -= a.advice[chip.v[1].index][r]
            a.advice[chip.v[4].index][r] += a.advice[chip.v[1].index][r]
            a.advice[chip.v[6].index][r] += .one
        }
        XCTAssertNotNil(wrongProbability)
    }

    func testMatrixProduct() throws {
        let (m, p, q) = (3, 5, 6)
        let a = (0..<m).map { i in values(p, seed: 10 + UInt64(i)) }, b = (0..<p).map { k in values(q, seed: 20 + UInt64(k)) }
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let ac = try a.map { row throws(PlonkError) in try self.load(chip, layouter, row) }
            let bc = try b.map { row throws(PlonkError) in try self.load(chip, layouter, row) }
            return try chip.product.multiply(layouter, ac, bc).flatMap { $0 }
        }
        XCTAssertNil(try h.failure())
        // Exact: |entries| < 5·2^60 fits neither Int64 nor needs more than Int128.
        let expected = (0..<m).flatMap { i in (0..<q).map { j in (0..<p).reduce(Int128(0)) { $0 + Int128(a[i][$1]) * Int128(b[$1][j]) } } }
        XCTAssertEqual(h.outputs.cells.map { FixedPoint.integer($0.value)! }, expected)
        // One wrong entry of C: C·r ≠ A·(B·r) for the challenge.
        let failure = try h.failure { a, chip in a.advice[chip.v[1].index][a.start(of: "C·r") + 1] += .one }
        XCTAssertNotNil(failure)
    }
}

/// Gadget witnesses with one wrong cell, forced through the prover: none verifies.
final class FixedPointProofTests: XCTestCase {
    func testForcedProofsOfWrongGadgetWitnessesAreRejected() throws {
        let srs = SRS.insecure(k: FixedPointHarness.k, tau: Fr(0xf1fed))
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let cells = try chip.load(layouter, [3 << 16, -7, 0, -300])
            let z = try chip.mulRescale(layouter, [cells[0]], [cells[1]])
            let e = try chip.exp(layouter, max: cells[2], [cells[3]])
            let p = try chip.product.multiply(layouter, [[cells[0], cells[1]]], [[cells[1]], [cells[3]]])
            return z + e + p.flatMap { $0 }
        }
        let key = try ProvingKey(h, k: FixedPointHarness.k, srs: srs, circuitName: "fixed-point gadgets")
        let honest = try Prover.prove(h, instances: [], key: key, srs: srs)
        XCTAssertNoThrow(try Verifier.verify(honest, key: key.vk, circuit: FixedPointHarness.self))

        let (_, chip) = try FixedPointHarness.configured()
        let synthesis = try Synthesis(h, k: FixedPointHarness.k)
        let row = { (name: String) in synthesis.assignment.start(of: name) }
        let tampers: [(String, (inout [[Fr]]) -> Void)] = [
            // z − 1 and rem + 2^16: the gate holds, the remainder leaves its range.
            ("wrong remainder", { a in
                a[chip.v[2].index][row("mul rescale")] -= .one
                a[chip.v[3].index][row("mul rescale")] += Fr(UInt64(1 << 16))
            }),
            ("wrong exp entry", { a in a[chip.v[7].index][row("exp")] += .one }),
            ("wrong product entry", { a in a[chip.v[3].index][row("C·r")] += .one }),  // C_00 is the chain's x_3
        ]
        for (what, tamper) in tampers {
            let forced = try Prover.prove(h, instances: [], key: key, srs: srs, threads: 2, progress: { _ in },
                                          requireSatisfied: false, tamper: tamper)
            XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: FixedPointHarness.self), "\(what) accepted")
        }
    }

    /// C' = C + Δ with Δ·r = 0 for one ρ0 (Δ_00 = ρ0, Δ_01 = −1), its second phase computed for
    /// ρ0: the debug checker accepts it under ρ0, the verifier (whose ρ comes from the
    /// transcript) does not.
    func testAProductRightForOneChallengeOnlyIsRejected() throws {
        let srs = SRS.insecure(k: FixedPointHarness.k, tau: Fr(0xf1fee))
        let a = [[1, 2, 3], [4, 5, 6]], b = [[1, -1], [2, 0], [-3, 5]]
        let h = FixedPointHarness { chip, layouter throws(PlonkError) in
            let ac = try a.map { row throws(PlonkError) in try chip.load(layouter, row.map(Int64.init)) }
            let bc = try b.map { row throws(PlonkError) in try chip.load(layouter, row.map(Int64.init)) }
            return try chip.product.multiply(layouter, ac, bc).flatMap { $0 }
        }
        let (_, chip) = try FixedPointHarness.configured()
        let rho0 = Fr(0x1234_5678)
        let cheat = try Synthesis(h, k: FixedPointHarness.k, challenges: [rho0])
        let row = cheat.assignment.start(of: "C·r")
        let secondPhase = (chip.product.y + [chip.product.acc]).map(\.index)
        // C's row 0 is one chain row: C_00 in x_3 (ρ^0), C_01 in x_2 (ρ^1).
        let tamper = { (advice: inout [[Fr]]) in
            advice[chip.v[3].index][row] += rho0
            advice[chip.v[2].index][row] -= .one
            for c in secondPhase { advice[c] = cheat.assignment.advice[c] }
        }
        var assignment = cheat.assignment
        tamper(&assignment.advice)
        XCTAssertNil(try DebugChecker(cs: cheat.cs, assignment: assignment, instances: [], challenges: [rho0]).firstFailure)
        let key = try ProvingKey(h, k: FixedPointHarness.k, srs: srs, circuitName: "freivalds")
        let forced = try Prover.prove(h, instances: [], key: key, srs: srs, threads: 2, progress: { _ in },
                                      requireSatisfied: false, tamper: tamper)
        XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: FixedPointHarness.self))
    }
}
