import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// The root of a `PoseidonMerkleTree` over a fixed number of leaf cells (docs/training.md,
/// "Merkle trees"): pairs are hashed level by level, and the one padding subtree a level can
/// end with is the constant `Z_h`, bound through the constants column, never hashed.
/// Over m leaves it takes about m hashes (`PoseidonChip.rowsPerHash` rows each) and one row per
/// padded level.
public struct MerkleRootGadget {
    public let poseidon: PoseidonChip
    /// The advice column (with equality) that receives zero-subtree constants.
    public let constants: Column

    public static func configure(_ cs: ConstraintSystem, poseidon: PoseidonChip) -> MerkleRootGadget {
        _ = cs.sharedConstantsColumn()
        return MerkleRootGadget(poseidon: poseidon, constants: poseidon.state[0])
    }

    /// The cell holding the root over `leaves`, the same value as `PoseidonMerkleTree(leaves:).root`.
    public func root(_ layouter: Layouter, leaves: [AssignedCell]) throws(PlonkError) -> AssignedCell {
        precondition(!leaves.isEmpty, "a committed tree has at least its salt leaf")
        var level = leaves
        for height in 0..<PoseidonMerkleTree.depth(leafCount: leaves.count) {
            var above: [AssignedCell] = []
            for i in stride(from: 0, to: level.count, by: 2) {
                let right = i + 1 < level.count
                    ? level[i + 1]
                    : try layouter.constant(PoseidonMerkleTree.zeroSubtree(height: height), in: constants, "Z_\(height)")
                above.append(try poseidon.hash(layouter, level[i], right))
            }
            level = above
        }
        return level[0]
    }
}
