import PoTAlgebra
import PoTPlonk

/// `C(W)` in the circuit (docs/training.md, "Tensor (model) commitment"): the Merkle root over
/// each tensor's packed values, tensor after tensor, then the salt leaf.
public struct TensorCommitmentGadget {
    public let packing: PackingChip
    public let merkle: MerkleRootGadget

    public init(packing: PackingChip, merkle: MerkleRootGadget) {
        self.packing = packing
        self.merkle = merkle
    }

    /// The cell holding `C(W)` of fresh values (the weights a step starts from) and their
    /// value cells, tensor by tensor, for the statement's arithmetic.
    public func commit(_ layouter: Layouter, values tensors: [[Fr]], salt: AssignedCell) throws(PlonkError)
        -> (commitment: AssignedCell, values: [[AssignedCell]])
    {
        var leaves: [AssignedCell] = []
        var cells: [[AssignedCell]] = []
        for tensor in tensors {
            let packed = try packing.pack(layouter, values: tensor)
            leaves += packed.elements
            cells.append(packed.values)
        }
        return (try merkle.root(layouter, leaves: leaves + [salt]), cells)
    }

    /// The cell holding `C(W)` of the tensors' value cells (copied in, so the commitment binds
    /// the values the statement computed with) and the salt cell.
    public func commit(_ layouter: Layouter, tensors: [[AssignedCell]], salt: AssignedCell) throws(PlonkError) -> AssignedCell {
        var leaves: [AssignedCell] = []
        for tensor in tensors { leaves += try packing.pack(layouter, copying: tensor) }
        return try merkle.root(layouter, leaves: leaves + [salt])
    }
}
