import Foundation
import PoTAlgebra
import XCTest

@testable import PoTCommitments

/// commitment_vectors.json: docs/training.md's definitions written out in Python over the
/// `poseidon-hash` PyPI package configured as circomlib (scripts/vectors/commitment_vectors.py).
/// Its trees hash every padding leaf, so they also check the zero-subtree shortcut.
private struct CommitmentVectors: Decodable {
    struct Packing: Decodable { let values: [Int64]; let elements: [String] }
    struct Tree: Decodable { let leaves: [String]; let root: String; let index: Int; let path: [String] }
    struct Tensor: Decodable { let tensors: [[Int64]]; let salt, commitment: String }
    struct Example: Decodable { let inputs: [Int64]; let label: Int; let leaf: String }
    struct Dataset: Decodable { let examples: [Example]; let salt, root: String }
    struct Index: Decodable { let step, position: Int; let hash: String; let index: Int }
    struct Schedule: Decodable {
        let seed, configuration, runId, seedCommitment: String
        let batchSize, datasetSize: Int
        let indices: [Index]
    }
    let zeroSubtrees: [String]
    let packings: [Packing]
    let trees: [Tree]
    let tensor: Tensor
    let dataset: Dataset
    let schedule: Schedule

    static func load() throws -> CommitmentVectors {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("commitment_vectors.json")))
        return try JSONDecoder().decode(CommitmentVectors.self, from: data)
    }
}

private func fr(_ text: String) -> Fr { Fr(text)! }

final class CommitmentVectorTests: XCTestCase {
    func testZeroSubtreesAgreeWithPython() throws {
        let vectors = try CommitmentVectors.load()
        for (h, z) in vectors.zeroSubtrees.enumerated() {
            XCTAssertEqual(PoseidonMerkleTree.zeroSubtree(height: h), fr(z), "Z_\(h)")
        }
    }

    func testPackingAgreesWithPythonAndUnpacks() throws {
        let vectors = try CommitmentVectors.load()
        XCTAssertEqual(vectors.packings.count, 5)
        for p in vectors.packings {
            let elements = try ValuePacking.pack(p.values)
            XCTAssertEqual(elements, p.elements.map(fr), "packing of \(p.values.count) values")
            XCTAssertEqual(try ValuePacking.unpack(elements, count: p.values.count), p.values)
        }
    }

    func testTreeRootsAndPathsAgreeWithPython() throws {
        let vectors = try CommitmentVectors.load()
        for t in vectors.trees {
            let leaves = t.leaves.map(fr)
            let tree = PoseidonMerkleTree(leaves: leaves)
            XCTAssertEqual(tree.root, fr(t.root), "root over \(leaves.count) leaves")
            XCTAssertEqual(tree.path(of: t.index), t.path.map(fr), "path of \(t.index) over \(leaves.count) leaves")
            let leaf = t.index < leaves.count ? leaves[t.index] : .zero
            XCTAssertEqual(PoseidonMerkleTree.root(leaf: leaf, index: t.index, path: tree.path(of: t.index)), tree.root)
        }
    }

    func testTensorCommitmentAgreesWithPython() throws {
        let vectors = try CommitmentVectors.load()
        XCTAssertEqual(try TensorCommitment.commit(vectors.tensor.tensors, salt: fr(vectors.tensor.salt)),
                       fr(vectors.tensor.commitment))
    }

    func testDatasetLeavesAndRootAgreeWithPython() throws {
        let vectors = try CommitmentVectors.load()
        let leaves = try vectors.dataset.examples.map { try DatasetCommitment.leaf(inputs: $0.inputs, label: $0.label) }
        XCTAssertEqual(leaves, vectors.dataset.examples.map { fr($0.leaf) })
        XCTAssertEqual(DatasetCommitment.tree(leaves: leaves, salt: fr(vectors.dataset.salt)).root, fr(vectors.dataset.root))
    }

    func testScheduleAndRunIdAgreeWithPython() throws {
        let s = try CommitmentVectors.load().schedule
        let runId = RunIdentity.runId(configuration: Array(s.configuration.utf8))
        XCTAssertEqual(runId, fr(s.runId))
        XCTAssertEqual(BatchSchedule.seedCommitment(seed: fr(s.seed), runId: runId), fr(s.seedCommitment))
        XCTAssertEqual(s.indices.count, 12)
        for i in s.indices {
            XCTAssertEqual(BatchSchedule.hash(seed: fr(s.seed), step: i.step, position: i.position, batchSize: s.batchSize),
                           fr(i.hash))
            XCTAssertEqual(BatchSchedule.index(seed: fr(s.seed), step: i.step, position: i.position,
                                               batchSize: s.batchSize, datasetSize: s.datasetSize), i.index,
                           "idx(\(i.step), \(i.position))")
        }
        let steps = Dictionary(grouping: s.indices, by: \.step)
        for (step, entries) in steps {
            XCTAssertEqual(BatchSchedule.batch(seed: fr(s.seed), step: step, batchSize: s.batchSize, datasetSize: s.datasetSize),
                           entries.sorted { $0.position < $1.position }.map(\.index))
        }
    }
}
