import PoTAlgebra
import XCTest

@testable import PoTCommitments

/// Pairing equations checked one by one and in batches: a batch holds exactly when every
/// member does, because each member gets its own random weight that no member can predict.
final class PairingClaimTests: XCTestCase {
    private let prover = KZGProver(srs: TestSRS.shared)
    private let verifier = KZGVerifier(key: TestSRS.shared.verifierKey)

    /// The SHPLONK equations of `count` honest openings, each of three polynomials at one or
    /// two points.
    private func claims(_ count: Int, seed: UInt64, prover: KZGProver? = nil) -> [KZGPairingClaim] {
        let prover = prover ?? self.prover
        let verifier = KZGVerifier(key: prover.srs.verifierKey)
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let z = Fr.random(using: &rng)
            let polys = (0..<3).map { _ in randomPolynomial(64, using: &rng) }
            let queries = zip(polys, [[z], [z, z + .one], [z]]).map { KZGQuery(commitment: prover.commit($0), points: $1) }
            var pt = Transcript(protocolLabel: "claims"), vt = Transcript(protocolLabel: "claims")
            let opening = prover.openMulti(polys, queries: queries, transcript: &pt)
            return verifier.reduceMulti(queries: queries, opening: opening, transcript: &vt)!
        }
    }

    func testHonestClaimsHoldAloneAndTogether() {
        let honest = claims(5, seed: 1)
        XCTAssertTrue(honest.allSatisfy { $0.holds() })
        XCTAssertTrue(KZGPairingClaim.allHold(honest))
    }

    func testEmptyAndSingleBatches() {
        XCTAssertTrue(KZGPairingClaim.allHold([]), "nothing to reject")
        var claim = claims(1, seed: 2)[0]
        XCTAssertTrue(KZGPairingClaim.allHold([claim]))
        claim.rightScalars[0] += .one
        XCTAssertFalse(claim.holds())
        XCTAssertFalse(KZGPairingClaim.allHold([claim]))
    }

    /// One false claim among true ones sinks the batch, wherever it sits and whichever part of
    /// it is wrong.
    func testOneFalseClaimSinksTheBatch() {
        let honest = claims(4, seed: 3)
        for i in honest.indices {
            for part in 0..<4 {
                var batch = honest
                switch part {
                case 0: batch[i].left[0] = batch[i].left[0] + .generator
                case 1: batch[i].leftScalars[1] += .one
                case 2: batch[i].right[0] = batch[i].right[0] + .generator
                default: batch[i].left.append(.generator); batch[i].leftScalars.append(.one)
                }
                XCTAssertFalse(batch[i].holds(), "claim \(i) part \(part)")
                XCTAssertFalse(KZGPairingClaim.allHold(batch), "claim \(i) part \(part) passed in a batch")
            }
        }
    }

    /// Two false claims whose errors cancel under weights the prover could know: with the
    /// weights a seeded generator gives, the batch is fooled (which shows the construction
    /// cancels); with the verifier's own random weights it is not.
    func testErrorsThatCancelUnderKnownWeightsAreCaught() {
        let honest = claims(2, seed: 4)
        var equal = honest
        equal[0].left.append(.generator); equal[0].leftScalars.append(.one)
        equal[1].left.append(.generator); equal[1].leftScalars.append(-.one)
        XCTAssertFalse(equal[0].holds())
        XCTAssertFalse(equal[1].holds())
        // Under weights (1, 1) the errors cancel: the sum of the two equations holds.
        let sum = KZGPairingClaim(key: equal[0].key, left: equal[0].left + equal[1].left,
                                  leftScalars: equal[0].leftScalars + equal[1].leftScalars,
                                  right: equal[0].right + equal[1].right, rightScalars: equal[0].rightScalars + equal[1].rightScalars)
        XCTAssertTrue(sum.holds())

        // Weights a prover who knew the generator's seed would predict.
        var predicted = SeededRandom(seed: 77)
        let (w0, w1) = (KZGPairingClaim.weight(&predicted), KZGPairingClaim.weight(&predicted))
        XCTAssertNotEqual(w0, w1)
        var known = honest
        known[0].left.append(.generator); known[0].leftScalars.append(w1)
        known[1].left.append(.generator); known[1].leftScalars.append(-w0)
        var seeded = SeededRandom(seed: 77)
        XCTAssertTrue(KZGPairingClaim.allHold(known, random: &seeded), "the errors cancel under the predicted weights")

        for _ in 0..<5 {
            XCTAssertFalse(KZGPairingClaim.allHold(equal))
            XCTAssertFalse(KZGPairingClaim.allHold(known))
        }
    }

    /// Weights are below 2^128, nonzero, and differ from draw to draw.
    func testWeightsAreFreshAndShort() {
        var system = SystemRandomNumberGenerator()
        let weights = (0..<64).map { _ in KZGPairingClaim.weight(&system) }
        XCTAssertEqual(Set(weights).count, weights.count)
        for w in weights {
            XCTAssertNotEqual(w, .zero)
            XCTAssertEqual(Array(w.canonical[2...]), [0, 0])
        }
    }

    /// Claims under different SRSs share the batch: one pair of pairings per key.
    func testClaimsOfDifferentKeysBatchTogether() {
        let other = KZGProver(srs: SRS.insecure(k: 7, tau: Fr(0xbeef)))
        var mixed = claims(2, seed: 5) + claims(2, seed: 6, prover: other)
        XCTAssertNotEqual(mixed[0].key, mixed[2].key)
        XCTAssertTrue(KZGPairingClaim.allHold(mixed))
        mixed[3].leftScalars[0] += .one
        XCTAssertFalse(KZGPairingClaim.allHold(mixed))
    }

    /// The reduction and the direct check agree, and a malformed opening reduces to nothing.
    func testReductionMatchesVerifyMulti() {
        var rng = SeededRandom(seed: 8)
        let p = randomPolynomial(40, using: &rng)
        let queries = [KZGQuery(commitment: prover.commit(p), points: [Fr(3)])]
        var pt = Transcript(protocolLabel: "r")
        let opening = prover.openMulti([p], queries: queries, transcript: &pt)
        var t1 = Transcript(protocolLabel: "r"), t2 = Transcript(protocolLabel: "r"), t3 = Transcript(protocolLabel: "r")
        XCTAssertTrue(verifier.verifyMulti(queries: queries, opening: opening, transcript: &t1))
        XCTAssertTrue(verifier.reduceMulti(queries: queries, opening: opening, transcript: &t2)!.holds())
        XCTAssertEqual(t1.challenge("after"), t2.challenge("after"))
        XCTAssertNil(verifier.reduceMulti(queries: queries, opening: KZGMultiOpening(values: [], w: opening.w, wPrime: opening.wPrime),
                                          transcript: &t3))
    }
}
