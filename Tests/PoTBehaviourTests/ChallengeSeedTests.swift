import PoTBehaviour
import PoTSystem
import XCTest

/// Seeds are HMAC-SHA-256 outputs. HMAC is checked against RFC 4231 cases 3, 4, 6 and 7
/// (short keys with long data, and keys longer than the 64-byte block, which HMAC hashes
/// first); the seed layout against Python's hmac module (values computed by
/// `hmac.new(key, b"PoT/behaviour/seed/v1\0" + len(run).to_bytes(8) + run + i.to_bytes(8), sha256)`).
final class ChallengeSeedTests: XCTestCase {
    func testHMACMatchesRFC4231() {
        let cases: [([UInt8], [UInt8], String)] = [
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (key, message, expected) in cases {
            XCTAssertEqual(Hex.encode(HMACSHA256.authenticate(message, key: key)), expected)
        }
    }

    func testSeedLayoutMatchesPythonHMAC() throws {
        let key = try ChallengeKey(bytes: Array(0..<32))
        XCTAssertEqual(Hex.encode(ChallengeSeeds.seed(key: key, runID: "run-42", index: 0)),
                       "e824019c8b77911383a47850f5cb7fd8ae917b7831f1ee8f66fa5da44efc386c")
        XCTAssertEqual(Hex.encode(ChallengeSeeds.seed(key: key, runID: "run-42", index: 1)),
                       "f68dff768f7c7cc3166c32086c844fa1f74cbc42c77254e51b924628f0f84279")
        XCTAssertEqual(Hex.encode(ChallengeSeeds.seed(key: key, runID: "run-42", index: 1000)),
                       "36947bc657482f65abda24a5fb30763d2caf0842363300c487e656424e6c03c2")
    }

    func testKeysOfTheWrongLengthAreRefused() {
        XCTAssertThrowsError(try ChallengeKey(bytes: Array(repeating: 1, count: 31)))
        XCTAssertThrowsError(try ChallengeKey(bytes: Array(repeating: 1, count: 33)))
    }

    func testSecretsOfTheWrongLengthAreRefused() {
        XCTAssertThrowsError(try AuditorSecret(bytes: Array(repeating: 1, count: 31)))
        XCTAssertThrowsError(try AuditorSecret(bytes: Array(repeating: 1, count: 33)))
    }

    func testSecretFilesMustHoldSixtyFourHexDigitsOrAReveal() throws {
        let path = NSTemporaryDirectory() + "pot-secret-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "00112233".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try AuditorSecret.load(path: path)) { XCTAssertTrue("\($0)".contains(path)) }
        let secret = AuditorSecret.random()
        try (secret.hex + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try AuditorSecret.load(path: path), secret)
        try TranscriptJSON.line(KeyReveal(runId: "r", commitment: "c", secret: secret.hex)).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try AuditorSecret.load(path: path), secret)
        // A reveal line with a duplicated secret is not a reveal record.
        try #"{"commitment":"c","run_id":"r","secret":"\#(secret.hex)","secret":"\#(AuditorSecret.random().hex)","type":"reveal"}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try AuditorSecret.load(path: path)) { XCTAssertTrue("\($0)".contains("duplicate key"), "\($0)") }
        XCTAssertThrowsError(try AuditorSecret.load(path: path + "-missing"))
    }

    func testTheSecretDoesNotPrintItself() {
        let secret = AuditorSecret.random()
        XCTAssertFalse("\(secret)".contains(secret.hex))
        XCTAssertNotEqual(secret, AuditorSecret.random())
    }
}
