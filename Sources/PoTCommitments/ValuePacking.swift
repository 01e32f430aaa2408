import PoTAlgebra

/// Eight fixed-point values to a field element (docs/training.md, "Packing"): value `v` in
/// `−2^30 ≤ v < 2^30` becomes the 31-bit slot `u = v + 2^30`, and an element is
/// `Σ_{i<8} u_i · 2^(31·i)`, 248 bits, so every packing is a distinct element below r.
public enum ValuePacking {
    /// Values per field element.
    public static let slotsPerElement = 8
    /// Bits per slot.
    public static let slotBits = 31
    /// The offset that makes a value a nonnegative slot.
    public static let offset: Int64 = 1 << 30
    /// The values that fit a slot.
    public static let valueRange: Range<Int64> = -offset..<offset

    /// Field elements holding `count` values.
    public static func elementCount(values count: Int) -> Int {
        (count + slotsPerElement - 1) / slotsPerElement
    }

    /// The packing of `values`; the last element's unused slots are 0.
    /// Throws ``CommitmentError/valueOutOfRange(position:value:)`` for the first value out of range.
    public static func pack(_ values: [Int64]) throws(CommitmentError) -> [Fr] {
        var elements: [Fr] = []
        elements.reserveCapacity(elementCount(values: values.count))
        var start = 0
        while start < values.count {
            var limbs: [UInt64] = [0, 0, 0, 0]
            for slot in 0..<min(slotsPerElement, values.count - start) {
                let position = start + slot
                let v = values[position]
                guard valueRange.contains(v) else { throw .valueOutOfRange(position: position, value: v) }
                let u = UInt64(v + offset)
                let bit = slot * slotBits
                let (limb, shift) = (bit / 64, bit % 64)
                limbs[limb] |= u << UInt64(shift)
                if shift + slotBits > 64 { limbs[limb + 1] |= u >> UInt64(64 - shift) }
            }
            // Below 2^248 < r, so the element is always canonical.
            elements.append(try! Fr(canonical: limbs))
            start += slotsPerElement
        }
        return elements
    }

    /// The `count` values packed in `elements`; the inverse of ``pack(_:)``. Rejects elements
    /// with bits above the eighth slot and nonzero slots past the list's end, so every list
    /// of values has exactly one packing.
    public static func unpack(_ elements: [Fr], count: Int) throws(CommitmentError) -> [Int64] {
        let expected = elementCount(values: count)
        guard count >= 0, elements.count == expected else {
            throw .wrongElementCount(values: count, expected: expected, got: elements.count)
        }
        var values: [Int64] = []
        values.reserveCapacity(count)
        let mask: UInt64 = (1 << UInt64(slotBits)) - 1
        for (e, element) in elements.enumerated() {
            let limbs = element.canonical
            guard limbs[3] >> 56 == 0 else { throw .notAPacking(element: e, reason: "bits above 2^248 are set") }
            for slot in 0..<slotsPerElement {
                let bit = slot * slotBits
                let (limb, shift) = (bit / 64, bit % 64)
                var u = limbs[limb] >> UInt64(shift)
                if shift + slotBits > 64 { u |= limbs[limb + 1] << UInt64(64 - shift) }
                u &= mask
                if e * slotsPerElement + slot < count {
                    values.append(Int64(u) - offset)
                } else if u != 0 {
                    throw .notAPacking(element: e, reason: "slot \(slot) is past the list's end but not 0")
                }
            }
        }
        return values
    }
}
