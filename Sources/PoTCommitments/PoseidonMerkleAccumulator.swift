import PoTAlgebra

/// The root of a `PoseidonMerkleTree` computed from leaves appended one at a time, in memory
/// logarithmic in their number: a model's tensors can be committed without holding its leaves.
/// It keeps one finished subtree per height that still waits for its right sibling.
public struct PoseidonMerkleAccumulator: Sendable {
    /// `pending[h]`: a finished subtree of height h whose right sibling has not been appended yet.
    private var pending: [Fr?] = []
    /// Leaves appended so far.
    public private(set) var leafCount = 0

    public init() {}

    public mutating func append(_ leaf: Fr) {
        var node = leaf
        var height = 0
        while height < pending.count, let left = pending[height] {
            node = Poseidon.hash(left, node)
            pending[height] = nil
            height += 1
        }
        if height == pending.count { pending.append(nil) }
        pending[height] = node
        leafCount += 1
    }

    /// The root over the leaves so far, padded as `PoseidonMerkleTree` pads them.
    public var root: Fr {
        let depth = PoseidonMerkleTree.depth(leafCount: leafCount)
        // `right` covers everything right of the pending subtrees below the current height;
        // nil while that is only padding.
        var right: Fr?
        for height in 0..<depth {
            let zero = PoseidonMerkleTree.zeroSubtree(height: height)
            if height < pending.count, let left = pending[height] {
                right = Poseidon.hash(left, right ?? zero)
            } else if let node = right {
                right = Poseidon.hash(node, zero)
            }
        }
        // 2^depth leaves exactly leave one finished subtree of height depth.
        if depth < pending.count, let full = pending[depth] { return full }
        return right ?? PoseidonMerkleTree.zeroSubtree(height: depth)
    }
}
