import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// `ListHash` in the circuit: `acc_0 = m` (a constant, so the length is part of the statement),
/// `acc_{k+1} = H(acc_k, e_k)`; m hashes.
public struct ListHashGadget {
    public let poseidon: PoseidonChip
    /// The advice column (with equality) that receives the length constant.
    public let constants: Column

    public static func configure(_ cs: ConstraintSystem, poseidon: PoseidonChip) -> ListHashGadget {
        _ = cs.sharedConstantsColumn()
        return ListHashGadget(poseidon: poseidon, constants: poseidon.state[0])
    }

    /// The cell holding `ListHash.hash` of the elements' values.
    public func hash(_ layouter: Layouter, _ elements: [AssignedCell]) throws(PlonkError) -> AssignedCell {
        var acc = try layouter.constant(Fr(UInt64(elements.count)), in: constants, "list length")
        for e in elements { acc = try poseidon.hash(layouter, acc, e) }
        return acc
    }
}
