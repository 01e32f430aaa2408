import XCTest
import PoTAlgebra
@testable import PoTPlonk
@testable import PoTCircuits

/// x·y + z with a public result.
private struct MulAdd: Circuit {
    let x: Fr, y: Fr, z: Fr

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (ArithmeticChip, Column) {
        (try ArithmeticChip.configure(cs), cs.instanceColumn())
    }

    func synthesize(_ config: (ArithmeticChip, Column), _ layouter: Layouter) throws(PlonkError) {
        let (chip, out) = config
        let cells = try [x, y, z].map { v throws(PlonkError) in try chip.load(layouter, v) }
        try layouter.constrainInstance(try chip.mulAdd(layouter, cells[0], cells[1], cells[2]), out, row: 0)
    }
}

/// x < 2^16 as four 4-bit limbs.
private struct Range16: Circuit {
    let x: Fr

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (ArithmeticChip, RangeCheckChip) {
        (try ArithmeticChip.configure(cs), try RangeCheckChip.configure(cs, limbBits: 4))
    }

    func synthesize(_ config: (ArithmeticChip, RangeCheckChip), _ layouter: Layouter) throws(PlonkError) {
        let (arithmetic, range) = config
        try range.loadTable(layouter)
        try range.check(layouter, try arithmetic.load(layouter, x), bits: 16)
    }
}

/// Poseidon(a, b) with a public result.
private struct PoseidonHash: Circuit {
    let a: Fr, b: Fr

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (ArithmeticChip, PoseidonChip, Column) {
        (try ArithmeticChip.configure(cs), try PoseidonChip.configure(cs), cs.instanceColumn())
    }

    func synthesize(_ config: (ArithmeticChip, PoseidonChip, Column), _ layouter: Layouter) throws(PlonkError) {
        let (arithmetic, poseidon, out) = config
        let h = try poseidon.hash(layouter, try arithmetic.load(layouter, a), try arithmetic.load(layouter, b))
        try layouter.constrainInstance(h, out, row: 0)
    }
}

final class GadgetTests: XCTestCase {
    func testArithmetic() throws {
        XCTAssertTrue(try DebugChecker(MulAdd(x: 3, y: 4, z: 5), k: 4, instances: [[17]]).isSatisfied)
        let wrong = try DebugChecker(MulAdd(x: 3, y: 4, z: 5), k: 4, instances: [[18]])
        guard case .instance(_, _, let expected, let actual) = wrong.firstFailure else {
            return XCTFail("expected an instance mismatch, got \(String(describing: wrong.firstFailure))")
        }
        XCTAssertEqual([expected, actual], [18, 17])
    }

    func testRangeCheckAcceptsTheRange() throws {
        for x: Fr in [0, 1, 0x1234, 0xFFFF] {
            let checker = try DebugChecker(Range16(x: x), k: 6, instances: [])
            XCTAssertTrue(checker.isSatisfied, "\(x): \(checker.allFailures)")
        }
    }

    func testRangeCheckRejectsValuesOutside() throws {
        for x in [Fr(0x10000), Fr(0x12345), -Fr.one] {
            let checker = try DebugChecker(Range16(x: x), k: 6, instances: [])
            guard case .gate(let gate, _, _, let region) = checker.firstFailure else {
                return XCTFail("\(x): expected the range end gate, got \(String(describing: checker.firstFailure))")
            }
            XCTAssertEqual(gate, "range end 0")
            XCTAssertEqual(region, "range check 16 bits")
        }
    }

    func testRangeCheckLimbsAreLookedUp() throws {
        let cs = ConstraintSystem()
        let chip = try RangeCheckChip.configure(cs, limbBits: 4)
        XCTAssertEqual(cs.lookups.map(\.name), ["limb 0 in 0..<2^bits", "short limb 0 shifted in 0..<2^bits"])
        XCTAssertEqual(cs.lookups.map(\.table), [[chip.table], [chip.table]])
        XCTAssertEqual(RangeCheckChip.bits([0xABCD, 0, 0, 0], from: 4, count: 8), 0xBC)
    }

    func testPoseidonGadgetMatchesNative() throws {
        var rng = SeededRandom(seed: 9)
        for (a, b) in [(Fr(1), Fr(2)), (Fr(0), Fr(0)), (Fr.random(using: &rng), Fr.random(using: &rng))] {
            let checker = try DebugChecker(PoseidonHash(a: a, b: b), k: 7, instances: [[Poseidon.hash(a, b)]])
            XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        }
    }

    func testPoseidonGadgetRejectsAnotherDigest() throws {
        let checker = try DebugChecker(PoseidonHash(a: 1, b: 2), k: 7, instances: [[Poseidon.hash(2, 1)]])
        guard case .instance = checker.firstFailure else {
            return XCTFail("expected an instance mismatch, got \(String(describing: checker.firstFailure))")
        }
    }

    func testPoseidonGadgetDegreeAndRows() throws {
        let cs = ConstraintSystem()
        _ = try PoseidonChip.configure(cs)
        XCTAssertEqual(cs.gates.map(\.degree).max(), 4)
        XCTAssertEqual(cs.fixedColumns, 3, "one constant per element in full rounds, per round in partial rows")
    }

    /// The plain round function over the folded constants is still circomlib's permutation,
    /// and partial rounds keep a constant for element 0 only.
    func testFoldedConstantsKeepThePermutation() {
        var rng = SeededRandom(seed: 0xf01d)
        for _ in 0..<4 {
            let input = (0..<3).map { _ in Fr.random(using: &rng) }
            var state = input
            for (r, constants) in PoseidonChip.foldedConstants.enumerated() {
                if !Poseidon.isFullRound(r) { XCTAssertEqual(constants[1...], [.zero, .zero], "round \(r)") }
                state = zip(state, constants).map(+)
                state = state.enumerated().map { i, x in i == 0 || Poseidon.isFullRound(r) ? x * x.squared.squared : x }
                state = Poseidon.mds.map { row in zip(row, state).map(*).reduce(Fr.zero, +) }
            }
            XCTAssertEqual(state, Poseidon.permute(input))
        }
    }
}

/// Single wrong cells in the Poseidon region are named by gate and row.
final class PoseidonGadgetTamperTests: XCTestCase {
    /// The hash region's first row in the last `failure` call's layout.
    private var start = 0

    private func failure(tamper: (inout Assignment, PoseidonChip, Int) -> Void) throws -> CheckFailure? {
        let cs = ConstraintSystem()
        let (arithmetic, poseidon, out) = try PoseidonHash.configure(cs)
        let layouter = Layouter(cs: cs, k: 7)
        try PoseidonHash(a: 1, b: 2).synthesize((arithmetic, poseidon, out), layouter)
        var assignment = layouter.assignment
        start = assignment.regions.first { $0.name == "poseidon" }!.rows.lowerBound
        tamper(&assignment, poseidon, start)
        return try DebugChecker(cs: cs, assignment: assignment, instances: [[Poseidon.hash(1, 2)]]).firstFailure
    }

    func testUntamperedIsSatisfied() throws {
        XCTAssertNil(try failure { _, _, _ in })
    }

    func testWrongSquareInAFullRound() throws {
        let f = try failure { a, chip, start in a.advice[chip.work[1].index][start + 2] += 1 }
        XCTAssertEqual(f, .gate(gate: "poseidon full round", constraint: "u1 = (s1 + c1)^2", row: start + 2, region: "poseidon"))
    }

    func testWrongSquareInAPartialRound() throws {
        let f = try failure { a, chip, start in a.advice[chip.work[2].index][start + 10] += 1 }
        XCTAssertEqual(f, .gate(gate: "poseidon partial rounds", constraint: "u_b = (s0 + c0)^2", row: start + 10, region: "poseidon"))
    }

    func testWrongIntermediateFirstElement() throws {
        let f = try failure { a, chip, start in a.advice[chip.work[3].index][start + 12] += 1 }
        XCTAssertEqual(f, .gate(gate: "poseidon partial rounds", constraint: "s0 after b", row: start + 12, region: "poseidon"))
    }

    func testWrongStateIsCaughtByThePreviousRow() throws {
        let f = try failure { a, chip, start in a.advice[chip.state[2].index][start + 15] += 1 }
        XCTAssertEqual(f, .gate(gate: "poseidon partial rounds", constraint: "s2' = (M·sbox)2", row: start + 14, region: "poseidon"))
    }

    func testEveryHashTakesRowsPerHash() throws {
        let cs = ConstraintSystem()
        let (arithmetic, poseidon, out) = try PoseidonHash.configure(cs)
        let layouter = Layouter(cs: cs, k: 7)
        try PoseidonHash(a: 1, b: 2).synthesize((arithmetic, poseidon, out), layouter)
        let rows = layouter.assignment.regions.first { $0.name == "poseidon" }!.rows
        XCTAssertEqual(rows.count, PoseidonChip.rowsPerHash)
        XCTAssertEqual(PoseidonChip.rowsPerHash, 28)
    }

    func testNonzeroCapacityIsCaught() throws {
        let f = try failure { a, chip, start in a.advice[chip.state[0].index][start] = 1 }
        XCTAssertEqual(f, .gate(gate: "poseidon start", constraint: "capacity is zero", row: start, region: "poseidon"))
    }
}
