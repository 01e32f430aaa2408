import PoTAlgebra
import PoTPlonk

/// Circuit constants (zero subtrees, list lengths, a zero to end a running sum) sit in the
/// constraint system's one constants column; gadgets that need them share it.
extension ConstraintSystem {
    /// The constants column, created on first use.
    func sharedConstantsColumn() -> Column {
        if let column = constantsColumn { return column }
        let column = fixedColumn()
        enableConstants(column)
        return column
    }
}

extension Layouter {
    /// An advice cell of `column` (which must allow equality) bound to the constant `value`, in
    /// a region of the column's track.
    func constant(_ value: Fr, in column: Column, _ name: String) throws(PlonkError) -> AssignedCell {
        try region(name, in: track(of: column)) { region throws(PlonkError) in try region.assignConstant(column, 0, value) }
    }
}
