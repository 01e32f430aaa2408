import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// `ValuePacking` in the circuit: eight values to a field element (docs/training.md, "Packing").
///
/// One row per value, down three columns: the slot `u`, the value `v` and the running element
/// `acc`, Horner from an element's last slot up to its first:
///   every slot row:        v = u − 2^30
///   slot rows but the last: acc = u + 2^31 · acc_next
///   an element's last slot: acc = u
/// so the first row's `acc` is `Σ u_i · 2^(31·i)`. Every slot is range-checked to 31 bits (which
/// is also the values' range check, `−2^30 ≤ v < 2^30`), so the element is below 2^248 < r and
/// determines its values: a slot cannot carry into its neighbour.
public struct PackingChip {
    public let range: RangeCheckChip
    public let slot: Column, value: Column, element: Column
    /// A slot row followed by another slot of the same element.
    public let inner: Selector
    /// The last slot row of an element.
    public let last: Selector

    /// Advice columns the chip takes from the caller.
    public static let adviceColumns = 3

    public static func configure(_ cs: ConstraintSystem, range: RangeCheckChip, advice: [Column]) throws(PlonkError) -> PackingChip {
        precondition(advice.count == adviceColumns, "the packing chip lays out \(adviceColumns) advice columns")
        let chip = PackingChip(range: range, slot: advice[0], value: advice[1], element: advice[2],
                               inner: cs.selector(), last: cs.selector())
        for column in advice { cs.enableEquality(column) }
        let (inner, last) = (chip.inner.expression, chip.last.expression)
        let (u, v, acc) = (chip.slot.cur, chip.value.cur, chip.element.cur)
        let offset = Fr(UInt64(ValuePacking.offset))
        let base = Fr(UInt64(1) << UInt64(ValuePacking.slotBits))
        try cs.createGate("packing", [
            Constraint("v = u − 2^30", (inner + last) * (v - u + offset)),
            Constraint("acc = u + 2^31·acc_next", inner * (acc - u - base * chip.element.next)),
            Constraint("acc = u on the last slot", last * (acc - u)),
        ])
        return chip
    }

    /// Packs `values` (field elements standing for signed values) into fresh cells: the
    /// elements, equal to `ValuePacking.pack`, and the value cells for the statement's arithmetic.
    public func pack(_ layouter: Layouter, values: [Fr]) throws(PlonkError) -> (elements: [AssignedCell], values: [AssignedCell]) {
        try pack(layouter, values.map(Source.fresh))
    }

    /// Packs the values of `cells`, copying them in; the elements.
    public func pack(_ layouter: Layouter, copying cells: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        try pack(layouter, cells.map(Source.copied)).elements
    }

    /// Packs cells that the statement has already constrained to the value range
    /// (`RangeCheckChip.checkSigned(_:_:bits: 31)`), without checking their slots a second
    /// time: `u = v + 2^30` is then below 2^31 already. Only for such cells, since an unchecked
    /// value could carry into its neighbour's slot.
    public func pack(_ layouter: Layouter, copyingRangeChecked cells: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        try pack(layouter, cells.map(Source.copied), checkSlots: false).elements
    }

    private enum Source {
        case fresh(Fr)
        case copied(AssignedCell)
        var value: Fr { switch self { case .fresh(let v): v; case .copied(let cell): cell.value } }
    }

    private func pack(_ layouter: Layouter, _ sources: [Source], checkSlots: Bool = true) throws(PlonkError)
        -> (elements: [AssignedCell], values: [AssignedCell])
    {
        let perElement = ValuePacking.slotsPerElement
        let offset = Fr(UInt64(ValuePacking.offset))
        let base = Fr(UInt64(1) << UInt64(ValuePacking.slotBits))
        let (elements, values, slots) = try layouter.region("packing") { region throws(PlonkError) in
            var (elements, values, slots) = ([AssignedCell](), [AssignedCell](), [AssignedCell]())
            for start in stride(from: 0, to: sources.count, by: perElement) {
                let group = sources[start..<min(start + perElement, sources.count)]
                let us = group.map { $0.value + offset }
                // Horner from the last slot, so each row's acc is known when it is written.
                var acc = Fr.zero
                var accs = [Fr](repeating: .zero, count: us.count)
                for i in us.indices.reversed() {
                    acc = us[i] + base * acc
                    accs[i] = acc
                }
                for (i, source) in group.enumerated() {
                    let row = start + i
                    try region.enable(i == group.count - 1 ? last : inner, row)
                    slots.append(try region.assignAdvice(slot, row, us[i]))
                    switch source {
                    case .fresh(let v): values.append(try region.assignAdvice(value, row, v))
                    case .copied(let cell): values.append(try region.copy(cell, to: value, row))
                    }
                    let cell = try region.assignAdvice(element, row, accs[i])
                    if i == 0 { elements.append(cell) }
                }
            }
            return (elements, values, slots)
        }
        if checkSlots { try range.check(layouter, slots, bits: ValuePacking.slotBits) }
        return (elements, values)
    }
}
