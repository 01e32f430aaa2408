import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk

/// The verifying key's bytes at the offsets docs/plonk-format.md gives for version 2.
final class VerifyingKeyFormatTests: XCTestCase {
    static let srs = SRS.insecure(k: 6, tau: Fr(0xf11e))

    func testLayoutMatchesTheDocumentedOffsets() throws {
        let key = try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls").vk
        let bytes = key.encoded()
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        let name = Array("two-muls".utf8), l = name.count
        XCTAssertEqual(Array(bytes[0..<8]), Array("PoT-VKEY".utf8))
        XCTAssertEqual(u32(8), 2)
        XCTAssertEqual(u32(12), l)
        XCTAssertEqual(Array(bytes[16..<(16 + l)]), name)
        XCTAssertEqual(u32(16 + l), 5)
        XCTAssertEqual(Array(bytes[(20 + l)..<(52 + l)]), key.constraintDigest)
        XCTAssertEqual(u32(52 + l), Int(SRS.Flags.insecureDevelopment.rawValue))
        XCTAssertEqual(Array(bytes[(56 + l)..<(88 + l)]), G1.generator.compressed())
        XCTAssertEqual(Array(bytes[(88 + l)..<(120 + l)]), (G1.generator * Fr(0xf11e)).compressed())
        XCTAssertEqual(Array(bytes[(120 + l)..<(248 + l)]), G2.generator.encoded())
        XCTAssertEqual(Array(bytes[(248 + l)..<(376 + l)]), (G2.generator * Fr(0xf11e)).encoded())
        // TwoMuls has one instance column and copies one public input into it.
        XCTAssertEqual(u32(376 + l), 1)
        XCTAssertEqual(u32(380 + l), 1)
        XCTAssertEqual(key.instanceCounts, [1])
        let c = 1, fixed = u32(380 + l + 4 * c)
        XCTAssertEqual(fixed, key.fixedCommitments.count)
        XCTAssertEqual(bytes.count, 384 + l + 4 * c + 32 * fixed)
        XCTAssertEqual(key.srsDigest, Self.srs.verifierKey.digest)
    }

    func testVersionOneIsRefused() throws {
        var bytes = try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls").vk.encoded()
        bytes[8] = 1
        XCTAssertThrowsError(try VerifyingKey(bytes: bytes, path: "old.vk")) {
            XCTAssertEqual($0 as? PlonkFileError, .unsupportedVersion(path: "old.vk", version: 1, supported: 2))
        }
    }

    /// Counts a key declares are the ones the prover and the verifier hold a proof to.
    func testDeclaredCountsBindTheProof() throws {
        let key = try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls", publicInputCounts: [2])
        XCTAssertEqual(key.vk.instanceCounts, [2])
        XCTAssertThrowsError(try Prover.prove(TwoMuls(), instances: [[6]], key: key, srs: Self.srs))
        let proof = try Prover.prove(TwoMuls(), instances: [[6, 0]], key: key, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: TwoMuls.self))
        XCTAssertThrowsError(try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls", publicInputCounts: [0])) {
            guard case PlonkError.publicInputCount = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls", publicInputCounts: [1, 1]))
    }
}
