import PoTHashing
import PoTSystem
import XCTest

/// The tree against the Python hashlib reference (scripts/vectors/hashing_vectors.py).
final class MerkleTreeTests: XCTestCase {
    /// The bytes the script hashes: (i·31 + seed) mod 251.
    private func pattern(_ count: Int, seed: Int) -> [UInt8] { (0..<count).map { UInt8((($0 * 31) + seed) % 251) } }

    /// Roots of byte strings of 0…1000 bytes cut into 64-byte chunks, computed by hashing
    /// them as opaque files (through the parallel chunk hasher) on 1 and 3 threads.
    func testChunkedRootsMatchThePythonReference() throws {
        let folder = try TemporaryFolder()
        for vector in Fixtures.expected["tree"] as! [[String: Any]] {
            let length = vector["length"] as! Int, seed = vector["seed"] as! Int
            let path = try folder.write("data-\(length).bin", pattern(length, seed: seed))
            for threads in [1, 3] {
                let commitment = try commit(path, format: .opaque, chunkSize: 64, threads: threads)
                XCTAssertEqual(commitment.tensors[0].root.hex, vector["root"] as! String, "length \(length), \(threads) threads")
            }
        }
    }

    func testAuditPathsMatchThePythonReference() {
        for vector in Fixtures.expected["audit"] as! [[String: Any]] {
            let count = vector["count"] as! Int, index = vector["index"] as! Int
            let leaves = (0..<count).map { MerkleTree.leaf(Array(String($0).utf8)) }
            let path = MerkleTree.auditPath(index: index, leaves: leaves)
            XCTAssertEqual(MerkleTree.root(leaves).hex, vector["root"] as! String)
            XCTAssertEqual(path.map(\.hex), vector["path"] as! [String], "leaf \(index) of \(count)")
            let root = vector["root"] as! String
            XCTAssertEqual(MerkleTree.root(fromLeaf: leaves[index], index: UInt64(index), count: UInt64(count), path: path)?.hex, root)
        }
    }

    /// A path is only accepted at its own position and tree size.
    func testAuditPathsAreBoundToPositionAndSize() {
        for count in 1...17 {
            let leaves = (0..<count).map { MerkleTree.leaf([UInt8($0)]) }
            let root = MerkleTree.root(leaves)
            for index in 0..<count {
                let path = MerkleTree.auditPath(index: index, leaves: leaves)
                for otherIndex in 0..<(count + 2) where otherIndex != index {
                    XCTAssertNotEqual(MerkleTree.root(fromLeaf: leaves[index], index: UInt64(otherIndex), count: UInt64(count), path: path), root)
                }
                XCTAssertNil(MerkleTree.root(fromLeaf: leaves[index], index: UInt64(index), count: UInt64(count), path: path + [root]))
            }
        }
    }

    func testEmptyTreeAndSingleLeaf() {
        XCTAssertEqual(MerkleTree.root([]).hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let leaf = MerkleTree.leaf([UInt8]())
        XCTAssertEqual(leaf.hex, SHA256.hash([UInt8(0)]).map { String(format: "%02x", $0) }.joined())
        XCTAssertEqual(MerkleTree.root([leaf]), leaf)
    }

    func testDigestHexIsStrictlyLowercase() {
        let digest = MerkleTree.leaf([UInt8(1)])
        XCTAssertEqual(Digest(hex: digest.hex), digest)
        XCTAssertNil(Digest(hex: digest.hex.uppercased()))
        XCTAssertNil(Digest(hex: String(digest.hex.dropLast())))
        XCTAssertNil(Digest(hex: digest.hex + "0"))
    }
}
