import PoTAlgebra
import PoTPlonk

/// Proves 0 ≤ x < 2^(limbBits·limbs) by a running-sum decomposition into little-endian limbs,
/// each looked up in a table of 0..<2^limbBits:
///   z_0 = x,  z_i = limb_i + 2^limbBits · z_(i+1),  z_limbs = 0.
/// A value out of range leaves a nonzero last running sum (or a limb outside the table).
public struct RangeCheckChip {
    public let limbBits: Int
    public let limbs: Int
    public let runningSum: Column
    public let limb: Column
    public let table: TableColumn
    public let decompose: Selector
    public let last: Selector

    public static func configure(_ cs: ConstraintSystem, limbBits: Int, limbs: Int) throws(PlonkError) -> RangeCheckChip {
        // The table has 2^limbBits rows, so a limb is a few bits; the range stays below r.
        precondition((1...20).contains(limbBits) && limbs >= 1 && limbBits * limbs < 254, "unsupported range")
        let chip = RangeCheckChip(limbBits: limbBits, limbs: limbs, runningSum: cs.adviceColumn(),
                                  limb: cs.adviceColumn(), table: cs.tableColumn(),
                                  decompose: cs.selector(), last: cs.selector())
        cs.enableEquality(chip.runningSum)
        let base = Fr(UInt64(1) << limbBits)
        let (z, l) = (chip.runningSum, chip.limb)
        try cs.createGate("range decomposition", [
            Constraint("z = limb + 2^bits·z_next", chip.decompose.expression * (z.cur - l.cur - base * z.next)),
        ])
        try cs.createGate("range end", [Constraint("last running sum is zero", chip.last.expression * z.cur)])
        // Off the decomposition rows the input is 0, which the table holds.
        try cs.lookup("limb in 0..<2^bits", [(chip.decompose.expression * l.cur, chip.table)])
        return chip
    }

    /// Fills the limb table; call once per circuit.
    public func loadTable(_ layouter: Layouter) throws(PlonkError) {
        try layouter.assignTable("range table") { t throws(PlonkError) in
            for v in 0..<(1 << limbBits) { try t.assign(table, v, Fr(UInt64(v))) }
        }
    }

    /// Constrains `x` to the range.
    public func check(_ layouter: Layouter, _ x: AssignedCell) throws(PlonkError) {
        let bits = x.value.canonical
        let shift = Fr(UInt64(1) << limbBits).inverse!
        try layouter.region("range check") { region throws(PlonkError) in
            var z = try region.copy(x, to: runningSum, 0).value
            for i in 0..<limbs {
                let limbValue = Fr(Self.bits(bits, from: i * limbBits, count: limbBits))
                try region.enable(decompose, i)
                try region.assignAdvice(limb, i, limbValue)
                z = (z - limbValue) * shift
                try region.assignAdvice(runningSum, i + 1, z)
            }
            try region.enable(last, limbs)
        }
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
