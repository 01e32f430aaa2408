import CBN254
import Foundation
import PoTAlgebra
import PoTSystem
import XCTest

@testable import PoTCommitments

final class SRSFileTests: XCTestCase {
    private let srs = TestSRS.shared.truncated(toK: 5)

    private func written() throws -> (path: String, bytes: [UInt8]) {
        let path = try temporaryDirectory(self).appendingPathComponent("test.srs").path
        try srs.write(to: path)
        return (path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    private func store(_ bytes: [UInt8], at path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Recomputes the trailing checksum, as a deliberate forger would.
    private func resealed(_ bytes: [UInt8]) -> [UInt8] {
        let body = Array(bytes.dropLast(32))
        return body + SHA256.hash(body)
    }

    private func g1Offset(_ i: Int) -> Int { 32 + 256 + 64 * i }

    func testRoundTrip() throws {
        let (path, bytes) = try written()
        XCTAssertEqual(bytes.count, 32 + 256 + 64 * 32 + 32)
        XCTAssertEqual(Array(bytes[0..<8]), Array("PoT-SRS".utf8) + [0])
        let loaded = try SRS.load(path: path)
        XCTAssertEqual(loaded.k, 5)
        XCTAssertEqual(loaded.flags, .insecureDevelopment)
        XCTAssertEqual(loaded.g1Powers.map { G1(affine: $0) }, srs.g1Powers.map { G1(affine: $0) })
        XCTAssertEqual(loaded.g2, srs.g2)
        XCTAssertEqual(loaded.tauG2, srs.tauG2)
        XCTAssertTrue(loaded.powersAreConsistent())
    }

    func testLoadSmallerK() throws {
        let (path, _) = try written()
        let loaded = try SRS.load(path: path, k: 2)
        XCTAssertEqual(loaded.k, 2)
        XCTAssertEqual(loaded.g1Powers.count, 4)
        XCTAssertEqual(G1(affine: loaded.g1Powers[3]), G1(affine: srs.g1Powers[3]))
        assertSRSError(try SRS.load(path: path, k: 6), path: path) {
            if case .tooSmall(_, 5, 6) = $0 { true } else { false }
        }
    }

    func testHeaderLayout() throws {
        let (_, bytes) = try written()
        XCTAssertEqual(Array(bytes[8..<32]), [1, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(bytes[32..<160]), G2.generator.encoded())
        XCTAssertEqual(Array(bytes[g1Offset(0)..<g1Offset(1)]), G1.generator.encoded())
        XCTAssertEqual(Array(bytes.suffix(32)), SHA256.hash(Array(bytes.dropLast(32))))
    }

    func testBadMagic() throws {
        var (path, bytes) = try written()
        bytes[0] ^= 0xFF
        try store(bytes, at: path)
        assertSRSError(try SRS.load(path: path), path: path) { if case .badMagic = $0 { true } else { false } }
    }

    func testWrongVersion() throws {
        var (path, bytes) = try written()
        bytes[8] = 2
        try store(bytes, at: path)
        assertSRSError(try SRS.load(path: path), path: path) {
            if case .unsupportedVersion(_, 2, 1) = $0 { true } else { false }
        }
    }

    func testUnknownFlag() throws {
        var (path, bytes) = try written()
        bytes[12] |= 0x80
        try store(bytes, at: path)
        assertSRSError(try SRS.load(path: path), path: path) { if case .malformed = $0 { true } else { false } }
    }

    func testTruncated() throws {
        let (path, bytes) = try written()
        for cut in [4, 20, 200, bytes.count - 33, bytes.count - 1] {
            try store(Array(bytes.prefix(cut)), at: path)
            assertSRSError(try SRS.load(path: path), path: path) {
                switch $0 {
                case .truncated: true
                case .badMagic: cut < 8
                default: false
                }
            }
        }
    }

    func testTrailingBytes() throws {
        let (path, bytes) = try written()
        try store(bytes + [0], at: path)
        assertSRSError(try SRS.load(path: path), path: path) { if case .malformed = $0 { true } else { false } }
    }

    func testMissingFile() {
        let path = "/nonexistent/pot.srs"
        assertSRSError(try SRS.load(path: path), path: path) { if case .cannotOpen = $0 { true } else { false } }
    }

    /// A point moved off the curve is named by its index.
    func testOffCurvePoint() throws {
        var (path, bytes) = try written()
        bytes[g1Offset(7) + 63] ^= 1
        try store(resealed(bytes), at: path)
        assertSRSError(try SRS.load(path: path), path: path) {
            if case .invalidPoint(_, _, 7, _) = $0 { true } else { false }
        }
    }

    /// Any altered byte without a new checksum is caught by the checksum.
    func testChecksumCatchesReplacedPoint() throws {
        var (path, bytes) = try written()
        let other = (G1(affine: srs.g1Powers[7]).doubled).encoded()
        bytes.replaceSubrange(g1Offset(7)..<g1Offset(8), with: other)
        try store(bytes, at: path)
        assertSRSError(try SRS.load(path: path), path: path) { if case .checksumMismatch = $0 { true } else { false } }
    }

    /// A valid curve point swapped in and the checksum recomputed: only the pairing check of
    /// `pot setup check` can see it, and it does, wherever the point is.
    func testConsistencyCheckCatchesOneAlteredPoint() throws {
        let (path, original) = try written()
        for index in [1, 7, 31] {
            var bytes = original
            let other = (G1(affine: srs.g1Powers[index]) + .generator).encoded()
            bytes.replaceSubrange(g1Offset(index)..<g1Offset(index + 1), with: other)
            try store(resealed(bytes), at: path)
            // [τ]G1 is checked against [τ]G2 on load already.
            if index == 1 {
                assertSRSError(try SRS.load(path: path), path: path) { if case .degenerate = $0 { true } else { false } }
                continue
            }
            let loaded = try SRS.load(path: path)
            XCTAssertFalse(loaded.powersAreConsistent(), "altered power \(index)")
        }
        var bytes = original
        bytes.replaceSubrange(160..<288, with: (srs.tauG2 + .generator).encoded())
        try store(resealed(bytes), at: path)
        assertSRSError(try SRS.load(path: path), path: path) { if case .degenerate = $0 { true } else { false } }
    }

    /// The check sums its MSMs over slices of the powers; an altered point is caught in any
    /// slice, and at a slice boundary.
    func testConsistencyCheckAcrossSlices() throws {
        var rng = SeededRandom(seed: 5)
        XCTAssertTrue(srs.powersAreConsistent(using: &rng, slice: 4))
        for index in [3, 4, 5, 30] {
            var powers = srs.g1Powers
            powers[index] = (G1(affine: powers[index]) + .generator).affine
            let altered = SRS(k: srs.k, flags: srs.flags, g1Powers: powers, g2: srs.g2, tauG2: srs.tauG2)
            XCTAssertFalse(altered.powersAreConsistent(using: &rng, slice: 4), "altered power \(index)")
        }
    }

    func testDevelopmentSRSInParams() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../params/dev-k12.srs").standardized.path
        let dev = try SRS.load(path: path)
        XCTAssertEqual(dev.k, 12)
        XCTAssertEqual(dev.g1Powers.count, 4096)
        XCTAssertTrue(dev.isInsecure)
        XCTAssertTrue(dev.powersAreConsistent())
    }
}
