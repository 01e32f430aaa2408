import PoTAlgebra
import PoTPlonk

/// Floor division by a constant `D ≥ 1` (in fixed column k0), with a multiplier `c` (in k1):
/// `c·a = D·q + rem` with `0 ≤ rem < D` (two range checks when D is not a power of two) makes
/// `q = floor(c·a / D)` once q is bounded. Two entries per row (on v0…v3 and v4…v7; a batch
/// shares D and c):
///
///     floor division  [a, q, rem]:          k1·a = k0·q + rem
///     sgd update      [W, g, W', rem]:      k1·g = k0·(W − W') + rem,  i.e. W' = W − floor(η·g / D)
///
/// The update's quotient W − W' is bounded because W is a value and W' is checked to be one.
public struct DivisionGates {
    public let divide: Selector, update: Selector

    static func configure(_ cs: ConstraintSystem, v: [Column], k: [Column]) throws(PlonkError) -> DivisionGates {
        let gates = DivisionGates(divide: cs.selector(), update: cs.selector())
        let (d, multiplier) = (k[0].cur, k[1].cur)
        try cs.createGate("floor division", FixedPointChip.paired(v, gates.divide) { c in [("c·a = D·q + rem", multiplier * c[0] - d * c[1] - c[2])] })
        try cs.createGate("sgd update", FixedPointChip.paired(v, gates.update) { c in
            [("η·g = D·(W − W') + rem", multiplier * c[1] - d * (c[0] - c[2]) - c[3])]
        })
        return gates
    }
}

extension FixedPointChip {
    /// `floor(c·a / D)` for each cell, checked to be values.
    public func divideFloor(_ layouter: Layouter, _ a: [AssignedCell], by divisor: UInt64, multiplier c: Int64 = 1)
        throws(PlonkError) -> [AssignedCell]
    {
        precondition(divisor >= 1, "a positive divisor")
        let d = Int128(divisor)
        let (q, rem) = try layouter.region("floor division") { region throws(PlonkError) in
            var q: [AssignedCell] = [], rem: [AssignedCell] = []
            for i in a.indices {
                let (row, half, columns) = pair(i)
                if half == 0 { try region.enable(division.divide, row) }
                try region.assignFixed(k[0], row, Fr(divisor))
                try region.assignFixed(k[1], row, FixedPoint.field(c))
                let numerator = Int128(c) * Self.integer(try region.copy(a[i], to: columns[0], row))
                let quotient = FixedPoint.floorDivide(numerator, by: d)
                q.append(try region.assignAdvice(columns[1], row, FixedPoint.field(quotient)))
                rem.append(try region.assignAdvice(columns[2], row, FixedPoint.field(numerator - quotient * d)))
            }
            try padPair(region, count: a.count)
            return (q, rem)
        }
        try range.checkBelow(layouter, rem, bound: divisor)
        try checkValues(layouter, q)
        return q
    }

    /// The SGD update `W' = W − floor(η·g / D)` of each parameter with its exact gradient g.
    /// `checkOutputs: false` leaves the range check of W' to the caller (a tensor commitment's
    /// packing checks it); without one, a quotient off by a multiple of D⁻¹ would pass.
    public func sgdUpdate(_ layouter: Layouter, parameters: [AssignedCell], gradients: [AssignedCell],
                          learningRate eta: Int64, divisor: UInt64, checkOutputs: Bool = true) throws(PlonkError) -> [AssignedCell] {
        precondition(parameters.count == gradients.count && divisor >= 1, "one gradient per parameter, a positive divisor")
        let d = Int128(divisor)
        let (updated, rem) = try layouter.region("sgd update") { region throws(PlonkError) in
            var updated: [AssignedCell] = [], rem: [AssignedCell] = []
            for i in parameters.indices {
                let (row, half, c) = pair(i)
                if half == 0 { try region.enable(division.update, row) }
                try region.assignFixed(k[0], row, Fr(divisor))
                try region.assignFixed(k[1], row, FixedPoint.field(eta))
                let w = Self.integer(try region.copy(parameters[i], to: c[0], row))
                let numerator = Int128(eta) * Self.integer(try region.copy(gradients[i], to: c[1], row))
                let quotient = FixedPoint.floorDivide(numerator, by: d)
                updated.append(try region.assignAdvice(c[2], row, FixedPoint.field(w - quotient)))
                rem.append(try region.assignAdvice(c[3], row, FixedPoint.field(numerator - quotient * d)))
            }
            try padPair(region, count: parameters.count)
            return (updated, rem)
        }
        try range.checkBelow(layouter, rem, bound: divisor)
        if checkOutputs { try checkValues(layouter, updated) }
        return updated
    }
}
