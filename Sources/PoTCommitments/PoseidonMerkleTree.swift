import PoTAlgebra

/// A binary Merkle tree with node `H(left, right)` = `Poseidon.hash(left, right)`
/// (docs/training.md, "Merkle trees"). Over `m` leaves its depth is `max(1, ⌈log2 m⌉)`; the
/// positions past `m` are padding, and a subtree of height h made only of padding is the
/// constant ``zeroSubtree(height:)``, so padding is never hashed.
public struct PoseidonMerkleTree: Sendable {
    /// `levels[h]` holds the nodes at height h that are not pure padding; `levels[0]` the leaves.
    private let levels: [[Fr]]

    /// The tree over `leaves`.
    public init(leaves: [Fr]) {
        let depth = Self.depth(leafCount: leaves.count)
        var levels = [leaves]
        for height in 0..<depth {
            let below = levels[height]
            let zero = Self.zeroSubtree(height: height)
            levels.append(stride(from: 0, to: below.count, by: 2).map { i in
                Poseidon.hash(below[i], i + 1 < below.count ? below[i + 1] : zero)
            })
        }
        self.levels = levels
    }

    /// The number of leaves the tree was built over (padding excluded).
    public var leafCount: Int { levels[0].count }

    /// The number of levels above the leaves.
    public var depth: Int { levels.count - 1 }

    /// The leaves the tree was built over.
    public var leaves: [Fr] { levels[0] }

    /// The node at height `depth`.
    public var root: Fr { levels[depth].first ?? Self.zeroSubtree(height: depth) }

    /// The siblings of leaf `index` from the bottom up; `index` may be a padding position.
    public func path(of index: Int) -> [Fr] {
        precondition(index >= 0 && index < 1 << depth, "leaf \(index) is outside a tree of depth \(depth)")
        return (0..<depth).map { height in
            let sibling = (index >> height) ^ 1
            return sibling < levels[height].count ? levels[height][sibling] : Self.zeroSubtree(height: height)
        }
    }

    /// The root that `leaf` at `index` and its siblings `path` (bottom up) lead to; a path
    /// proves inclusion when this equals the committed root.
    public static func root(leaf: Fr, index: Int, path: [Fr]) -> Fr {
        path.enumerated().reduce(leaf) { node, level in
            (index >> level.offset) & 1 == 0 ? Poseidon.hash(node, level.element) : Poseidon.hash(level.element, node)
        }
    }

    /// `max(1, ⌈log2 m⌉)` for `m` leaves.
    public static func depth(leafCount m: Int) -> Int {
        var d = 1
        while 1 << d < m { d += 1 }
        return d
    }

    /// `Z_h`: `Z_0 = 0`, `Z_{h+1} = H(Z_h, Z_h)`, the root of a subtree of height h made only of padding.
    public static func zeroSubtree(height: Int) -> Fr {
        precondition(height >= 0 && height < zeroSubtrees.count, "no tree is \(height) levels deep")
        return zeroSubtrees[height]
    }

    /// Heights up to 63 cover every leaf count an `Int` can hold.
    private static let zeroSubtrees: [Fr] = {
        var z: [Fr] = [.zero]
        for _ in 1..<64 { z.append(Poseidon.hash(z[z.count - 1], z[z.count - 1])) }
        return z
    }()
}
