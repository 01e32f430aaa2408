import Foundation
import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk

/// Keys and proofs on disk: they round-trip, and truncated, corrupt, foreign or wrong-version
/// files are refused with an error that names the file.
final class FileFormatTests: XCTestCase {
    static let srs = SRS.insecure(k: 6, tau: Fr(0xf11e))

    private func fixture() throws -> (ProvingKey, Proof) {
        let key = try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls")
        return (key, try Prover.prove(TwoMuls(), instances: [[6]], key: key, srs: Self.srs))
    }

    private func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pot-\(ProcessInfo.processInfo.processIdentifier)-\(name)").path
    }

    func testKeysAndProofRoundTripThroughFiles() throws {
        let (key, proof) = try fixture()
        let (pk, vk, prf) = (temporary("k.pk"), temporary("k.vk"), temporary("p.bin"))
        defer { for p in [pk, vk, prf] { try? FileManager.default.removeItem(atPath: p) } }
        try key.write(to: pk)
        try key.vk.write(to: vk)
        try proof.write(to: prf, vkDigest: key.vk.digest)
        let loaded = try ProvingKey.load(path: pk, for: TwoMuls.self)
        XCTAssertEqual(loaded.vk, key.vk)
        XCTAssertEqual(try ProvingKey.verifyingKey(inProvingKey: pk), key.vk)
        XCTAssertEqual(try VerifyingKey.load(path: vk), key.vk)
        let (read, digest) = try Proof.load(path: prf)
        XCTAssertEqual(digest, key.vk.digest)
        XCTAssertNoThrow(try Verifier.verify(read, key: try VerifyingKey.load(path: vk), circuit: TwoMuls.self))
        // A proof made with the loaded key verifies too.
        let again = try Prover.prove(TwoMuls(), instances: [[6]], key: loaded, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(again, key: key.vk, circuit: TwoMuls.self))
    }

    func testEveryTruncationOfAProofIsRefused() throws {
        let (key, proof) = try fixture()
        let bytes = proof.encoded(vkDigest: key.vk.digest)
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try Proof.decode(Array(bytes[..<length]), path: "cut.bin")) { error in
                XCTAssertTrue("\(error)".hasPrefix("cut.bin: "), "\(error)")
            }
        }
        XCTAssertThrowsError(try Proof.decode(bytes + [0], path: "long.bin")) {
            XCTAssertEqual($0 as? PlonkFileError, .malformed(path: "long.bin", reason: "1 bytes after the end"))
        }
    }

    func testWrongMagicAndVersionAreNamed() throws {
        let (key, proof) = try fixture()
        var bytes = proof.encoded(vkDigest: key.vk.digest)
        XCTAssertThrowsError(try VerifyingKey(bytes: bytes, path: "p.bin")) {
            XCTAssertEqual($0 as? PlonkFileError, .badMagic(path: "p.bin", expected: "a PoT verifying key"))
        }
        bytes[8] = 9
        XCTAssertThrowsError(try Proof.decode(bytes, path: "p.bin")) {
            XCTAssertEqual($0 as? PlonkFileError, .unsupportedVersion(path: "p.bin", version: 9, supported: 1))
        }
        var vk = key.vk.encoded()
        for length in stride(from: 0, to: vk.count, by: 7) {
            XCTAssertThrowsError(try VerifyingKey(bytes: Array(vk[..<length]), path: "vk"))
        }
        vk[vk.count - 5] ^= 0x40
        XCTAssertThrowsError(try VerifyingKey(bytes: vk, path: "vk"), "a corrupt point is refused")
    }

    /// A count field that claims billions of elements is refused before any allocation.
    func testHugeCountsAreRefused() throws {
        let (key, proof) = try fixture()
        var bytes = proof.encoded(vkDigest: key.vk.digest)
        // The instance column count follows magic (8), version (4) and digest (32).
        bytes.replaceSubrange(44..<48, with: [0xff, 0xff, 0xff, 0x7f])
        XCTAssertThrowsError(try Proof.decode(bytes, path: "huge.bin")) {
            XCTAssertEqual($0 as? PlonkFileError, .malformed(path: "huge.bin", reason: "instance column count 2147483647 exceeds 64"))
        }
    }

    func testProvingKeyFilesAreChecked() throws {
        let (key, _) = try fixture()
        let path = temporary("bad.pk")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = key.encoded()
        try Data(bytes.dropLast(32)).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ProvingKey.load(path: path, for: TwoMuls.self)) { error in
            XCTAssertTrue("\(error)".contains("checksum mismatch"), "\(error)")
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ProvingKey.load(path: path, for: Other.self)) { error in
            guard case .keyMismatch(let why) = error as? PlonkError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.hasPrefix(path))
        }
        XCTAssertThrowsError(try ProvingKey.load(path: temporary("missing.pk"), for: TwoMuls.self)) { error in
            guard case .file(.cannotRead) = error as? PlonkError else { return XCTFail("\(error)") }
        }
    }

    /// A circuit of another shape.
    private struct Other: Circuit {
        static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Column {
            let a = cs.adviceColumn()
            try cs.createGate("a² = a", [Constraint("bit", a.cur * a.cur - a.cur)])
            return a
        }
        func synthesize(_ a: Column, _ layouter: Layouter) throws(PlonkError) {}
    }
}
