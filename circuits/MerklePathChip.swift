import PoTAlgebra
import PoTPlonk

/// Proves that a leaf sits at a given index of a Poseidon Merkle tree: from the leaf and the
/// private siblings (bottom up) it computes the root cell, the caller constrains it to the
/// committed root.
///
/// Level i takes one swap row and one hash. The swap row holds the index bit `b`, the node
/// coming up, the sibling, the ordered pair (`left`, `right`) that is hashed, and the index's
/// running sum `z_i = b_i + 2·z_(i+1)`:
///   b·(1 − b) = 0,  left = node + b·(sibling − node),  right = node + sibling − left,
///   z = b + 2·zUp.
/// `z_0` is the index cell, copied in, and the last `zUp` is the constant 0, so the bits are the
/// index's binary digits and the index is below 2^depth.
public struct MerklePathChip {
    public let poseidon: PoseidonChip
    public let bit: Column, node: Column, sibling: Column, left: Column, right: Column
    /// The running sum `z_i` and its successor `z_(i+1)`, copied into the next level's row.
    public let index: Column, indexUp: Column
    public let swap: Selector

    /// Advice columns the chip takes from the caller (they may be shared with other gadgets'
    /// rows, since its gate reads only its own row).
    public static let adviceColumns = 7

    public static func configure(_ cs: ConstraintSystem, poseidon: PoseidonChip, advice: [Column]) throws(PlonkError) -> MerklePathChip {
        precondition(advice.count == adviceColumns, "the path chip lays out \(adviceColumns) advice columns")
        _ = cs.sharedConstantsColumn()
        let chip = MerklePathChip(poseidon: poseidon, bit: advice[0], node: advice[1], sibling: advice[2],
                                  left: advice[3], right: advice[4], index: advice[5], indexUp: advice[6], swap: cs.selector())
        for column in [chip.node, chip.left, chip.right, chip.index, chip.indexUp] { cs.enableEquality(column) }
        let s = chip.swap.expression
        let (b, n, sib, l, r) = (chip.bit.cur, chip.node.cur, chip.sibling.cur, chip.left.cur, chip.right.cur)
        try cs.createGate("merkle path swap", [
            Constraint("b is a bit", s * b * (Expr(1) - b)),
            Constraint("left = node or sibling", s * (l - n - b * (sib - n))),
            Constraint("right = the other", s * (r - n - sib + l)),
            Constraint("z = b + 2·z_up", s * (chip.index.cur - b - Expr(2) * chip.indexUp.cur)),
        ])
        return chip
    }

    /// The root reached from `leaf` at `index` with `siblings` (bottom up); one level per sibling.
    public func root(_ layouter: Layouter, leaf: AssignedCell, index: AssignedCell, siblings: [Fr]) throws(PlonkError) -> AssignedCell {
        precondition(!siblings.isEmpty && siblings.count < 253, "a path has 1 to 252 levels")
        let digits = index.value.canonical
        var (node, z) = (leaf, index)
        for (level, sibling) in siblings.enumerated() {
            let b = (digits[level / 64] >> UInt64(level % 64)) & 1 == 1
            let pair = try layouter.region("merkle path level \(level)") { region throws(PlonkError) in
                try region.enable(swap, 0)
                try region.assignAdvice(bit, 0, b ? .one : .zero)
                try region.copy(node, to: self.node, 0)
                try region.assignAdvice(self.sibling, 0, sibling)
                let pair = b ? (sibling, node.value) : (node.value, sibling)
                let l = try region.assignAdvice(left, 0, pair.0)
                let r = try region.assignAdvice(right, 0, pair.1)
                try region.copy(z, to: self.index, 0)
                // The top is the constant 0 whatever the witness (an index ≥ 2^depth then
                // breaks this row's running sum), so keys never depend on the index.
                let up = (z.value - (b ? .one : .zero)) * Fr(2).inverse!
                z = level == siblings.count - 1
                    ? try region.assignConstant(indexUp, 0, .zero)
                    : try region.assignAdvice(indexUp, 0, up)
                return (l, r)
            }
            node = try poseidon.hash(layouter, pair.0, pair.1)
        }
        return node
    }
}
