import PoTSystem
import XCTest

/// Known answers from FIPS 180-2 (Appendix B) and RFC 4231 (HMAC-SHA-256 test cases 1, 2).
final class OpenSSLTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(hex(SHA256.hash([UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex(SHA256.hash(Array("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testStreamingEqualsOneShot() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        for chunk in stride(from: 0, to: data.count, by: 777) {
            hasher.update(data[chunk..<min(chunk + 777, data.count)])
        }
        let digest = hasher.finalize()
        XCTAssertEqual(digest, SHA256.hash(data))
    }

    func testHMACKnownAnswers() {
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        XCTAssertEqual(hex(HMACSHA256.authenticate(Array("Hi There".utf8), key: key1)),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(hex(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
