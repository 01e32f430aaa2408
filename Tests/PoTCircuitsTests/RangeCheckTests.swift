import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// Public values checked against one range with 8-bit limbs in two lanes.
private struct Ranges: Circuit {
    enum Range { case bits(Int), signed(Int), below(UInt64) }

    let values: [Fr]
    let range: Range

    var instances: [[Fr]] { [values] }

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (RangeCheckChip, Column) {
        (try RangeCheckChip.configure(cs, limbBits: 8, lanes: 2), cs.instanceColumn())
    }

    func synthesize(_ config: (RangeCheckChip, Column), _ layouter: Layouter) throws(PlonkError) {
        let (chip, out) = config
        try chip.loadTable(layouter)
        let cells = try layouter.region("values", in: chip.track) { region throws(PlonkError) in
            var cells: [AssignedCell] = []
            for (i, v) in values.enumerated() { cells.append(try region.assignAdvice(chip.lanes[0].runningSum, i, v)) }
            return cells
        }
        switch range {
        case .bits(let bits): try chip.check(layouter, cells, bits: bits)
        case .signed(let bits): try chip.checkSigned(layouter, cells, bits: bits)
        case .below(let bound): try chip.checkBelow(layouter, cells, bound: bound)
        }
        for (i, cell) in cells.enumerated() { try layouter.constrainInstance(cell, out, row: i) }
    }
}

final class RangeCheckTests: XCTestCase {
    private func failure(_ values: [Fr], _ range: Ranges.Range) throws -> CheckFailure? {
        let circuit = Ranges(values: values, range: range)
        return try DebugChecker(circuit, k: 10, instances: circuit.instances).firstFailure
    }

    private func twoTo(_ n: Int) -> Fr { RangeCheckChip.powerOfTwo(n) }

    func testPowerOfTwoRangesAcceptTheirValues() throws {
        var rng = SeededRandom(seed: 0x7a6e)
        for bits in [1, 7, 8, 12, 16, 31, 64, 100, 200, 253] {
            // A random value below 2^bits: random field bits masked to `bits`.
            let random = Fr.random(using: &rng).canonical
            var masked = [UInt64](repeating: 0, count: 4)
            for i in 0..<bits { masked[i / 64] |= random[i / 64] & (1 << UInt64(i % 64)) }
            let values = [Fr.zero, .one, twoTo(bits) - .one, try Fr(canonical: masked)]
            XCTAssertNil(try failure(values, .bits(bits)), "\(bits) bits")
        }
    }

    func testPowerOfTwoRangesRejectValuesOutside() throws {
        for bits in [1, 7, 8, 12, 16, 31, 64, 100, 200, 253] {
            for x in [twoTo(bits), twoTo(bits) + .one, -Fr.one, -twoTo(bits - 1)] {
                // One bad value among good ones, in the second lane, is still found.
                XCTAssertNotNil(try failure([.zero, x, .one], .bits(bits)), "\(x) accepted below 2^\(bits)")
            }
        }
    }

    /// 2^12 with 8-bit limbs: limb_0 = 0 and the last limb 16 is in the table, every gate holds;
    /// only the shifted lookup (16·2^4 = 256) catches it.
    func testTheShortLastLimbIsCaughtByTheShiftedLookup() throws {
        guard case .lookup(let name, _, let values, _) = try failure([twoTo(12)], .bits(12)) else {
            return XCTFail("expected the shifted lookup")
        }
        XCTAssertEqual(name, "short limb 0 shifted in 0..<2^bits")
        XCTAssertEqual(values, [Fr(256)])
    }

    func testSignedRange() throws {
        let half = twoTo(30)
        XCTAssertNil(try failure([-half, half - .one, .zero, -Fr.one, Fr(12345), -Fr(12345)], .signed(31)))
        for x in [half, -half - .one, twoTo(31), Fr(1) - twoTo(252)] {
            XCTAssertNotNil(try failure([x], .signed(31)), "\(x) accepted as a 31-bit signed value")
        }
    }

    func testBoundsThatAreNotPowersOfTwo() throws {
        XCTAssertNil(try failure([0, 1, 998, 999], .below(1000)))
        XCTAssertNil(try failure([0], .below(1)))
        XCTAssertNil(try failure([0, Fr((1 << 36) - 1)], .below(1 << 36)))
        let d = UInt64(3) << 32  // B·2^32 for a batch of 3, the update's divisor
        XCTAssertNil(try failure([0, Fr(d - 1)], .below(d)))
        for (x, bound) in [(Fr(1000), UInt64(1000)), (Fr(1023), 1000), (Fr(1024), 1000), (-Fr.one, 1000), (Fr(1), 1),
                           (Fr(d), d), (Fr(1 << 36), 1 << 36)] {
            XCTAssertNotNil(try failure([x], .below(bound)), "\(x) accepted below \(bound)")
        }
    }

    /// In-range values prove and verify; out-of-range ones (r − 1, 2^bits) forced through the
    /// prover do not.
    func testProofsOfRanges() throws {
        let srs = SRS.insecure(k: 10, tau: Fr(0x2a17))
        let honest = Ranges(values: [0, 999, 5], range: .below(1000))
        let key = try ProvingKey(honest, k: 10, srs: srs, circuitName: "ranges")
        let proof = try Prover.prove(honest, instances: honest.instances, key: key, srs: srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: Ranges.self))
        for x in [-Fr.one, Fr(1000), Fr(1024)] {
            let bad = Ranges(values: [0, x, 5], range: .below(1000))
            XCTAssertNotNil(try DebugChecker(bad, k: 10, instances: bad.instances).firstFailure)
            let forced = try Prover.prove(bad, instances: bad.instances, key: key, srs: srs, threads: 2, progress: { _ in },
                                          requireSatisfied: false)
            XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: Ranges.self), "\(x) proved below 1000")
        }
    }
}
