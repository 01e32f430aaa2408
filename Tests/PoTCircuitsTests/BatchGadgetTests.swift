import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// A small dataset, its tree and a schedule seed, as a trainer holds them.
private struct Dataset {
    let inputs: [[Int64]] = (0..<10).map { i in (0..<4).map { j in Int64(i * 4 + j) * 1000 - 15_000 } }
    let labels: [Int] = (0..<10).map { ($0 * 7) % 3 }
    let salt = Fr(0xda7a)
    var seed = Fr(0x5eed)
    let runId = Fr(0x1d)
    let batchSize = 3

    var tree: PoseidonMerkleTree {
        DatasetCommitment.tree(leaves: zip(inputs, labels).map { try! DatasetCommitment.leaf(inputs: $0, label: $1) }, salt: salt)
    }

    /// The examples of step `step`'s batch with their paths.
    func batch(step: Int) -> [BatchGadget.Example] {
        let tree = tree
        return BatchSchedule.batch(seed: seed, step: step, batchSize: batchSize, datasetSize: inputs.count).map { i in
            BatchGadget.Example(inputs: inputs[i].map(fieldValue), label: Fr(UInt64(labels[i])), siblings: tree.path(of: i))
        }
    }

    /// runId, t, D, S.
    func instances(step: Int) -> [[Fr]] {
        [[runId, Fr(UInt64(step)), tree.root, BatchSchedule.seedCommitment(seed: seed, runId: runId)]]
    }
}

/// Public runId, t, D and S; private seed and examples; the gadgets share one set of columns.
private struct BatchCircuit: Circuit {
    struct Config {
        let batch: BatchGadget
        let out: Column
    }

    let seed: Fr
    let runId: Fr
    let step: Int
    let datasetRoot: Fr
    let datasetSize: Int
    let examples: [BatchGadget.Example]

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let poseidon = try PoseidonChip.configure(cs)
        let range = try RangeCheckChip.configure(cs, limbBits: 8, lanes: 2)
        let advice = (0..<MerklePathChip.adviceColumns).map { _ in cs.adviceColumn() }
        let packing = try PackingChip.configure(cs, range: range, advice: Array(advice.prefix(PackingChip.adviceColumns)))
        let schedule = try ScheduleChip.configure(cs, poseidon: poseidon, range: range, advice: Array(advice.prefix(ScheduleChip.adviceColumns)))
        let leaf = DatasetLeafGadget(packing: packing, listHash: ListHashGadget.configure(cs, poseidon: poseidon))
        let path = try MerklePathChip.configure(cs, poseidon: poseidon, advice: advice)
        return Config(batch: BatchGadget(schedule: schedule, leaf: leaf, path: path), out: cs.instanceColumn())
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let batch = config.batch
        try batch.schedule.range.loadTable(layouter)
        let column = batch.schedule.advice[0]
        let (runIdCell, stepCell, rootCell, seedCell) = try layouter.region("inputs") { region throws(PlonkError) in
            (try region.assignAdvice(column, 0, runId), try region.assignAdvice(column, 1, Fr(UInt64(step))),
             try region.assignAdvice(column, 2, datasetRoot), try region.assignAdvice(column, 3, seed))
        }
        let s = try batch.seedCommitment(layouter, seed: seedCell, runId: runIdCell)
        _ = try batch.examples(layouter, seed: seedCell, step: stepCell, datasetRoot: rootCell, examples: examples, datasetSize: datasetSize)
        for (row, cell) in [runIdCell, stepCell, rootCell, s].enumerated() { try layouter.constrainInstance(cell, config.out, row: row) }
    }
}

final class BatchGadgetTests: XCTestCase {
    private let data = Dataset()

    private func circuit(step: Int, seed: Fr? = nil, examples: [BatchGadget.Example]? = nil) -> BatchCircuit {
        BatchCircuit(seed: seed ?? data.seed, runId: data.runId, step: step, datasetRoot: data.tree.root,
                     datasetSize: data.inputs.count, examples: examples ?? data.batch(step: step))
    }

    func testTheScheduledBatchIsProved() throws {
        for step in [0, 2, 7] {
            let checker = try DebugChecker(circuit(step: step), k: 10, instances: data.instances(step: step))
            XCTAssertTrue(checker.isSatisfied, "step \(step): \(checker.allFailures.prefix(3))")
        }
        try GadgetProofs.proveAndVerify(circuit(step: 2), k: 10, instances: data.instances(step: 2), "batch")
    }

    /// Step 3's examples (honest paths) offered for step 2: their paths start from other indices.
    func testAnotherStepsBatchIsRejected() throws {
        XCTAssertNotEqual(BatchSchedule.batch(seed: data.seed, step: 2, batchSize: 3, datasetSize: 10),
                          BatchSchedule.batch(seed: data.seed, step: 3, batchSize: 3, datasetSize: 10))
        try GadgetProofs.assertRejected(circuit(step: 2, examples: data.batch(step: 3)), k: 10,
                                        instances: data.instances(step: 2), "step 3's batch at step 2", expect: \.isCopy)
    }

    /// A changed input value changes the leaf, and the path no longer reaches D.
    func testAChangedExampleIsRejected() throws {
        var examples = data.batch(step: 2)
        let e = examples[1]
        examples[1] = BatchGadget.Example(inputs: [e.inputs[0] + 1] + e.inputs.dropFirst(), label: e.label, siblings: e.siblings)
        try GadgetProofs.assertRejected(circuit(step: 2, examples: examples), k: 10, instances: data.instances(step: 2),
                                        "changed input", expect: \.isCopy)
    }

    /// A seed other than the committed one: its batch is consistent, but S differs.
    func testAnUncommittedSeedIsRejected() throws {
        let other = Dataset(seed: 0x0bad)
        try GadgetProofs.assertRejected(circuit(step: 2, seed: other.seed, examples: other.batch(step: 2)), k: 10,
                                        instances: data.instances(step: 2), "other seed", expect: \.isInstance)
    }
}

