import PoTAlgebra

/// The dataset commitment `D` (docs/training.md, "Dataset commitment"): example i's leaf is
/// `listHash(pack(x_i) ‖ [y_i])`, and `D` is the Merkle root over the examples' leaves in order
/// and one salt leaf.
public enum DatasetCommitment {
    /// The leaf of one example: its input values packed, then its label as a field element.
    /// Throws ``CommitmentError/valueOutOfRange(position:value:)`` naming the input's position,
    /// or ``CommitmentError/negativeLabel(_:)``.
    public static func leaf(inputs: [Int64], label: Int) throws(CommitmentError) -> Fr {
        guard label >= 0 else { throw .negativeLabel(label) }
        return ListHash.hash(try ValuePacking.pack(inputs) + [Fr(UInt64(label))])
    }

    /// The tree over the examples' `leaves` then `salt`; its root is `D` and example i's
    /// inclusion path is `path(of: i)`.
    public static func tree(leaves: [Fr], salt: Fr) -> PoseidonMerkleTree {
        PoseidonMerkleTree(leaves: leaves + [salt])
    }
}
