import PoTAlgebra
import XCTest

@testable import PoTCommitments

final class KZGTests: XCTestCase {
    private let prover = KZGProver(srs: TestSRS.shared)
    private let verifier = KZGVerifier(key: TestSRS.shared.verifierKey)

    /// The commitment is p(τ)·G, computed independently from the known test τ.
    func testCommitmentIsEvaluationAtTau() {
        var rng = SeededRandom(seed: 1)
        let p = randomPolynomial(100, using: &rng)
        XCTAssertEqual(prover.commit(p), G1.generator * p.evaluate(at: TestSRS.tau))
        XCTAssertEqual(prover.commit(.zero), .infinity)
    }

    func testSingleOpeningCompleteness() {
        var rng = SeededRandom(seed: 2)
        for size in [1, 2, 3, 17, 64, 255, 256] {
            let p = randomPolynomial(size, using: &rng)
            let z = Fr.random(using: &rng)
            let opening = prover.open(p, at: z)
            XCTAssertEqual(opening.value, p.evaluate(at: z))
            XCTAssertTrue(verifier.verify(commitment: prover.commit(p), point: z, opening: opening), "size \(size)")
        }
    }

    /// Opening at a root, at zero, and a zero polynomial.
    func testSingleOpeningEdgeCases() {
        let p = Polynomial(coefficients: [-Fr(6), Fr(1), Fr(1)])  // (X − 2)(X + 3)
        let atRoot = prover.open(p, at: Fr(2))
        XCTAssertEqual(atRoot.value, .zero)
        XCTAssertTrue(verifier.verify(commitment: prover.commit(p), point: Fr(2), opening: atRoot))
        XCTAssertTrue(verifier.verify(commitment: prover.commit(p), point: .zero, opening: prover.open(p, at: .zero)))
        XCTAssertTrue(verifier.verify(commitment: prover.commit(.zero), point: Fr(9), opening: prover.open(.zero, at: Fr(9))))
        let constant = Polynomial(constant: Fr(42))
        let opening = prover.open(constant, at: Fr(9))
        XCTAssertEqual(opening.value, Fr(42))
        XCTAssertEqual(opening.proof, .infinity)
        XCTAssertTrue(verifier.verify(commitment: prover.commit(constant), point: Fr(9), opening: opening))
    }

    func testSingleOpeningSoundness() {
        var rng = SeededRandom(seed: 3)
        let p = randomPolynomial(50, using: &rng), q = randomPolynomial(50, using: &rng)
        let z = Fr.random(using: &rng)
        let commitment = prover.commit(p)
        let opening = prover.open(p, at: z)
        XCTAssertTrue(verifier.verify(commitment: commitment, point: z, opening: opening))

        // A wrong value.
        XCTAssertFalse(verifier.verify(commitment: commitment, point: z, opening: KZGOpening(value: opening.value + .one, proof: opening.proof)))
        // A wrong commitment.
        XCTAssertFalse(verifier.verify(commitment: commitment + .generator, point: z, opening: opening))
        XCTAssertFalse(verifier.verify(commitment: prover.commit(q), point: z, opening: opening))
        // A wrong point.
        XCTAssertFalse(verifier.verify(commitment: commitment, point: z + .one, opening: opening))
        // The proof of another polynomial, with that polynomial's true value.
        let other = prover.open(q, at: z)
        XCTAssertFalse(verifier.verify(commitment: commitment, point: z, opening: other))
        XCTAssertFalse(verifier.verify(commitment: commitment, point: z, opening: KZGOpening(value: opening.value, proof: other.proof)))
        // A tampered proof.
        XCTAssertFalse(verifier.verify(commitment: commitment, point: z, opening: KZGOpening(value: opening.value, proof: opening.proof + .generator)))
    }

    /// A verifier key from another SRS (another τ) rejects honest proofs.
    func testOtherSRSRejects() {
        var rng = SeededRandom(seed: 4)
        let p = randomPolynomial(10, using: &rng)
        let z = Fr.random(using: &rng)
        let otherKey = SRS.insecure(k: 4, tau: TestSRS.tau + .one).verifierKey
        XCTAssertFalse(KZGVerifier(key: otherKey).verify(commitment: prover.commit(p), point: z, opening: prover.open(p, at: z)))
    }
}
