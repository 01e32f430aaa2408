import PoTAlgebra
import PoTPlonk

/// Rescaling by 2^16 with a range-checked remainder: `x = 2^16·q + rem`, `0 ≤ rem < 2^16`,
/// makes q = floor(x / 2^16) whenever q is bounded (it is a value, or a value minus a value),
/// since then the equation holds over the integers. Two entries per row for the four-cell
/// gates (on v0…v3 and v4…v7), one for the other:
///
///     mul rescale        [a, b, z, rem]:       a·b = 2^16·z + rem
///     rescale plus bias  [A, bias, Z, rem]:    A = 2^16·(Z − bias) + rem
///     masked rescale     [P, q, rem, m, δ]:    P = 2^16·q + rem,  δ = m·q
///
/// A dot product is a 1×n by n×1 matrix product (`MatrixProductChip`) and one rescale.
public struct RescaleGates {
    public let mul: Selector, bias: Selector, masked: Selector

    static let scale = Fr(UInt64(FixedPoint.one))

    static func configure(_ cs: ConstraintSystem, v: [Column]) throws(PlonkError) -> RescaleGates {
        let gates = RescaleGates(mul: cs.selector(), bias: cs.selector(), masked: cs.selector())
        let c = v.map(\.cur)
        try cs.createGate("mul rescale", FixedPointChip.paired(v, gates.mul) { h in [("a·b = 2^16·z + rem", h[0] * h[1] - scale * h[2] - h[3])] })
        try cs.createGate("rescale plus bias", FixedPointChip.paired(v, gates.bias) { h in
            [("A = 2^16·(Z − bias) + rem", h[0] - scale * (h[2] - h[1]) - h[3])]
        })
        try cs.createGate("masked rescale", [
            Constraint("P = 2^16·q + rem", gates.masked.expression * (c[0] - scale * c[1] - c[2])),
            Constraint("δ = m·q", gates.masked.expression * (c[4] - c[3] * c[1])),
        ])
        return gates
    }
}

extension FixedPointChip {
    /// `floor(a_i·b_i / 2^16)` for each pair, checked to be values.
    public func mulRescale(_ layouter: Layouter, _ a: [AssignedCell], _ b: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        precondition(a.count == b.count, "pairs of cells")
        let (z, rem) = try layouter.region("mul rescale") { region throws(PlonkError) in
            var z: [AssignedCell] = [], rem: [AssignedCell] = []
            for i in a.indices {
                let (row, half, c) = pair(i)
                if half == 0 { try region.enable(rescale.mul, row) }
                let x = try region.copy(a[i], to: c[0], row), y = try region.copy(b[i], to: c[1], row)
                let product = Self.integer(x) * Self.integer(y)
                let q = FixedPoint.floorDivide(product, by: Int128(FixedPoint.one))
                z.append(try region.assignAdvice(c[2], row, FixedPoint.field(q)))
                rem.append(try region.assignAdvice(c[3], row, FixedPoint.field(product - q * Int128(FixedPoint.one))))
            }
            try padPair(region, count: a.count)
            return (z, rem)
        }
        try range.check(layouter, rem, bits: FixedPoint.fractionBits)
        try checkValues(layouter, z)
        return z
    }

    /// `Z = floor(A / 2^16) + bias` for exact sums `A` (scale 2^32), checked to be values.
    public func rescale(_ layouter: Layouter, exact: [AssignedCell], bias: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        precondition(exact.count == bias.count, "one bias per entry")
        let (z, rem) = try layouter.region("rescale plus bias") { region throws(PlonkError) in
            var z: [AssignedCell] = [], rem: [AssignedCell] = []
            for i in exact.indices {
                let (row, half, c) = pair(i)
                if half == 0 { try region.enable(rescale.bias, row) }
                let a = Self.integer(try region.copy(exact[i], to: c[0], row))
                let b = Self.integer(try region.copy(bias[i], to: c[1], row))
                let q = FixedPoint.floorDivide(a, by: Int128(FixedPoint.one))
                z.append(try region.assignAdvice(c[2], row, FixedPoint.field(q + b)))
                rem.append(try region.assignAdvice(c[3], row, FixedPoint.field(a - q * Int128(FixedPoint.one))))
            }
            try padPair(region, count: exact.count)
            return (z, rem)
        }
        try range.check(layouter, rem, bits: FixedPoint.fractionBits)
        try checkValues(layouter, z)
        return z
    }

    /// `δ = m·floor(P / 2^16)` for exact sums `P` and masks `m` (0 or 1, checked where made);
    /// δ is checked to be a value (q itself is bounded only where m = 1, and free where the
    /// mask discards it).
    public func maskedRescale(_ layouter: Layouter, exact: [AssignedCell], mask: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        precondition(exact.count == mask.count, "one mask per entry")
        let (delta, rem) = try layouter.region("masked rescale") { region throws(PlonkError) in
            var delta: [AssignedCell] = [], rem: [AssignedCell] = []
            for i in exact.indices {
                try region.enable(rescale.masked, i)
                let p = Self.integer(try region.copy(exact[i], to: v[0], i))
                let m = Self.integer(try region.copy(mask[i], to: v[3], i))
                let q = FixedPoint.floorDivide(p, by: Int128(FixedPoint.one))
                try region.assignAdvice(v[1], i, FixedPoint.field(q))
                rem.append(try region.assignAdvice(v[2], i, FixedPoint.field(p - q * Int128(FixedPoint.one))))
                delta.append(try region.assignAdvice(v[4], i, FixedPoint.field(m * q)))
            }
            return (delta, rem)
        }
        try range.check(layouter, rem, bits: FixedPoint.fractionBits)
        try checkValues(layouter, delta)
        return delta
    }

    /// `floor((Σ_i a_i·b_i) / 2^16)`: the exact sum (a 1×n by n×1 product, checked by
    /// Freivalds), then one rescale.
    public func dot(_ layouter: Layouter, _ a: [AssignedCell], _ b: [AssignedCell]) throws(PlonkError) -> AssignedCell {
        precondition(a.count == b.count && !a.isEmpty, "a dot product of equal, nonzero lengths")
        let sum = try product.multiply(layouter, [a], b.map { [$0] })[0][0]
        let zero = try layouter.region("zero") { region throws(PlonkError) in try region.assignConstant(v[1], 0, .zero) }
        return try rescale(layouter, exact: [sum], bias: [zero])[0]
    }
}
