import Foundation
import PoTAlgebra
import PoTSystem
import XCTest

@testable import PoTCommitments

/// Issue 15: SRS and ceremony headers that lie about their size. A section size of 2^64 − 1
/// overflowed while the error was built; headers claiming 2^26 powers made the loaders allocate
/// gigabytes before reading one point. Points are now stored as they are read.
final class HostileSRSTests: XCTestCase {
    private func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { value.littleEndianBytes }

    func testAPtauSectionOfTwoToTheSixtyFourMinusOneBytes() throws {
        let path = try temporaryDirectory(self).appendingPathComponent("huge.ptau").path
        // magic, version 1, 1 section: id 1, size 2^64 − 1, then a few bytes.
        let bytes = Array("ptau".utf8) + le(UInt32(1)) + le(UInt32(1)) + le(UInt32(1)) + le(UInt64.max) + [0, 0, 0, 0]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        assertSRSError(try PtauImport.read(path: path), path: path) {
            $0 == .malformed(path: path, reason: "at byte 16: section 1 claims 18446744073709551615 bytes, the file has 4 after its header")
        }
    }

    /// A sparse file of exactly the size its header claims (2^26 powers, 4 GiB of G1 points):
    /// the first chunk's points are zero bytes, refused after reading 1 MiB, not after
    /// allocating 4 GiB.
    func testAnSRSHeaderClaimingTwoToTheTwentySixPowersAllocatesOnlyWhatIsRead() throws {
        let k = 26, n = 1 << k
        let path = try temporaryDirectory(self).appendingPathComponent("sparse.srs").path
        let header = Array("PoT-SRS".utf8) + [0] + le(UInt32(1)) + le(UInt32(1)) + le(UInt32(k)) + le(UInt32(0)) + le(UInt64(n))
        try sparse(path, header + G2.generator.encoded() + G2.generator.encoded(), size: SRS.fileSize(g1Count: n))
        let before = ResidentMemory.current
        assertSRSError(try SRS.load(path: path), path: path) {
            if case .invalidPoint(_, "[τ^i]G1", 0, _) = $0 { return true } else { return false }
        }
        XCTAssertLessThan(ResidentMemory.current - before, 256 << 20, "resident memory grew by more than 256 MiB")
    }

    func testAHalo2HeaderClaimingTwoToTheTwentySixPowersAllocatesOnlyWhatIsRead() throws {
        let k = 26, n = UInt64(1) << k
        let path = try temporaryDirectory(self).appendingPathComponent("sparse.params").path
        try sparse(path, le(UInt32(k)), size: 4 + 2 * n * 64 + 2 * 128)
        let before = ResidentMemory.current
        assertSRSError(try Halo2ParamsImport.read(path: path), path: path) {
            if case .invalidPoint(_, "g", 0, _) = $0 { return true } else { return false }
        }
        XCTAssertLessThan(ResidentMemory.current - before, 256 << 20, "resident memory grew by more than 256 MiB")
    }

    func testAFIFOIsRefusedAtOnce() throws {
        let path = try temporaryDirectory(self).appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        for read in [{ try SRS.load(path: path) }, { try PtauImport.read(path: path) }, { try Halo2ParamsImport.read(path: path) }] {
            assertSRSError(try read(), path: path) { $0 == .cannotOpen(path: path, reason: "is a FIFO, not a regular file") }
        }
    }

    /// Writes `head`, then extends the file to `size` bytes without writing them (a hole).
    private func sparse(_ path: String, _ head: [UInt8], size: UInt64) throws {
        try Data(head).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(truncate(path, off_t(size)), 0)
    }
}
