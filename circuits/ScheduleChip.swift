import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// `BatchSchedule` in the circuit (docs/training.md, "Schedule"): the example at position j of
/// step t's batch is `idx = (h mod 2^64) mod N` with `h = H(s, t·B + j)`, t a cell (the public
/// step) and s the seed cell.
///
/// Two rows per position besides the hash, over five advice columns `a0 … a4` and two fixed
/// columns `f0`, `f1`:
///   counter row:  a1 = a0·f0 + f1              (counter = t·B + j)
///   split row:    a0 = a1·2^64 + a2            (h = hi·2^64 + lo)
///                 a2 = a3·f0 + a4              (lo = q·N + idx)
/// with `lo, q < 2^64`, `hi < ⌊r/2^64⌋` and `idx < N` range-checked. `hi·2^64 + lo < r` makes the
/// split the canonical one (no alias `h + r`), and `q·N + idx < 2^64·N + N < r` makes `q` and
/// `idx` the integer quotient and remainder, so the trainer has no choice of index.
public struct ScheduleChip {
    public let poseidon: PoseidonChip
    public let range: RangeCheckChip
    public let advice: [Column]
    public let fixed: [Column]
    public let counter: Selector
    public let split: Selector

    /// Advice columns the chip takes from the caller.
    public static let adviceColumns = 5

    /// `⌊r / 2^64⌋`, the bound on `hi`.
    public static let highBound: Fr = {
        let r = Fr.modulus
        return try! Fr(canonical: [r[1], r[2], r[3], 0])
    }()

    /// Bits of `⌊r / 2^64⌋` (190).
    static let highBits = 128 + Fr.modulus[3].bitWidth - Fr.modulus[3].leadingZeroBitCount

    /// How `h` splits into the witnesses of the split row.
    public struct Decomposition: Sendable {
        public let high: Fr, low: Fr, quotient: Fr, index: Fr

        public init(high: Fr, low: Fr, quotient: Fr, index: Fr) {
            (self.high, self.low, self.quotient, self.index) = (high, low, quotient, index)
        }

        /// The canonical split of `h`, the only one the constraints accept.
        public init(canonical h: Fr, datasetSize: Int) {
            let limbs = h.canonical
            let n = UInt64(datasetSize)
            high = try! Fr(canonical: [limbs[1], limbs[2], limbs[3], 0])
            low = Fr(limbs[0])
            quotient = Fr(limbs[0] / n)
            index = Fr(limbs[0] % n)
        }
    }

    public static func configure(_ cs: ConstraintSystem, poseidon: PoseidonChip, range: RangeCheckChip,
                                 advice: [Column]) throws(PlonkError) -> ScheduleChip {
        precondition(advice.count == adviceColumns, "the schedule chip lays out \(adviceColumns) advice columns")
        let chip = ScheduleChip(poseidon: poseidon, range: range, advice: advice, fixed: [cs.fixedColumn(), cs.fixedColumn()],
                                counter: cs.selector(), split: cs.selector())
        for column in advice { cs.enableEquality(column) }
        let a = advice.map(\.cur), f = chip.fixed.map(\.cur)
        let twoTo64 = Fr(UInt64(1) << 32) * Fr(UInt64(1) << 32)
        try cs.createGate("schedule counter", [
            Constraint("counter = t·B + j", chip.counter.expression * (a[1] - a[0] * f[0] - f[1])),
        ])
        try cs.createGate("schedule split", [
            Constraint("h = hi·2^64 + lo", chip.split.expression * (a[0] - a[1] * twoTo64 - a[2])),
            Constraint("lo = q·N + idx", chip.split.expression * (a[2] - a[3] * f[0] - a[4])),
        ])
        return chip
    }

    /// The index cells of step `step + offset`'s batch (`step` a cell, `offset` a constant),
    /// positions 0 ..< batchSize, each equal to `BatchSchedule.index`.
    public func batch(_ layouter: Layouter, seed: AssignedCell, step: AssignedCell, stepsAfter offset: Int = 0, batchSize: Int,
                      datasetSize: Int) throws(PlonkError) -> [AssignedCell] {
        // Step t + offset's counters are t·B + (offset·B + j), so one step cell serves a proof's steps.
        let hashes = try (0..<batchSize).map { j throws(PlonkError) in
            try hash(layouter, seed: seed, step: step, position: offset * batchSize + j, batchSize: batchSize)
        }
        return try indices(layouter, hashes: hashes,
                           decompositions: hashes.map { Decomposition(canonical: $0.value, datasetSize: datasetSize) },
                           datasetSize: datasetSize)
    }

    /// The cell holding `h = H(seed, step·batchSize + position)`.
    public func hash(_ layouter: Layouter, seed: AssignedCell, step: AssignedCell, position: Int,
                     batchSize: Int) throws(PlonkError) -> AssignedCell {
        let counterCell = try layouter.region("schedule counter") { region throws(PlonkError) in
            try region.enable(counter, 0)
            try region.assignFixed(fixed[0], 0, Fr(UInt64(batchSize)))
            try region.assignFixed(fixed[1], 0, Fr(UInt64(position)))
            let t = try region.copy(step, to: advice[0], 0)
            return try region.assignAdvice(advice[1], 0, t.value * Fr(UInt64(batchSize)) + Fr(UInt64(position)))
        }
        return try poseidon.hash(layouter, seed, counterCell)
    }

    /// The index cells for `hashes` split as `decompositions` (the canonical ones for an honest
    /// witness), with every part range-checked.
    public func indices(_ layouter: Layouter, hashes: [AssignedCell], decompositions: [Decomposition],
                        datasetSize: Int) throws(PlonkError) -> [AssignedCell] {
        precondition(hashes.count == decompositions.count && datasetSize > 0, "one split per hash, a dataset to index")
        var (highs, lows, quotients, indices) = ([AssignedCell](), [AssignedCell](), [AssignedCell](), [AssignedCell]())
        for (h, d) in zip(hashes, decompositions) {
            try layouter.region("schedule split") { region throws(PlonkError) in
                try region.enable(split, 0)
                try region.assignFixed(fixed[0], 0, Fr(UInt64(datasetSize)))
                try region.copy(h, to: advice[0], 0)
                highs.append(try region.assignAdvice(advice[1], 0, d.high))
                lows.append(try region.assignAdvice(advice[2], 0, d.low))
                quotients.append(try region.assignAdvice(advice[3], 0, d.quotient))
                indices.append(try region.assignAdvice(advice[4], 0, d.index))
            }
        }
        try range.check(layouter, lows + quotients, bits: 64)
        // hi < ⌊r/2^64⌋: hi < 2^190 and hi + 2^190 − ⌊r/2^64⌋ < 2^190.
        try range.check(layouter, highs, bits: Self.highBits)
        try range.check(layouter, highs, bits: Self.highBits, offset: RangeCheckChip.powerOfTwo(Self.highBits) - Self.highBound)
        try range.checkBelow(layouter, indices, bound: UInt64(datasetSize))
        return indices
    }
}
