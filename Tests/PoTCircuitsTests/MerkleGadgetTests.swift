import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// Private leaves, their Merkle root public.
private struct MerkleRoot: Circuit {
    let leaves: [Fr]

    var instances: [[Fr]] { [[PoseidonMerkleTree(leaves: leaves).root]] }

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (MerkleRootGadget, Column) {
        (MerkleRootGadget.configure(cs, poseidon: try PoseidonChip.configure(cs)), cs.instanceColumn())
    }

    func synthesize(_ config: (MerkleRootGadget, Column), _ layouter: Layouter) throws(PlonkError) {
        let cells = try layouter.region("leaves", in: config.0.poseidon.track) { region throws(PlonkError) in
            try leaves.enumerated().map { i, leaf throws(PlonkError) in try region.assignAdvice(config.0.poseidon.state[1], i, leaf) }
        }
        try layouter.constrainInstance(try config.0.root(layouter, leaves: cells), config.1, row: 0)
    }
}

/// Public leaf, index and root; private siblings.
private struct MerkleInclusion: Circuit {
    struct Config {
        let path: MerklePathChip
        let out: Column
    }

    let leaf: Fr
    let index: Int
    let siblings: [Fr]

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let poseidon = try PoseidonChip.configure(cs)
        let advice = (0..<MerklePathChip.adviceColumns).map { _ in cs.adviceColumn() }
        return Config(path: try MerklePathChip.configure(cs, poseidon: poseidon, advice: advice), out: cs.instanceColumn())
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let (leafCell, indexCell) = try layouter.region("inputs") { region throws(PlonkError) in
            (try region.assignAdvice(config.path.node, 0, leaf), try region.assignAdvice(config.path.index, 0, Fr(UInt64(index))))
        }
        let root = try config.path.root(layouter, leaf: leafCell, index: indexCell, siblings: siblings)
        try layouter.constrainInstance(leafCell, config.out, row: 0)
        try layouter.constrainInstance(indexCell, config.out, row: 1)
        try layouter.constrainInstance(root, config.out, row: 2)
    }
}

/// A public list hash of private elements.
private struct ListHashCircuit: Circuit {
    let elements: [Fr]

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (ListHashGadget, Column) {
        (ListHashGadget.configure(cs, poseidon: try PoseidonChip.configure(cs)), cs.instanceColumn())
    }

    func synthesize(_ config: (ListHashGadget, Column), _ layouter: Layouter) throws(PlonkError) {
        let cells = try layouter.region("elements", in: config.0.poseidon.track) { region throws(PlonkError) in
            try elements.enumerated().map { i, e throws(PlonkError) in try region.assignAdvice(config.0.poseidon.state[1], i, e) }
        }
        try layouter.constrainInstance(try config.0.hash(layouter, cells), config.1, row: 0)
    }
}

final class MerkleGadgetTests: XCTestCase {
    private let leaves: [Fr] = (1...6).map { Fr(UInt64($0 * 1000 + 7)) }

    func testRootEqualsTheNativeTree() throws {
        for m in [1, 2, 3, 5, 6] {
            let circuit = MerkleRoot(leaves: Array(leaves.prefix(m)))
            let checker = try DebugChecker(circuit, k: 9, instances: circuit.instances)
            XCTAssertTrue(checker.isSatisfied, "\(m) leaves: \(checker.allFailures.prefix(3))")
        }
        let circuit = MerkleRoot(leaves: leaves)
        try GadgetProofs.proveAndVerify(circuit, k: 9, instances: circuit.instances, "merkle-root")
        // Padding is constants: the same circuit over a padded-with-ones tree is another root.
        let wrong = try DebugChecker(circuit, k: 9, instances: [[PoseidonMerkleTree(leaves: leaves + [1, 1]).root]])
        XCTAssertTrue(wrong.firstFailure?.isInstance ?? false)
    }

    func testInclusionEqualsTheNativePath() throws {
        let tree = PoseidonMerkleTree(leaves: leaves)
        for i in 0..<8 {
            let leaf = i < leaves.count ? leaves[i] : .zero
            let circuit = MerkleInclusion(leaf: leaf, index: i, siblings: tree.path(of: i))
            let checker = try DebugChecker(circuit, k: 8, instances: [[leaf, Fr(UInt64(i)), tree.root]])
            XCTAssertTrue(checker.isSatisfied, "leaf \(i): \(checker.allFailures.prefix(3))")
        }
        let circuit = MerkleInclusion(leaf: leaves[5], index: 5, siblings: tree.path(of: 5))
        try GadgetProofs.proveAndVerify(circuit, k: 8, instances: [[leaves[5], 5, tree.root]], "merkle-inclusion")
    }

    func testInclusionRejectsAWrongSibling() throws {
        let tree = PoseidonMerkleTree(leaves: leaves)
        var siblings = tree.path(of: 2)
        siblings[1] += 1
        let circuit = MerkleInclusion(leaf: leaves[2], index: 2, siblings: siblings)
        try GadgetProofs.assertRejected(circuit, k: 8, instances: [[leaves[2], 2, tree.root]], "wrong sibling",
                                        expect: \.isInstance)
    }

    /// The leaf of index 2 claimed at index 3: the path of leaf 2 is honest, but the public
    /// index says 3; flipping bit 0 back to 1 breaks the swap or the recomposition.
    func testInclusionRejectsAWrongIndexBit() throws {
        let tree = PoseidonMerkleTree(leaves: leaves)
        let circuit = MerkleInclusion(leaf: leaves[2], index: 2, siblings: tree.path(of: 2))
        let instances: [[Fr]] = [[leaves[2], 2, tree.root]]
        XCTAssertTrue(try DebugChecker(circuit, k: 8, instances: instances).isSatisfied)
        let config = try MerkleInclusion.configured().config.path
        let level0 = try GadgetProofs.regionRows(circuit, k: 8, named: "merkle path level 0")[0].lowerBound
        // A flipped bit breaks the swap and the running sum.
        try GadgetProofs.assertRejected(circuit, k: 8, instances: instances, "flipped index bit",
                                        expect: { $0.isGate("merkle path swap") },
                                        tamper: { $0[config.bit.index][level0] = .one })
        // A non-boolean "bit" that keeps the running sum: z_0 = 2 = b + 2·z_1 with b = 2, z_1 = 0.
        try GadgetProofs.assertRejected(circuit, k: 8, instances: instances, "non-boolean index bit",
                                        expect: { $0.isGate("merkle path swap") },
                                        tamper: { $0[config.bit.index][level0] = 2; $0[config.indexUp.index][level0] = 0 })
        // The public index 3 with leaf 2's honest path.
        try GadgetProofs.assertRejected(circuit, k: 8, instances: [[leaves[2], 3, tree.root]], "claimed index 3",
                                        expect: \.isInstance)
    }

    /// An index past 2^depth cannot be written with depth bits.
    func testInclusionRejectsAnIndexBeyondTheTree() throws {
        let tree = PoseidonMerkleTree(leaves: leaves)
        let circuit = MerkleInclusion(leaf: leaves[1], index: 9, siblings: tree.path(of: 1))
        try GadgetProofs.assertRejected(circuit, k: 8, instances: [[leaves[1], 9, tree.root]], "index 9 in depth 3",
                                        expect: { $0.isGate("merkle path swap") })
    }

    func testListHashEqualsTheNativeHash() throws {
        for elements in [[], [Fr(5)], [Fr(5), 6, 7]] as [[Fr]] {
            let circuit = ListHashCircuit(elements: elements)
            let checker = try DebugChecker(circuit, k: 8, instances: [[ListHash.hash(elements)]])
            XCTAssertTrue(checker.isSatisfied, "\(elements.count) elements: \(checker.allFailures.prefix(3))")
        }
        let circuit = ListHashCircuit(elements: [5, 6])
        try GadgetProofs.proveAndVerify(circuit, k: 8, instances: [[ListHash.hash([5, 6])]], "list-hash")
        // The length is bound: [5, 6] does not hash like [5, 6, 0].
        let padded = try DebugChecker(circuit, k: 8, instances: [[ListHash.hash([5, 6, 0])]])
        XCTAssertTrue(padded.firstFailure?.isInstance ?? false)
    }
}
