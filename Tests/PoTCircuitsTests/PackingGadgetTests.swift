import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
@testable import PoTCircuits

/// A signed value as the circuit holds it (a negative v is r − |v|).
func fieldValue(_ v: Int64) -> Fr { v >= 0 ? Fr(UInt64(v)) : -Fr(v.magnitude) }

/// Private values packed; the elements and then the value cells are public.
private struct Packing: Circuit {
    let values: [Fr]

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (PackingChip, Column) {
        let range = try RangeCheckChip.configure(cs, limbBits: 8, lanes: 2)
        let advice = (0..<PackingChip.adviceColumns).map { _ in cs.adviceColumn() }
        return (try PackingChip.configure(cs, range: range, advice: advice), cs.instanceColumn())
    }

    func synthesize(_ config: (PackingChip, Column), _ layouter: Layouter) throws(PlonkError) {
        let (chip, out) = config
        try chip.range.loadTable(layouter)
        let (elements, cells) = try chip.pack(layouter, values: values)
        for (row, cell) in (elements + cells).enumerated() { try layouter.constrainInstance(cell, out, row: row) }
    }
}

/// Values range-checked as a statement checks its results (signed, 31 bits), then packed
/// without a second check of their slots; the elements public.
private struct PackingChecked: Circuit {
    let values: [Fr]

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (PackingChip, Column) { try Packing.configure(cs) }

    func synthesize(_ config: (PackingChip, Column), _ layouter: Layouter) throws(PlonkError) {
        let (chip, out) = config
        try chip.range.loadTable(layouter)
        let cells = try layouter.region("results") { region throws(PlonkError) in
            try values.enumerated().map { row, v throws(PlonkError) in try region.assignAdvice(chip.value, row, v) }
        }
        try chip.range.checkSigned(layouter, cells, bits: ValuePacking.slotBits)
        for (row, cell) in try chip.pack(layouter, copyingRangeChecked: cells).enumerated() {
            try layouter.constrainInstance(cell, out, row: row)
        }
    }
}

/// Private tensors and salt, `C(W)` public, through `TensorCommitmentGadget`.
private struct TensorCommit: Circuit {
    let tensors: [[Int64]]
    let salt: Fr

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (TensorCommitmentGadget, Column) {
        let poseidon = try PoseidonChip.configure(cs)
        let range = try RangeCheckChip.configure(cs, limbBits: 8, lanes: 2)
        let packing = try PackingChip.configure(cs, range: range, advice: (0..<3).map { _ in cs.adviceColumn() })
        return (TensorCommitmentGadget(packing: packing, merkle: MerkleRootGadget.configure(cs, poseidon: poseidon)), cs.instanceColumn())
    }

    func synthesize(_ config: (TensorCommitmentGadget, Column), _ layouter: Layouter) throws(PlonkError) {
        let (gadget, out) = config
        try gadget.packing.range.loadTable(layouter)
        let (cells, saltCell) = try layouter.region("weights") { region throws(PlonkError) in
            var row = 0
            var cells: [[AssignedCell]] = []
            for tensor in tensors {
                cells.append(try tensor.map { v throws(PlonkError) in
                    defer { row += 1 }
                    return try region.assignAdvice(gadget.packing.value, row, fieldValue(v))
                })
            }
            return (cells, try region.assignAdvice(gadget.packing.value, row, salt))
        }
        try layouter.constrainInstance(try gadget.commit(layouter, tensors: cells, salt: saltCell), out, row: 0)
        // The same tensors as fresh values commit to the same root, and hand back their cells.
        let fresh = try gadget.commit(layouter, values: tensors.map { $0.map(fieldValue) }, salt: saltCell)
        try layouter.constrainInstance(fresh.commitment, out, row: 1)
        for (t, tensor) in fresh.values.enumerated() {
            for (i, cell) in tensor.enumerated() {
                try layouter.region("same value") { region throws(PlonkError) in try region.constrainEqual(cell, cells[t][i]) }
            }
        }
    }
}

/// A private example's dataset leaf public.
private struct DatasetLeaf: Circuit {
    let inputs: [Int64]
    let label: Int

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> (DatasetLeafGadget, Column) {
        let poseidon = try PoseidonChip.configure(cs)
        let range = try RangeCheckChip.configure(cs, limbBits: 8, lanes: 2)
        let packing = try PackingChip.configure(cs, range: range, advice: (0..<3).map { _ in cs.adviceColumn() })
        return (DatasetLeafGadget(packing: packing, listHash: ListHashGadget.configure(cs, poseidon: poseidon)), cs.instanceColumn())
    }

    func synthesize(_ config: (DatasetLeafGadget, Column), _ layouter: Layouter) throws(PlonkError) {
        let (gadget, out) = config
        try gadget.packing.range.loadTable(layouter)
        let leaf = try gadget.leaf(layouter, inputs: inputs.map(fieldValue), label: Fr(UInt64(label)))
        try layouter.constrainInstance(leaf.leaf, out, row: 0)
    }
}

final class PackingGadgetTests: XCTestCase {
    private let values: [Int64] = [-(1 << 30), (1 << 30) - 1, -1, 0, 1, 65536, -65536, 12345, 7, -7, 99]

    private func instances(_ values: [Int64]) throws -> [[Fr]] {
        [try ValuePacking.pack(values) + values.map(fieldValue)]
    }

    func testPackingEqualsTheNativePacking() throws {
        for count in [1, 8, 11] {
            let list = Array(values.prefix(count))
            let circuit = Packing(values: list.map(fieldValue))
            let checker = try DebugChecker(circuit, k: 9, instances: try instances(list))
            XCTAssertTrue(checker.isSatisfied, "\(count) values: \(checker.allFailures.prefix(3))")
        }
        try GadgetProofs.proveAndVerify(Packing(values: values.map(fieldValue)), k: 9, instances: try instances(values), "packing")
    }

    /// Slot 0 carries 2^31 into slot 1 (u_0 + 2^31, u_1 − 1): the same element, other values.
    /// Every gate holds; only the slot's range check rejects it.
    func testASlotCarryingIntoItsNeighbourIsRejected() throws {
        let honest: [Int64] = [5, 6, 7]
        let aliased = [fieldValue(5) + Fr(UInt64(1) << 31), fieldValue(6 - 1), fieldValue(7)]
        let instances = [try ValuePacking.pack(honest) + aliased]
        try GadgetProofs.assertRejected(Packing(values: aliased), k: 9, instances: instances, "carrying slot",
                                        expect: \.isRangeCheck)
    }

    /// The statement's own signed check stands in for the slots' check: the carry is still caught.
    func testPackingCheckedCellsRejectsACarry() throws {
        let circuit = PackingChecked(values: values.map(fieldValue))
        let checker = try DebugChecker(circuit, k: 9, instances: [try ValuePacking.pack(values)])
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        XCTAssertEqual(try GadgetProofs.regionRows(circuit, k: 9, named: "range check 31 bits").count, 1, "no second range check")
        let aliased = [fieldValue(5) + Fr(UInt64(1) << 31), fieldValue(6 - 1), fieldValue(7)]
        try GadgetProofs.assertRejected(PackingChecked(values: aliased), k: 9, instances: [try ValuePacking.pack([5, 6, 7])],
                                        "carrying slot after a signed check", expect: \.isRangeCheck)
    }

    func testValuesOutsideTheRangeAreRejected() throws {
        // v = 2^30 is the slot 2^31; v = −2^30 − 1 is the slot r − 1.
        for v in [Fr(UInt64(1) << 30), -Fr(UInt64(1) << 30) - 1] {
            let element = v + Fr(UInt64(ValuePacking.offset))
            try GadgetProofs.assertRejected(Packing(values: [v]), k: 9, instances: [[element, v]], "value \(v)",
                                            expect: \.isRangeCheck)
        }
    }

    func testTensorCommitmentEqualsTheNativeCommitment() throws {
        let tensors: [[Int64]] = [Array(values.prefix(10)), [3, -3, 300], [1 << 20]]
        let circuit = TensorCommit(tensors: tensors, salt: 0xabcdef)
        let commitment = try TensorCommitment.commit(tensors, salt: 0xabcdef)
        let checker = try DebugChecker(circuit, k: 10, instances: [[commitment, commitment]])
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        try GadgetProofs.proveAndVerify(circuit, k: 10, instances: [[commitment, commitment]], "tensor-commitment")
        // One weight off by one is another commitment.
        let changed = try TensorCommitment.commit([Array(values.prefix(10)), [3, -3, 301], [1 << 20]], salt: 0xabcdef)
        XCTAssertTrue(try DebugChecker(circuit, k: 10, instances: [[changed, commitment]]).firstFailure?.isInstance ?? false)
        XCTAssertTrue(try DebugChecker(circuit, k: 10, instances: [[commitment, changed]]).firstFailure?.isInstance ?? false)
    }

    func testDatasetLeafEqualsTheNativeLeaf() throws {
        let inputs: [Int64] = (0..<10).map { Int64($0) * 4096 - 20000 }
        let leaf = try DatasetCommitment.leaf(inputs: inputs, label: 7)
        let circuit = DatasetLeaf(inputs: inputs, label: 7)
        let checker = try DebugChecker(circuit, k: 9, instances: [[leaf]])
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        try GadgetProofs.proveAndVerify(circuit, k: 9, instances: [[leaf]], "dataset-leaf")
        let otherLabel = try DatasetCommitment.leaf(inputs: inputs, label: 6)
        XCTAssertTrue(try DebugChecker(circuit, k: 9, instances: [[otherLabel]]).firstFailure?.isInstance ?? false)
    }
}
