import PoTSystem

/// The SHA-256 Merkle tree of RFC 6962 §2.1: leaf = H(0x00‖data), node = H(0x01‖left‖right),
/// the left subtree of n > 1 leaves holds the largest power of two below n, the empty tree
/// hashes to H(""). Equivalently, built level by level, an odd last node is carried up
/// unchanged (never duplicated, so no two leaf lists share a root).
public enum MerkleTree {
    /// The byte that starts a leaf's preimage.
    static let leafPrefix: [UInt8] = [0]

    /// H(0x00 ‖ data).
    public static func leaf<Bytes: ContiguousBytes>(_ data: Bytes) -> Digest {
        var hasher = SHA256()
        hasher.update(leafPrefix)
        hasher.update(data)
        return Digest(hasher.finalize())
    }

    /// H(0x01 ‖ left ‖ right).
    public static func node(_ left: Digest, _ right: Digest) -> Digest {
        var hasher = SHA256()
        hasher.update([UInt8(1)])
        hasher.update(left.bytes)
        hasher.update(right.bytes)
        return Digest(hasher.finalize())
    }

    /// The root of the empty tree, H("").
    public static let emptyRoot = Digest(SHA256.hash([UInt8]()))

    /// The root over `leaves` (already leaf hashes).
    public static func root(_ leaves: [Digest]) -> Digest {
        var accumulator = Accumulator()
        for leaf in leaves { accumulator.append(leaf) }
        return accumulator.root
    }

    /// Builds a root from leaves that arrive one at a time, holding one digest per set bit
    /// of the count so far: memory is logarithmic in the number of leaves.
    public struct Accumulator: Sendable {
        /// Roots of complete subtrees, largest (leftmost) first, with their leaf counts.
        private var stack: [(digest: Digest, count: UInt64)] = []
        public private(set) var count: UInt64 = 0

        public init() {}

        public mutating func append(_ leaf: Digest) {
            var carry = (digest: leaf, count: UInt64(1))
            while let top = stack.last, top.count == carry.count {
                stack.removeLast()
                carry = (MerkleTree.node(top.digest, carry.digest), top.count * 2)
            }
            stack.append(carry)
            count += 1
        }

        /// The root of the leaves appended so far: the complete subtrees joined right to left.
        public var root: Digest {
            guard var result = stack.last?.digest else { return MerkleTree.emptyRoot }
            for subtree in stack.dropLast().reversed() { result = MerkleTree.node(subtree.digest, result) }
            return result
        }
    }

    /// The audit path of leaf `index` (RFC 9162 §2.1.3.1): sibling digests from the leaf up.
    public static func auditPath(index: Int, leaves: [Digest]) -> [Digest] {
        precondition(index >= 0 && index < leaves.count)
        func path(_ m: Int, _ range: Range<Int>) -> [Digest] {
            let n = range.count
            guard n > 1 else { return [] }
            var k = 1
            while k << 1 < n { k <<= 1 }
            let split = range.lowerBound + k
            return m < k ? path(m, range.lowerBound..<split) + [root(Array(leaves[split..<range.upperBound]))]
                         : path(m - k, split..<range.upperBound) + [root(Array(leaves[range.lowerBound..<split]))]
        }
        return path(index, 0..<leaves.count)
    }

    /// The root implied by `leaf` at `index` of a `count`-leaf tree and its audit path
    /// (RFC 9162 §2.1.3.2), or `nil` when the path has the wrong length for that position.
    public static func root(fromLeaf leaf: Digest, index: UInt64, count: UInt64, path: [Digest]) -> Digest? {
        guard index < count else { return nil }
        var fn = index, sn = count - 1
        var result = leaf
        for sibling in path {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                result = node(sibling, result)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                result = node(result, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? result : nil
    }
}
