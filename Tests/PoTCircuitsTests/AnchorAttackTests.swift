import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
import PoTCircuits

/// Keys and SRSs an attacker controls. With [τ]G2 = [t]G2 for a known t, `KeyForgery` makes a
/// proof of a false statement that the pairing check accepts (before keys were anchored, a
/// `.vk` file with [τ]G2 replaced by infinity or [1]G2 loaded, and such a proof of y + 1
/// verified); now the loader refuses the key, and so does the verifier if the key is built in
/// memory.
final class AnchorAttackTests: XCTestCase {
    static let srs = SRS.insecure(k: 6, tau: Fr(0x1234_5678))
    let statement = SquaringChainStatement(squarings: 5)

    /// A key with the given points in place of the honest ones, as a forger would build it.
    func replaced(_ key: VerifyingKey, tauG1: G1? = nil, tauG2: G2) -> VerifyingKey {
        let kzg = KZGVerifierKey(g1: key.kzg.g1, tauG1: tauG1 ?? key.kzg.tauG1, g2: key.kzg.g2, tauG2: tauG2)
        return VerifyingKey(circuit: key.circuit, k: key.k, constraintDigest: key.constraintDigest, srsFlags: [],
                            kzg: kzg, instanceCounts: key.instanceCounts, fixedCommitments: key.fixedCommitments)
    }

    func testReplacedTauG2() throws {
        let key = try statement.keygen(k: 5, srs: Self.srs)
        let honest = try statement.prove(witness: 3, key: key, srs: Self.srs)
        var lie = honest.instances
        lie[0][1] += .one
        let cases: [(String, G1?, G2, Fr)] = [
            ("[τ]G2 = infinity", nil, .infinity, .zero),
            ("[τ]G2 = [1]G2", nil, .generator, .one),
            ("τ = 1 throughout", .generator, .generator, .one),
        ]
        for (name, tauG1, tauG2, t) in cases {
            let forgedKey = replaced(key.vk, tauG1: tauG1, tauG2: tauG2)
            XCTAssertThrowsError(try VerifyingKey(bytes: forgedKey.encoded(), path: "forged.vk"), name) { error in
                XCTAssertTrue("\(error)".contains("forged.vk: malformed: degenerate SRS points"), "\(error)")
            }
            let forged = try KeyForgery.forge(honest, instances: lie, key: forgedKey, circuit: SquaringChain.self, t: t)
            XCTAssertThrowsError(try statement.verify(forged, key: forgedKey), name) { error in
                guard case PlonkError.degenerateSRS = error else { return XCTFail("\(name): \(error)") }
            }
        }
    }

    /// The forgery is real: against a key of honest shape whose τ the forger knows (the
    /// development SRS's, 0x12345678), it verifies; only a key anchored to an SRS whose τ
    /// nobody knows prevents it.
    func testForgeryWorksWithAKnownTau() throws {
        let key = try statement.keygen(k: 5, srs: Self.srs)
        let honest = try statement.prove(witness: 3, key: key, srs: Self.srs)
        var lie = honest.instances
        lie[0][1] += .one
        let forged = try KeyForgery.forge(honest, instances: lie, key: key.vk, circuit: SquaringChain.self, t: Fr(0x1234_5678))
        XCTAssertNoThrow(try statement.verify(forged, key: key.vk))
        XCTAssertTrue(key.vk.isDevelopmentSRS, "the key says its SRS is a development one")
    }

    /// The honest points with [τ]G1 of another τ: the pairing check on load refuses it.
    func testMismatchedTausAreRefused() throws {
        let key = try statement.keygen(k: 5, srs: Self.srs)
        let other = replaced(key.vk, tauG1: G1.generator * Fr(0x1234_5679), tauG2: key.vk.kzg.tauG2)
        XCTAssertThrowsError(try VerifyingKey(bytes: other.encoded(), path: "mixed.vk")) { error in
            XCTAssertTrue("\(error)".contains("not powers of one τ"), "\(error)")
        }
    }

    func testKeygenRefusesADegenerateSRS() {
        let one = SRS(k: 5, flags: [], g1Powers: G1.batchAffine(Array(repeating: .generator, count: 32)), g2: .generator, tauG2: .generator)
        XCTAssertThrowsError(try statement.keygen(k: 5, srs: one)) { error in
            guard case PlonkError.degenerateSRS = error else { return XCTFail("\(error)") }
        }
    }

    /// The key's SRS identity is computed from its points: editing [τ]G2 changes the key's
    /// digest and its SRS identity, so neither still names the honest SRS.
    func testSRSIdentityIsComputed() throws {
        let key = try statement.keygen(k: 5, srs: Self.srs)
        XCTAssertEqual(key.vk.srsDigest, Self.srs.verifierKey.digest)
        let moved = replaced(key.vk, tauG2: key.vk.kzg.tauG2 + .generator)
        XCTAssertNotEqual(moved.srsDigest, key.vk.srsDigest)
        XCTAssertNotEqual(moved.digest, key.vk.digest)
    }
}
