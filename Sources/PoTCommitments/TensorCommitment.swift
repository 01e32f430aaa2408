import PoTAlgebra

/// `C(W)` (docs/training.md, "Tensor (model) commitment"): the Merkle root over each tensor's
/// packed values, tensor after tensor (each starting a new element), then one salt leaf that
/// makes the root hiding.
public enum TensorCommitment {
    /// The leaves of `C(W)` for `tensors` (in commitment order, each flattened row-major) and `salt`.
    /// Throws ``CommitmentError/tensorValueOutOfRange(tensor:position:value:)`` for the first value out of range.
    public static func leaves(_ tensors: [[Int64]], salt: Fr) throws(CommitmentError) -> [Fr] {
        var leaves: [Fr] = []
        leaves.reserveCapacity(tensors.reduce(1) { $0 + ValuePacking.elementCount(values: $1.count) })
        for (t, tensor) in tensors.enumerated() {
            do {
                leaves += try ValuePacking.pack(tensor)
            } catch {
                guard case let .valueOutOfRange(position, value) = error else { throw error }
                throw .tensorValueOutOfRange(tensor: t, position: position, value: value)
            }
        }
        leaves.append(salt)
        return leaves
    }

    /// The tree behind `C(W)`, for inclusion paths of single leaves.
    public static func tree(_ tensors: [[Int64]], salt: Fr) throws(CommitmentError) -> PoseidonMerkleTree {
        PoseidonMerkleTree(leaves: try leaves(tensors, salt: salt))
    }

    /// `C(W)`, the root.
    public static func commit(_ tensors: [[Int64]], salt: Fr) throws(CommitmentError) -> Fr {
        try tree(tensors, salt: salt).root
    }
}
