import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
import PoTCircuits

/// The two measures that make proofs zero-knowledge are in effect: each committed witness-side
/// polynomial has more random rows than points it is opened at, and two proofs of the same
/// witness share no commitment, so nothing in them is a function of the witness alone.
final class BlindingTests: XCTestCase {
    func testEveryOpenedWitnessColumnHasMoreRandomRowsThanOpenings() throws {
        func check<C: Circuit>(_ circuit: C.Type, k: Int) throws {
            let cs = ConstraintSystem(maxDegree: C.maxDegree)
            _ = try C.configure(cs)
            let layout = ArgumentLayout(cs: cs, k: k)
            // Advice columns hold random values from row u on; running products and sums from u + 1.
            let randomRows = layout.n - layout.usableRows - 1
            for (column, rotations) in layout.openings(layout.constraints(cs, .structural(cs))) where column.kind == .advice {
                XCTAssertLessThan(rotations.count, randomRows, "\(C.self): \(column) opened at \(rotations)")
            }
        }
        try check(SquaringChain.self, k: 8)
        try check(PoseidonChain.self, k: 8)
        try check(RangeProof.self, k: 8)
        try check(MulAddConstant.self, k: 8)
        try check(FreivaldsProduct.self, k: 8)
        try check(MaskedRange.self, k: 8)
    }

    func testTwoProofsOfOneWitnessShareNoCommitment() throws {
        for c in ProofSoundnessTests.cases {
            let (first, again) = (c.proof, try c.prove())
            for (a, b) in zip(first.adviceCommitments + first.runningCommitments + first.quotientCommitments,
                              again.adviceCommitments + again.runningCommitments + again.quotientCommitments) {
                XCTAssertNotEqual(a, b, c.name)
            }
            XCTAssertNotEqual(first.w, again.w, c.name)
        }
    }
}
