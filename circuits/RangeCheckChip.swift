import PoTAlgebra
import PoTPlonk

/// Proves that cells lie in ranges: `0 ≤ x < 2^bits` for any `bits ≤ 253`, `0 ≤ x < bound`
/// for any bound, and `−2^(bits−1) ≤ x < 2^(bits−1)` for signed values.
///
/// All three are one check, `0 ≤ x + offset < 2^bits` for a constant offset: a running-sum
/// decomposition of `x + offset` into little-endian limbs of `limbBits` bits, one limb per row,
/// each looked up in a table of `0..<2^limbBits`:
///
///     z_0 = x,   z_i + o_i = limb_i + 2^limbBits · z_(i+1)   (o_0 = offset, o_i = 0 after)
///     last row:  z + o = limb
///
/// The last limb carries `b = bits − (limbs − 1)·limbBits` bits; when `b < limbBits` it is also
/// looked up shifted, as `limb · 2^(limbBits − b)`, which lies in the table only if `limb < 2^b`.
/// Then `x + offset = Σ limb_i · 2^(i·limbBits) < 2^bits` as an integer, below r for bits ≤ 253,
/// so a field element outside the range (r − 1, say) has no decomposition at all.
///
/// A bound `0 ≤ x < B` that is not a power of two is `x < 2^bits` and `x + 2^bits − B < 2^bits`
/// (so `B − 1 − x ≥ 0`), with `2^bits ≥ B`; a signed range is the offset `2^(bits−1)`.
///
/// The chip has `lanes` copies of its columns side by side, so one row checks that many cells of
/// a batch; a cell's check takes `⌈bits / limbBits⌉` rows of one lane.
public struct RangeCheckChip {
    /// One set of columns decomposing one cell at a time.
    public struct Lane {
        /// The running sum; its first row is the checked cell, copied in.
        public let runningSum: Column
        public let limb: Column
        /// The offset added to the cell, on the first row of each check (zero elsewhere).
        public let offset: Column
        /// `2^(limbBits − b)` on the last row of a check whose last limb is short, else zero.
        public let shift: Column
    }

    public let limbBits: Int
    public let lanes: [Lane]
    public let table: TableColumn
    /// Rows of a check but the last: `z + o = limb + 2^limbBits · z_next`.
    public let decompose: Selector
    /// The last row of a check: `z + o = limb`.
    public let last: Selector
    /// The lanes' columns and the two selectors: checks sit beside the other gadgets' rows.
    public let track: Track

    /// The widest range a check may have: 2^253 < r, so no decomposition wraps.
    public static let maxBits = 253

    public static func configure(_ cs: ConstraintSystem, limbBits: Int, lanes: Int = 1) throws(PlonkError) -> RangeCheckChip {
        // The table has 2^limbBits rows, so a limb is a few bits.
        precondition((1...20).contains(limbBits) && lanes >= 1, "unsupported range table")
        let laneColumns = (0..<lanes).map { _ in
            Lane(runningSum: cs.adviceColumn(), limb: cs.adviceColumn(), offset: cs.fixedColumn(), shift: cs.fixedColumn())
        }
        let selectors = (decompose: cs.selector(), last: cs.selector())
        let chip = RangeCheckChip(
            limbBits: limbBits, lanes: laneColumns, table: cs.tableColumn(), decompose: selectors.decompose, last: selectors.last,
            track: cs.track(columns: laneColumns.flatMap { [$0.runningSum, $0.limb, $0.offset, $0.shift] },
                            selectors: [selectors.decompose, selectors.last]))
        let base = Fr(UInt64(1) << limbBits)
        let (decompose, last) = (chip.decompose.expression, chip.last.expression)
        for (i, lane) in chip.lanes.enumerated() {
            cs.enableEquality(lane.runningSum)
            let (z, l, o) = (lane.runningSum, lane.limb.cur, lane.offset.cur)
            try cs.createGate("range decomposition \(i)", [
                Constraint("z + o = limb + 2^bits·z_next", decompose * (z.cur + o - l - base * z.next)),
            ])
            try cs.createGate("range end \(i)", [Constraint("z + o = limb", last * (z.cur + o - l))])
            // Off the decomposition rows both inputs are 0, which the table holds.
            try cs.lookup("limb \(i) in 0..<2^bits", [((decompose + last) * l, chip.table)])
            try cs.lookup("short limb \(i) shifted in 0..<2^bits", [(lane.shift.cur * l, chip.table)])
        }
        return chip
    }

    /// Fills the limb table; call once per circuit.
    public func loadTable(_ layouter: Layouter) throws(PlonkError) {
        try layouter.assignTable("range table") { t throws(PlonkError) in
            for v in 0..<(1 << limbBits) { try t.assign(table, v, Fr(UInt64(v))) }
        }
    }

    /// Constrains `0 ≤ x < 2^bits`.
    public func check(_ layouter: Layouter, _ x: AssignedCell, bits: Int) throws(PlonkError) {
        try check(layouter, [x], bits: bits)
    }

    /// Constrains `0 ≤ x < 2^bits` for every cell of `xs`.
    public func check(_ layouter: Layouter, _ xs: [AssignedCell], bits: Int) throws(PlonkError) {
        try check(layouter, xs, bits: bits, offset: .zero)
    }

    /// Constrains `−2^(bits−1) ≤ x < 2^(bits−1)` for every cell of `xs` (a negative x is r − |x|).
    public func checkSigned(_ layouter: Layouter, _ xs: [AssignedCell], bits: Int) throws(PlonkError) {
        precondition(bits >= 1, "a signed range needs a bit")
        try check(layouter, xs, bits: bits, offset: Self.powerOfTwo(bits - 1))
    }

    /// Constrains `0 ≤ x < bound` for every cell of `xs`.
    public func checkBelow(_ layouter: Layouter, _ xs: [AssignedCell], bound: UInt64) throws(PlonkError) {
        precondition(bound >= 1, "no value lies below 0")
        let bits = max(1, 64 - (bound - 1).leadingZeroBitCount)
        try check(layouter, xs, bits: bits)
        if bound != UInt64(1) << bits {
            try check(layouter, xs, bits: bits, offset: Self.powerOfTwo(bits) - Fr(bound))
        }
    }

    /// Constrains `0 ≤ x + offset < 2^bits` for every cell of `xs`, laid out in one region.
    public func check(_ layouter: Layouter, _ xs: [AssignedCell], bits: Int, offset: Fr) throws(PlonkError) {
        precondition((1...Self.maxBits).contains(bits), "a range check covers 1 to \(Self.maxBits) bits")
        guard !xs.isEmpty else { return }
        let limbs = (bits + limbBits - 1) / limbBits
        let shortBits = bits - (limbs - 1) * limbBits
        let shift = shortBits < limbBits ? Fr(UInt64(1) << (limbBits - shortBits)) : Fr.zero
        let inverseBase = Fr(UInt64(1) << limbBits).inverse!
        let groups = (xs.count + lanes.count - 1) / lanes.count
        try layouter.region("range check \(bits) bits", in: track) { region throws(PlonkError) in
            for g in 0..<groups {
                let top = g * limbs
                for i in 0..<limbs { try region.enable(i == limbs - 1 ? last : decompose, top + i) }
                for (j, lane) in lanes.enumerated() {
                    let index = g * lanes.count + j
                    // Lanes past the batch's end check a zero, which every range holds.
                    var (x, o) = (Fr.zero, Fr.zero)
                    if index < xs.count {
                        (x, o) = (try region.copy(xs[index], to: lane.runningSum, top).value, offset)
                    } else {
                        try region.assignAdvice(lane.runningSum, top, .zero)
                    }
                    let value = (x + o).canonical
                    var z = x + o
                    for i in 0..<limbs {
                        try region.assignFixed(lane.offset, top + i, i == 0 ? o : .zero)
                        try region.assignFixed(lane.shift, top + i, i == limbs - 1 ? shift : .zero)
                        let limb = Fr(Self.bits(value, from: i * limbBits, count: limbBits))
                        try region.assignAdvice(lane.limb, top + i, limb)
                        if i > 0 { try region.assignAdvice(lane.runningSum, top + i, z) }
                        z = (z - limb) * inverseBase
                    }
                }
            }
        }
    }

    /// 2^n as a field element, for n ≤ 253.
    static func powerOfTwo(_ n: Int) -> Fr {
        var limbs: [UInt64] = [0, 0, 0, 0]
        limbs[n / 64] = 1 << UInt64(n % 64)
        return try! Fr(canonical: limbs)
    }

    /// `count` (≤ 63) bits of a little-endian limb array starting at bit `from`.
    static func bits(_ limbs: [UInt64], from: Int, count: Int) -> UInt64 {
        var out: UInt64 = 0
        for j in 0..<count {
            let bit = from + j
            if bit < 256, (limbs[bit / 64] >> UInt64(bit % 64)) & 1 == 1 { out |= 1 << UInt64(j) }
        }
        return out
    }
}
