import PoTAlgebra
import XCTest

@testable import PoTCommitments

final class ShplonkTests: XCTestCase {
    private let prover = KZGProver(srs: TestSRS.shared)
    private let verifier = KZGVerifier(key: TestSRS.shared.verifierKey)

    private func fresh(_ label: String = "shplonk-test") -> Transcript { Transcript(protocolLabel: label) }

    /// PLONK-like shape: several polynomials at z, two also at ωz, one at three points.
    private func instance(seed: UInt64) -> (polys: [Polynomial], queries: [KZGQuery]) {
        var rng = SeededRandom(seed: seed)
        let z = Fr.random(using: &rng), omega = Fr.rootOfUnity(log2Order: 8)
        let sets: [[Fr]] = [[z], [z], [z, z * omega], [z], [z, z * omega], [Fr(3), z, Fr(5)]]
        let polys = sets.indices.map { i in randomPolynomial([256, 200, 256, 1, 77, 128][i], using: &rng) }
        return (polys, zip(polys, sets).map { KZGQuery(commitment: prover.commit($0), points: $1) })
    }

    func testCompleteness() {
        for seed in 20..<23 as Range<UInt64> {
            let (polys, queries) = instance(seed: seed)
            var pt = fresh()
            let opening = prover.openMulti(polys, queries: queries, transcript: &pt)
            for (i, query) in queries.enumerated() {
                XCTAssertEqual(opening.values[i], query.points.map { polys[i].evaluate(at: $0) })
            }
            var vt = fresh()
            XCTAssertTrue(verifier.verifyMulti(queries: queries, opening: opening, transcript: &vt))
            XCTAssertEqual(pt.challenge("next"), vt.challenge("next"))
        }
    }

    /// One polynomial at one point, and every polynomial at its own point.
    func testCompletenessSmallShapes() {
        var rng = SeededRandom(seed: 24)
        let p = randomPolynomial(30, using: &rng)
        let single = [KZGQuery(commitment: prover.commit(p), points: [Fr(7)])]
        var pt = fresh(), vt = fresh()
        XCTAssertTrue(verifier.verifyMulti(queries: single, opening: prover.openMulti([p], queries: single, transcript: &pt), transcript: &vt))

        let polys = (0..<4).map { _ in randomPolynomial(64, using: &rng) }
        let queries = polys.map { KZGQuery(commitment: prover.commit($0), points: [Fr.random(using: &rng)]) }
        var pt2 = fresh(), vt2 = fresh()
        let opening = prover.openMulti(polys, queries: queries, transcript: &pt2)
        XCTAssertTrue(verifier.verifyMulti(queries: queries, opening: opening, transcript: &vt2))
    }

    func testSoundness() {
        let (polys, queries) = instance(seed: 25)
        var pt = fresh()
        let opening = prover.openMulti(polys, queries: queries, transcript: &pt)
        func accepts(_ queries: [KZGQuery], _ opening: KZGMultiOpening) -> Bool {
            var t = fresh()
            return verifier.verifyMulti(queries: queries, opening: opening, transcript: &t)
        }
        XCTAssertTrue(accepts(queries, opening))

        var values = opening.values
        values[2][1] += .one
        XCTAssertFalse(accepts(queries, KZGMultiOpening(values: values, w: opening.w, wPrime: opening.wPrime)), "wrong value")

        var wrongCommitment = queries
        wrongCommitment[4] = KZGQuery(commitment: queries[4].commitment + .generator, points: queries[4].points)
        XCTAssertFalse(accepts(wrongCommitment, opening), "wrong commitment")

        var wrongPoint = queries
        wrongPoint[0] = KZGQuery(commitment: queries[0].commitment, points: [queries[0].points[0] + .one])
        XCTAssertFalse(accepts(wrongPoint, opening), "wrong point")

        var swapped = queries
        swapped[0] = KZGQuery(commitment: queries[1].commitment, points: queries[0].points)
        XCTAssertFalse(accepts(swapped, opening), "commitment of another polynomial")

        XCTAssertFalse(accepts(queries, KZGMultiOpening(values: opening.values, w: opening.w + .generator, wPrime: opening.wPrime)), "tampered W")
        XCTAssertFalse(accepts(queries, KZGMultiOpening(values: opening.values, w: opening.w, wPrime: opening.wPrime + .generator)), "tampered W'")

        // Proof elements of another set of polynomials with the same points.
        let (others, otherQueries) = instance(seed: 26)
        var ot = fresh()
        let otherOpening = prover.openMulti(others, queries: otherQueries, transcript: &ot)
        XCTAssertFalse(accepts(queries, KZGMultiOpening(values: opening.values, w: otherOpening.w, wPrime: otherOpening.wPrime)), "another proof")

        // Malformed claims are rejected, not trapped on.
        var duplicated = queries
        duplicated[0] = KZGQuery(commitment: queries[0].commitment, points: [queries[0].points[0], queries[0].points[0]])
        var duplicatedValues = opening.values
        duplicatedValues[0] = [opening.values[0][0], opening.values[0][0]]
        XCTAssertFalse(accepts(duplicated, KZGMultiOpening(values: duplicatedValues, w: opening.w, wPrime: opening.wPrime)), "repeated point")
        XCTAssertFalse(accepts(Array(queries.dropLast()), opening), "count mismatch")
    }
}
