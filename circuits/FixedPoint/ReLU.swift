import PoTAlgebra
import PoTPlonk

/// ReLU and its mask, two entries per row (`[z, m, h, t]` on v0…v3 and on v4…v7):
///
///     m·(1 − m) = 0,   h = m·z,   t = (2m − 1)·z − m,   0 ≤ t < 2^31
///
/// With m = 1, t = z − 1 ≥ 0 says z > 0; with m = 0, t = −z ≥ 0 says z ≤ 0. z is a value, so
/// t lies in (−2^31, 2^31] before its check and cannot wrap.
public struct ReLUGates {
    public let relu: Selector

    static func configure(_ cs: ConstraintSystem, v: [Column]) throws(PlonkError) -> ReLUGates {
        let gates = ReLUGates(relu: cs.selector())
        try cs.createGate("relu", FixedPointChip.paired(v, gates.relu) { c in
            let (z, m, h, t) = (c[0], c[1], c[2], c[3])
            return [("m is a bit", m * (Expr(1) - m)), ("h = m·z", h - m * z), ("t = (2m − 1)·z − m", t - (Expr(2) * m - Expr(1)) * z + m)]
        })
        return gates
    }
}

extension FixedPointChip {
    /// `relu(z)` and `mask(z)` (1 if z > 0 else 0) for each value z.
    public func relu(_ layouter: Layouter, _ z: [AssignedCell]) throws(PlonkError) -> (h: [AssignedCell], mask: [AssignedCell]) {
        let (h, mask, t) = try layouter.region("relu") { region throws(PlonkError) in
            var h: [AssignedCell] = [], mask: [AssignedCell] = [], t: [AssignedCell] = []
            for i in z.indices {
                let (row, half, c) = pair(i)
                if half == 0 { try region.enable(relu.relu, row) }
                let value = Self.integer(try region.copy(z[i], to: c[0], row))
                let m: Int128 = value > 0 ? 1 : 0
                mask.append(try region.assignAdvice(c[1], row, FixedPoint.field(m)))
                h.append(try region.assignAdvice(c[2], row, FixedPoint.field(m * value)))
                t.append(try region.assignAdvice(c[3], row, FixedPoint.field((2 * m - 1) * value - m)))
            }
            try padPair(region, count: z.count)
            return (h, mask, t)
        }
        try range.check(layouter, t, bits: FixedPoint.valueBits)
        return (h, mask)
    }
}
