import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk

/// `Verifier.verifyBatch`: many proofs, one multi-pairing. A batch is accepted only when every
/// proof would be alone; otherwise each bad proof is named, and only the bad ones.
final class BatchVerificationTests: XCTestCase {
    static let tau = Fr(0x5eed_7a05)
    static let srs = SRS.insecure(k: 6, tau: tau)

    static let key: ProvingKey = try! ProvingKey(TwoMuls(), k: 5, srs: srs, circuitName: "two-muls")

    /// Honest proofs of x·y for several witnesses (both factors and the product below 8).
    static let honest: [Proof] = ([(2, 3), (1, 5), (7, 1), (3, 2)] as [(UInt64, UInt64)]).map { x, y in
        try! Prover.prove(TwoMuls(x: Fr(x), y: Fr(y)), instances: [[Fr(x * y)]], key: key, srs: srs)
    }

    private func batch(_ proofs: [Proof]) -> [PlonkError?] {
        Verifier.verifyBatch(proofs.map { ($0, Self.key.vk) }, circuit: TwoMuls.self)
    }

    private func rejected(_ verdicts: [PlonkError?]) -> [Int] { verdicts.indices.filter { verdicts[$0] != nil } }

    func testHonestBatchIsAccepted() {
        XCTAssertEqual(rejected(batch(Self.honest)), [])
    }

    func testEmptyAndSingleProofBatches() throws {
        XCTAssertTrue(batch([]).isEmpty)
        XCTAssertEqual(Verifier.failures(among: []), [])
        XCTAssertEqual(rejected(batch([Self.honest[0]])), [])
        var bad = Self.honest[0]
        bad.wPrime = bad.wPrime + .generator
        XCTAssertEqual(rejected(batch([bad])), [0])
        XCTAssertThrowsError(try Verifier.verify(bad, key: Self.key.vk, circuit: TwoMuls.self))
    }

    /// A forced proof of a bad witness among honest ones: the batch names it and only it.
    func testOneBadProofAmongGoodOnesIsNamed() throws {
        let forced = try Prover.prove(TwoMuls(fault: .gate), instances: [[7]], key: Self.key, srs: Self.srs, threads: 2,
                                      progress: { _ in }, requireSatisfied: false)
        for position in 0...Self.honest.count {
            var proofs = Self.honest
            proofs.insert(forced, at: position)
            let verdicts = batch(proofs)
            XCTAssertEqual(rejected(verdicts), [position])
            guard case .proofRejected = verdicts[position] else { return XCTFail("\(String(describing: verdicts[position]))") }
        }
    }

    /// Every part of one proof tampered with, in a batch of honest proofs: rejected and named.
    func testTamperingEachPartOfOneProofIsRejected() {
        let target = Self.honest[1]
        var tampered: [(String, Proof)] = []
        func add(_ what: String, _ change: (inout Proof) -> Void) {
            var p = target
            change(&p)
            tampered.append((what, p))
        }
        add("public input") { $0.instances[0][0] += .one }
        for i in target.adviceCommitments.indices { add("advice commitment \(i)") { $0.adviceCommitments[i] = $0.adviceCommitments[i] + .generator } }
        for i in target.runningCommitments.indices { add("running commitment \(i)") { $0.runningCommitments[i] = $0.runningCommitments[i] + .generator } }
        for i in target.quotientCommitments.indices { add("quotient piece \(i)") { $0.quotientCommitments[i] = $0.quotientCommitments[i] + .generator } }
        for i in target.evaluations.indices { add("evaluation \(i)") { $0.evaluations[i] += .one } }
        add("W") { $0.w = $0.w + .generator }
        add("W'") { $0.wPrime = $0.wPrime + .generator }
        add("W and W' swapped") { let w = $0.w; $0.w = $0.wPrime; $0.wPrime = w }
        add("another proof's W'") { $0.wPrime = Self.honest[2].wPrime }
        add("a missing evaluation") { $0.evaluations.removeLast() }
        for (what, proof) in tampered {
            var proofs = Self.honest
            proofs[1] = proof
            XCTAssertEqual(rejected(batch(proofs)), [1], what)
        }
    }

    /// Two proofs, each invalid alone, whose pairing errors cancel when their equations are
    /// simply added: W' is absorbed after the last challenge, so moving W'_1 by Δ_1 and W'_2 by
    /// Δ_2 leaves z_1, z_2 and adds e(Δ_1, G2)^(z_1 − τ)·e(Δ_2, G2)^(z_2 − τ) to the product,
    /// which is 1 for Δ_2 = −(z_1 − τ)/(z_2 − τ)·Δ_1 (τ is known here: a test SRS). Under the
    /// verifier's random weights the batch rejects both.
    func testPairingErrorsThatCancelUnderFixedWeightsAreRejected() throws {
        let (a, b) = (Self.honest[0], Self.honest[1])
        let z = try [a, b].map { try XCTUnwrap(Verifier.prepare($0, key: Self.key.vk, circuit: TwoMuls.self).leftScalars.last) }
        var (badA, badB) = (a, b)
        badA.wPrime = a.wPrime + .generator
        badB.wPrime = b.wPrime + G1.generator * -((z[0] - Self.tau) * (z[1] - Self.tau).inverse!)

        let claims = try [badA, badB].map { try Verifier.prepare($0, key: Self.key.vk, circuit: TwoMuls.self) }
        XCTAssertEqual(claims.map { $0.leftScalars.last }, z, "W' does not move the challenges")
        XCTAssertFalse(claims[0].holds())
        XCTAssertFalse(claims[1].holds())
        let sum = KZGPairingClaim(key: claims[0].key, left: claims[0].left + claims[1].left,
                                  leftScalars: claims[0].leftScalars + claims[1].leftScalars,
                                  right: claims[0].right + claims[1].right, rightScalars: claims[0].rightScalars + claims[1].rightScalars)
        XCTAssertTrue(sum.holds(), "with weights (1, 1) the two errors cancel")

        for _ in 0..<5 {
            XCTAssertEqual(rejected(batch([badA, badB])), [0, 1])
            XCTAssertEqual(rejected(batch([Self.honest[2], badA, Self.honest[3], badB])), [1, 3])
        }
    }

    /// Proofs under different keys (another k, another SRS) verify in one batch.
    func testProofsOfDifferentKeysBatchTogether() throws {
        let otherSRS = SRS.insecure(k: 6, tau: Fr(0xd1ff))
        let other = try ProvingKey(TwoMuls(), k: 6, srs: otherSRS, circuitName: "two-muls")
        let proof = try Prover.prove(TwoMuls(), instances: [[6]], key: other, srs: otherSRS)
        var items = Self.honest.map { ($0, Self.key.vk) } + [(proof, other.vk)]
        XCTAssertEqual(rejected(Verifier.verifyBatch(items, circuit: TwoMuls.self)), [])
        items[4].0.w = proof.w + .generator
        XCTAssertEqual(rejected(Verifier.verifyBatch(items, circuit: TwoMuls.self)), [4])
        items[4] = (proof, Self.key.vk)
        XCTAssertEqual(rejected(Verifier.verifyBatch(items, circuit: TwoMuls.self)), [4], "a proof under another key")
    }
}
