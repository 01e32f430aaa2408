import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// A private seed and public step; the batch's example indices public. `split` chooses the
/// decomposition of each h (the canonical one for an honest prover).
private struct Schedule: Circuit {
    struct Config {
        let chip: ScheduleChip
        let out: Column
    }

    let seed: Fr
    let step: Int
    let batchSize: Int
    let datasetSize: Int
    let split: @Sendable (_ position: Int, _ h: Fr) -> ScheduleChip.Decomposition

    init(seed: Fr, step: Int, batchSize: Int, datasetSize: Int,
         split: @escaping @Sendable (Int, Fr) -> ScheduleChip.Decomposition = { _, _ in preconditionFailure() }) {
        (self.seed, self.step, self.batchSize, self.datasetSize, self.split) = (seed, step, batchSize, datasetSize, split)
    }

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let poseidon = try PoseidonChip.configure(cs)
        let range = try RangeCheckChip.configure(cs, limbBits: 8, lanes: 2)
        let advice = (0..<ScheduleChip.adviceColumns).map { _ in cs.adviceColumn() }
        return Config(chip: try ScheduleChip.configure(cs, poseidon: poseidon, range: range, advice: advice), out: cs.instanceColumn())
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let chip = config.chip
        try chip.range.loadTable(layouter)
        let (seedCell, stepCell) = try layouter.region("inputs") { region throws(PlonkError) in
            (try region.assignAdvice(chip.advice[0], 0, seed), try region.assignAdvice(chip.advice[1], 0, Fr(UInt64(step))))
        }
        try layouter.constrainInstance(stepCell, config.out, row: 0)
        let hashes = try (0..<batchSize).map { j throws(PlonkError) in
            try chip.hash(layouter, seed: seedCell, step: stepCell, position: j, batchSize: batchSize)
        }
        let indices = try chip.indices(layouter, hashes: hashes,
                                       decompositions: hashes.enumerated().map { split($0, $1.value) }, datasetSize: datasetSize)
        for (j, cell) in indices.enumerated() { try layouter.constrainInstance(cell, config.out, row: j + 1) }
    }
}

/// The same statement through `ScheduleChip.batch`, the honest prover's entry point.
private struct HonestSchedule: Circuit {
    let seed: Fr, step: Int, batchSize: Int, datasetSize: Int

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Schedule.Config { try Schedule.configure(cs) }

    func synthesize(_ config: Schedule.Config, _ layouter: Layouter) throws(PlonkError) {
        let chip = config.chip
        try chip.range.loadTable(layouter)
        let (seedCell, stepCell) = try layouter.region("inputs") { region throws(PlonkError) in
            (try region.assignAdvice(chip.advice[0], 0, seed), try region.assignAdvice(chip.advice[1], 0, Fr(UInt64(step))))
        }
        try layouter.constrainInstance(stepCell, config.out, row: 0)
        let indices = try chip.batch(layouter, seed: seedCell, step: stepCell, batchSize: batchSize, datasetSize: datasetSize)
        for (j, cell) in indices.enumerated() { try layouter.constrainInstance(cell, config.out, row: j + 1) }
    }
}

final class ScheduleGadgetTests: XCTestCase {
    private let seed = Fr("0x1d2c3b4a5968778695a4b3c2d1e0f0e1d2c3b4a5968778695a4b3c2d1e0f00")!
    private let (batchSize, datasetSize, step) = (3, 1797, 5)

    private func nativeInstances() -> [[Fr]] {
        [[Fr(UInt64(step))] + BatchSchedule.batch(seed: seed, step: step, batchSize: batchSize, datasetSize: datasetSize)
            .map { Fr(UInt64($0)) }]
    }

    private func hashes() -> [Fr] {
        (0..<batchSize).map { BatchSchedule.hash(seed: seed, step: step, position: $0, batchSize: batchSize) }
    }

    func testIndicesEqualTheNativeSchedule() throws {
        let circuit = HonestSchedule(seed: seed, step: step, batchSize: batchSize, datasetSize: datasetSize)
        let checker = try DebugChecker(circuit, k: 9, instances: nativeInstances())
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        try GadgetProofs.proveAndVerify(circuit, k: 9, instances: nativeInstances(), "schedule")
        // Another step is another batch.
        var wrongStep = nativeInstances()
        wrongStep[0][0] = Fr(UInt64(step + 1))
        XCTAssertNotNil(try DebugChecker(circuit, k: 9, instances: wrongStep).firstFailure)
        // A power-of-two dataset size takes the one-check bound.
        let small = HonestSchedule(seed: seed, step: 0, batchSize: 2, datasetSize: 8)
        let expected = [[Fr.zero] + BatchSchedule.batch(seed: seed, step: 0, batchSize: 2, datasetSize: 8).map { Fr(UInt64($0)) }]
        XCTAssertTrue(try DebugChecker(small, k: 9, instances: expected).isSatisfied)
    }

    /// The bound on hi is ⌊r/2^64⌋, a 190-bit number.
    func testTheHighBoundIsTheQuotientOfR() {
        XCTAssertEqual(ScheduleChip.highBits, 190)
        XCTAssertEqual(ScheduleChip.highBound.canonical, [Fr.modulus[1], Fr.modulus[2], Fr.modulus[3], 0])
    }

    /// `h + r = hi'·2^64 + lo'` satisfies both equations in the field; `hi' ≥ ⌊r/2^64⌋` must fail.
    func testTheNonCanonicalSplitIsRejected() throws {
        let n = datasetSize
        let aliases: [ScheduleChip.Decomposition] = hashes().map { h in
            var sum = [UInt64](repeating: 0, count: 4)
            var carry = false
            for i in 0..<4 {
                let (a, o1) = h.canonical[i].addingReportingOverflow(Fr.modulus[i])
                let (b, o2) = a.addingReportingOverflow(carry ? 1 : 0)
                (sum[i], carry) = (b, o1 || o2)
            }
            let low = sum[0]
            return ScheduleChip.Decomposition(high: try! Fr(canonical: [sum[1], sum[2], sum[3], 0]), low: Fr(low),
                                              quotient: Fr(low / UInt64(n)), index: Fr(low % UInt64(n)))
        }
        let claimed = [[Fr(UInt64(step))] + aliases.map(\.index)]
        XCTAssertNotEqual(claimed, nativeInstances(), "the alias picks other examples")
        let circuit = Schedule(seed: seed, step: step, batchSize: batchSize, datasetSize: n) { j, _ in aliases[j] }
        try GadgetProofs.assertRejected(circuit, k: 9, instances: claimed, "h + r split", expect: \.isRangeCheck)
    }

    /// `lo = (q − 1)·N + (idx + N)`: the equation holds, `idx < N` does not.
    func testAnIndexOfNOrMoreIsRejected() throws {
        let n = UInt64(datasetSize)
        let shifted: [ScheduleChip.Decomposition] = hashes().map { h in
            let low = h.canonical[0]
            precondition(low / n >= 1)
            return ScheduleChip.Decomposition(high: ScheduleChip.Decomposition(canonical: h, datasetSize: datasetSize).high,
                                              low: Fr(low), quotient: Fr(low / n - 1), index: Fr(low % n + n))
        }
        let circuit = Schedule(seed: seed, step: step, batchSize: batchSize, datasetSize: datasetSize) { j, _ in shifted[j] }
        try GadgetProofs.assertRejected(circuit, k: 9, instances: [[Fr(UInt64(step))] + shifted.map(\.index)], "idx ≥ N",
                                        expect: \.isRangeCheck)
    }

    /// Any idx < N satisfies `lo = q·N + idx` in the field with `q = (lo − idx)/N`; `q < 2^64` must fail.
    func testAWrappingQuotientIsRejected() throws {
        let n = UInt64(datasetSize)
        let chosen: [ScheduleChip.Decomposition] = hashes().map { h in
            let honest = ScheduleChip.Decomposition(canonical: h, datasetSize: datasetSize)
            let index = Fr((h.canonical[0] % n + 1) % n)
            return ScheduleChip.Decomposition(high: honest.high, low: honest.low,
                                              quotient: (honest.low - index) * Fr(n).inverse!, index: index)
        }
        let circuit = Schedule(seed: seed, step: step, batchSize: batchSize, datasetSize: datasetSize) { j, _ in chosen[j] }
        try GadgetProofs.assertRejected(circuit, k: 9, instances: [[Fr(UInt64(step))] + chosen.map(\.index)], "chosen index",
                                        expect: \.isRangeCheck)
    }
}
