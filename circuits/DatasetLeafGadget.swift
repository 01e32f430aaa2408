import PoTAlgebra
import PoTPlonk

/// `DatasetCommitment.leaf` in the circuit: `listHash(pack(x) ‖ [y])` over an example's inputs
/// and label, whose value cells the statement copies into its forward pass and loss.
public struct DatasetLeafGadget {
    public let packing: PackingChip
    public let listHash: ListHashGadget

    public init(packing: PackingChip, listHash: ListHashGadget) {
        self.packing = packing
        self.listHash = listHash
    }

    /// The leaf cell, the input value cells and the label cell of one example.
    public func leaf(_ layouter: Layouter, inputs: [Fr], label: Fr) throws(PlonkError)
        -> (leaf: AssignedCell, inputs: [AssignedCell], label: AssignedCell)
    {
        let (elements, values) = try packing.pack(layouter, values: inputs)
        let labelCell = try layouter.region("label") { region throws(PlonkError) in
            try region.assignAdvice(packing.value, 0, label)
        }
        return (try listHash.hash(layouter, elements + [labelCell]), values, labelCell)
    }
}
