import PoTAlgebra
import XCTest

@testable import PoTCommitments

final class KZGBatchTests: XCTestCase {
    private let prover = KZGProver(srs: TestSRS.shared)
    private let verifier = KZGVerifier(key: TestSRS.shared.verifierKey)

    private func fresh() -> Transcript { Transcript(protocolLabel: "kzg-batch-test") }

    func testCompletenessOnRandomSizes() {
        var rng = SeededRandom(seed: 10)
        for (count, maxSize) in [(1, 5), (2, 256), (5, 100), (9, 33)] {
            let polys = (0..<count).map { _ in randomPolynomial(1 + Int(rng.next() % UInt64(maxSize)), using: &rng) }
            let commitments = polys.map(prover.commit)
            let z = Fr.random(using: &rng)
            var pt = fresh()
            let opening = prover.openBatch(polys, commitments: commitments, at: z, transcript: &pt)
            XCTAssertEqual(opening.values, polys.map { $0.evaluate(at: z) })
            var vt = fresh()
            XCTAssertTrue(verifier.verifyBatch(commitments: commitments, point: z, opening: opening, transcript: &vt))
            // Both transcripts end in the same state.
            XCTAssertEqual(pt.challenge("next"), vt.challenge("next"))
        }
    }

    func testSoundness() {
        var rng = SeededRandom(seed: 11)
        let polys = (0..<4).map { _ in randomPolynomial(40, using: &rng) }
        let commitments = polys.map(prover.commit)
        let z = Fr.random(using: &rng)
        var pt = fresh()
        let opening = prover.openBatch(polys, commitments: commitments, at: z, transcript: &pt)
        func accepts(_ commitments: [G1], _ point: Fr, _ opening: KZGBatchOpening, label: String = "kzg-batch-test") -> Bool {
            var t = Transcript(protocolLabel: label)
            return verifier.verifyBatch(commitments: commitments, point: point, opening: opening, transcript: &t)
        }
        XCTAssertTrue(accepts(commitments, z, opening))

        var values = opening.values
        values[2] += .one
        XCTAssertFalse(accepts(commitments, z, KZGBatchOpening(values: values, proof: opening.proof)), "wrong value")
        var wrongCommitments = commitments
        wrongCommitments[1] = wrongCommitments[1] + .generator
        XCTAssertFalse(accepts(wrongCommitments, z, opening), "wrong commitment")
        XCTAssertFalse(accepts(commitments, z + .one, opening), "wrong point")
        XCTAssertFalse(accepts(Array(commitments.reversed()), z, KZGBatchOpening(values: opening.values.reversed(), proof: opening.proof)),
                       "claims permuted")
        XCTAssertFalse(accepts(commitments, z, opening, label: "another-protocol"), "another transcript")
        XCTAssertFalse(accepts(Array(commitments.prefix(3)), z, KZGBatchOpening(values: Array(opening.values.prefix(3)), proof: opening.proof)),
                       "a claim dropped")

        // The proof for other polynomials, with their true values.
        let others = (0..<4).map { _ in randomPolynomial(40, using: &rng) }
        var ot = fresh()
        let otherOpening = prover.openBatch(others, commitments: others.map(prover.commit), at: z, transcript: &ot)
        XCTAssertFalse(accepts(commitments, z, KZGBatchOpening(values: opening.values, proof: otherOpening.proof)), "another proof")
    }
}
