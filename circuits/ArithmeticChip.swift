import PoTAlgebra
import PoTPlonk

/// d = a·b + c on one row: the general-purpose multiply-add of PLONK's standard gate, with
/// inputs copied in from wherever they were computed.
public struct ArithmeticChip {
    public let a: Column, b: Column, c: Column, d: Column
    public let enabled: Selector

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> ArithmeticChip {
        let chip = ArithmeticChip(a: cs.adviceColumn(), b: cs.adviceColumn(), c: cs.adviceColumn(),
                                  d: cs.adviceColumn(), enabled: cs.selector())
        for column in [chip.a, chip.b, chip.c, chip.d] { cs.enableEquality(column) }
        try cs.createGate("a·b + c", [
            Constraint("d = a·b + c", chip.enabled.expression * (chip.a.cur * chip.b.cur + chip.c.cur - chip.d.cur)),
        ])
        return chip
    }

    /// A private input in a cell of its own, to be copied into later rows.
    public func load(_ layouter: Layouter, _ value: Fr) throws(PlonkError) -> AssignedCell {
        try layouter.region("load") { region throws(PlonkError) in try region.assignAdvice(a, 0, value) }
    }

    /// The cell holding x·y + z.
    public func mulAdd(_ layouter: Layouter, _ x: AssignedCell, _ y: AssignedCell, _ z: AssignedCell)
        throws(PlonkError) -> AssignedCell
    {
        try layouter.region("a·b + c") { region throws(PlonkError) in
            try region.enable(enabled, 0)
            try region.copy(x, to: a, 0)
            try region.copy(y, to: b, 0)
            try region.copy(z, to: c, 0)
            return try region.assignAdvice(d, 0, x.value * y.value + z.value)
        }
    }
}
