import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk

/// Completeness and soundness of the prover and verifier on a circuit with a gate, a lookup,
/// copy constraints and a public input.
final class ProofTests: XCTestCase {
    static let srs = SRS.insecure(k: 6, tau: Fr(0x5eed_7a05))
    static let k = 5

    private func keys() throws -> ProvingKey {
        try ProvingKey(TwoMuls(), k: Self.k, srs: Self.srs, circuitName: "two-muls")
    }

    func testHonestProofVerifies() throws {
        let key = try keys()
        let proof = try Prover.prove(TwoMuls(), instances: [[6]], key: key, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: TwoMuls.self))
    }

    /// Witness columns committed from their values in the Lagrange basis give proofs that
    /// verify, and bad witnesses forced through still fail.
    func testProofsWithTheLagrangeBasisVerify() throws {
        let key = try keys()
        XCTAssertThrowsError(try key.prepareLagrangeBasis(srs: SRS.insecure(k: 6, tau: Fr(3)))) { error in
            guard case .keyMismatch = error as? PlonkError else { return XCTFail("\(error)") }
        }
        XCTAssertNil(key.lagrangeBasis)
        try key.prepareLagrangeBasis(srs: Self.srs, threads: 2)
        XCTAssertNotNil(key.lagrangeBasis)
        let proof = try Prover.prove(TwoMuls(), instances: [[6]], key: key, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: TwoMuls.self))
        for (circuit, output): (TwoMuls, Fr) in [(TwoMuls(fault: .gate), 7), (TwoMuls(fault: .copy), 7)] {
            let forced = try Prover.prove(circuit, instances: [[output]], key: key, srs: Self.srs, threads: 2,
                                          progress: { _ in }, requireSatisfied: false)
            XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: TwoMuls.self), "\(circuit.fault)")
        }
    }

    func testEncodingsRoundTrip() throws {
        let key = try keys()
        let proof = try Prover.prove(TwoMuls(), instances: [[6]], key: key, srs: Self.srs)
        let (decoded, digest) = try Proof.decode(proof.encoded(vkDigest: key.vk.digest), path: "proof")
        XCTAssertEqual(decoded, proof)
        XCTAssertEqual(digest, key.vk.digest)
        XCTAssertEqual(try VerifyingKey(bytes: key.vk.encoded(), path: "vk"), key.vk)
    }

    func testWrongPublicInputIsRejected() throws {
        let key = try keys()
        var proof = try Prover.prove(TwoMuls(), instances: [[6]], key: key, srs: Self.srs)
        proof.instances = [[7]]
        XCTAssertThrowsError(try Verifier.verify(proof, key: key.vk, circuit: TwoMuls.self))
        proof.instances = [[6, 0]]
        XCTAssertThrowsError(try Verifier.verify(proof, key: key.vk, circuit: TwoMuls.self), "an extra zero is another statement")
    }

    func testProverRefusesBadWitnesses() throws {
        let key = try keys()
        for (circuit, output): (TwoMuls, Fr) in [(TwoMuls(fault: .gate), 7), (TwoMuls(fault: .copy), 7), (TwoMuls(x: 9, y: 1), 9),
                                                 (TwoMuls(), 5)] {
            XCTAssertThrowsError(try Prover.prove(circuit, instances: [[output]], key: key, srs: Self.srs)) { error in
                guard case .witnessUnsatisfied = error as? PlonkError else { return XCTFail("\(error)") }
            }
        }
    }

    /// A prover that ignores the failed checks still cannot make the verifier accept.
    func testForcedProofsOfBadWitnessesAreRejected() throws {
        let key = try keys()
        for (circuit, output): (TwoMuls, Fr) in [(TwoMuls(fault: .gate), 7), (TwoMuls(fault: .copy), 7), (TwoMuls(), 5)] {
            let proof = try Prover.prove(circuit, instances: [[output]], key: key, srs: Self.srs, threads: 2,
                                         progress: { _ in }, requireSatisfied: false)
            XCTAssertThrowsError(try Verifier.verify(proof, key: key.vk, circuit: TwoMuls.self), "\(circuit.fault)")
        }
    }
}
