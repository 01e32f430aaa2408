import PoTAlgebra
import XCTest

@testable import PoTCommitments

/// Bad input to the training commitments: each rejection names the offending position.
final class TrainingCommitmentTests: XCTestCase {
    func testPackRejectsValuesOutsideTheRangeNamingThePosition() {
        XCTAssertNoThrow(try ValuePacking.pack([-(1 << 30), (1 << 30) - 1]))
        XCTAssertThrowsError(try ValuePacking.pack([0, 1, 1 << 30])) {
            XCTAssertEqual($0 as? CommitmentError, .valueOutOfRange(position: 2, value: 1 << 30))
        }
        XCTAssertThrowsError(try ValuePacking.pack(Array(repeating: 0, count: 9) + [-(1 << 30) - 1])) {
            XCTAssertEqual($0 as? CommitmentError, .valueOutOfRange(position: 9, value: -(1 << 30) - 1))
            XCTAssertTrue("\($0)".contains("position 9"))
        }
    }

    func testUnpackRejectsWhatPackNeverProduces() throws {
        let elements = try ValuePacking.pack([1, 2, 3])
        XCTAssertThrowsError(try ValuePacking.unpack(elements, count: 9)) {
            XCTAssertEqual($0 as? CommitmentError, .wrongElementCount(values: 9, expected: 2, got: 1))
        }
        // Slot 3 is past the end of a 3-value list: it must be 0.
        let extraSlot = elements[0] + Fr(2).power(93)
        XCTAssertThrowsError(try ValuePacking.unpack([extraSlot], count: 3)) {
            guard case .notAPacking(element: 0, _)? = $0 as? CommitmentError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try ValuePacking.unpack([elements[0] + Fr(2).power(250)], count: 3)) {
            guard case .notAPacking(element: 0, _)? = $0 as? CommitmentError else { return XCTFail("\($0)") }
        }
    }

    func testTensorCommitmentNamesTensorAndIndex() {
        XCTAssertThrowsError(try TensorCommitment.commit([[1, 2], [3, 4, 5, 1 << 31]], salt: 7)) {
            XCTAssertEqual($0 as? CommitmentError, .tensorValueOutOfRange(tensor: 1, position: 3, value: 1 << 31))
            XCTAssertTrue("\($0)".contains("tensor 1") && "\($0)".contains("index 3"))
        }
    }

    /// The salt is a leaf: another salt gives another root, and each tensor starts a new element.
    func testSaltAndTensorBoundariesChangeTheRoot() throws {
        let tensors: [[Int64]] = [[1, 2, 3], [4, 5]]
        let root = try TensorCommitment.commit(tensors, salt: 11)
        XCTAssertNotEqual(root, try TensorCommitment.commit(tensors, salt: 12))
        XCTAssertNotEqual(root, try TensorCommitment.commit([[1, 2, 3, 4, 5]], salt: 11))
        XCTAssertEqual(try TensorCommitment.leaves(tensors, salt: 11).count, 3)
    }

    func testDatasetLeafRejectsBadExamples() {
        XCTAssertThrowsError(try DatasetCommitment.leaf(inputs: [0, 0, 0, 0, 0, 1 << 40], label: 1)) {
            XCTAssertEqual($0 as? CommitmentError, .valueOutOfRange(position: 5, value: 1 << 40))
        }
        XCTAssertThrowsError(try DatasetCommitment.leaf(inputs: [0], label: -1)) {
            XCTAssertEqual($0 as? CommitmentError, .negativeLabel(-1))
        }
    }

    /// An inclusion path proves only its own leaf at its own index.
    func testInclusionPathBindsLeafIndexAndSiblings() {
        let leaves = (1...6).map { Fr(UInt64($0)) }
        let tree = PoseidonMerkleTree(leaves: leaves)
        XCTAssertEqual(tree.depth, 3)
        for i in 0..<8 {
            let leaf = i < leaves.count ? leaves[i] : .zero
            XCTAssertEqual(PoseidonMerkleTree.root(leaf: leaf, index: i, path: tree.path(of: i)), tree.root)
        }
        var path = tree.path(of: 4)
        XCTAssertNotEqual(PoseidonMerkleTree.root(leaf: leaves[4], index: 5, path: path), tree.root)
        XCTAssertNotEqual(PoseidonMerkleTree.root(leaf: leaves[3], index: 4, path: path), tree.root)
        path[1] += 1
        XCTAssertNotEqual(PoseidonMerkleTree.root(leaf: leaves[4], index: 4, path: path), tree.root)
    }

    func testSmallTreesHaveDepthOne() {
        XCTAssertEqual(PoseidonMerkleTree(leaves: [5]).root, Poseidon.hash(5, 0))
        XCTAssertEqual(PoseidonMerkleTree(leaves: []).root, PoseidonMerkleTree.zeroSubtree(height: 1))
        XCTAssertEqual(PoseidonMerkleTree.depth(leafCount: 1025), 11)
    }
}

/// The streaming forms agree with the whole-list ones.
final class CommitmentAccumulatorTests: XCTestCase {
    func testAccumulatedRootsEqualTheTree() {
        for m in 0...19 {
            let leaves = (0..<m).map { Fr(UInt64($0 * 31 + 5)) }
            var accumulator = PoseidonMerkleAccumulator()
            for leaf in leaves { accumulator.append(leaf) }
            XCTAssertEqual(accumulator.leafCount, m)
            XCTAssertEqual(accumulator.root, PoseidonMerkleTree(leaves: leaves).root, "\(m) leaves")
        }
    }

    /// Chunks of any size give the leaves of whole tensors.
    func testTensorAccumulatorEqualsTheLeaves() throws {
        let tensors: [[Int64]] = [(0..<19).map { Int64($0) - 9 }, [1 << 29], [], (0..<8).map { -Int64($0) << 20 }]
        let expected = PoseidonMerkleTree(leaves: try TensorCommitment.leaves(tensors, salt: 99)).root
        XCTAssertEqual(try TensorCommitment.commit(tensors, salt: 99), expected)
        var accumulator = TensorCommitment.Accumulator()
        for tensor in tensors {
            for start in stride(from: 0, to: tensor.count, by: 3) { try accumulator.append(tensor[start..<min(start + 3, tensor.count)]) }
            accumulator.endTensor()
        }
        XCTAssertEqual(accumulator.finish(salt: 99), expected)
        var bad = TensorCommitment.Accumulator()
        try bad.append([1, 2])
        bad.endTensor()
        try bad.append([3])
        XCTAssertThrowsError(try bad.append([4, -(1 << 30) - 1])) {
            XCTAssertEqual($0 as? CommitmentError, .tensorValueOutOfRange(tensor: 1, position: 2, value: -(1 << 30) - 1))
        }
    }
}
