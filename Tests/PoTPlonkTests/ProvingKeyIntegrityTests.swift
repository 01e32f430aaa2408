import Foundation
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
import PoTSystem
import XCTest

/// Proving keys carry a SHA-256 of their bytes (format version 3): a bit flipped anywhere is
/// refused at load instead of giving proofs that fail to verify; and a key whose embedded k
/// leaves the circuit no usable row (issue 15, reproducer 8) is refused, not indexed past.
final class ProvingKeyIntegrityTests: XCTestCase {
    private static let srs = SRS.insecure(k: 6, tau: Fr(0xf11e))

    private func temporary() -> String {
        NSTemporaryDirectory() + "pot-pk-\(UUID().uuidString).pk"
    }

    func testEveryFlippedBitIsRefused() throws {
        let bytes = try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls").encoded()
        let path = temporary()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SystemRandomNumberGenerator()
        // Past the 12 bytes of magic and version, whose changes have their own messages.
        for position in [12, 100, bytes.count / 2, bytes.count - 40, bytes.count - 1] + (0..<20).map({ _ in Int.random(in: 12..<bytes.count, using: &rng) }) {
            var flipped = bytes
            flipped[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            try Data(flipped).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try ProvingKey.load(path: path, for: TwoMuls.self), "bit at byte \(position)") { error in
                XCTAssertTrue("\(error)".hasPrefix(path), "\(error)")
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertNoThrow(try ProvingKey.load(path: path, for: TwoMuls.self))
    }

    /// A well-formed key (correct checksum, columns of 2^k values) for k = 1 and 2.
    func testAKeyTooSmallForItsCircuitIsRefused() throws {
        let key = try ProvingKey(TwoMuls(), k: 5, srs: Self.srs, circuitName: "two-muls")
        for k in [1, 2] {
            let vk = VerifyingKey(circuit: key.vk.circuit, k: k, constraintDigest: key.vk.constraintDigest,
                                  srsFlags: key.vk.srsFlags, kzg: key.vk.kzg, instanceCounts: [1],
                                  fixedCommitments: key.vk.fixedCommitments)
            var w = ByteWriter()
            w.raw(ProvingKey.magic)
            w.u32(ProvingKey.version)
            let vkBytes = vk.encoded()
            w.u32(UInt32(vkBytes.count))
            w.raw(vkBytes)
            w.u32(UInt32(key.layout.committedFixed))
            for c in 0..<key.layout.committedFixed { w.scalars(Array(key.fixedValues(c).prefix(1 << k))) }
            let path = temporary()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(w.bytes + SHA256.hash(w.bytes)).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try ProvingKey.load(path: path, for: TwoMuls.self)) { error in
                XCTAssertEqual("\(error)", "\(path): malformed: k = \(k) leaves this circuit no usable row")
            }
        }
    }

    func testAFIFOIsRefusedAtOnce() throws {
        let path = temporary()
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ProvingKey.verifyingKey(inProvingKey: path)) { error in
            XCTAssertEqual("\(error)", "\(path): cannot read: is a FIFO, not a regular file")
        }
        XCTAssertThrowsError(try VerifyingKey.load(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): cannot read: is a FIFO, not a regular file")
        }
    }
}
