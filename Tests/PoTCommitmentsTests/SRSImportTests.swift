import CBN254
import Foundation
import PoTAlgebra
import XCTest

@testable import PoTCommitments

/// Ceremony formats: a snarkjs .ptau written to the published layout by
/// scripts/vectors/ptau_fixture.py (py_ecc points, known τ), and halo2 params written by ezkl
/// (scripts/vectors/ezkl_srs_fixture.py, unknown τ).
final class SRSImportTests: XCTestCase {
    static let ptauTau = Fr(0x1234_5678_90AB_CDEF)

    private func copy(_ fixture: String, edit: (inout [UInt8]) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(fixture))))
        edit(&bytes)
        let path = try temporaryDirectory(self).appendingPathComponent(fixture).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: snarkjs .ptau

    func testPtauMatchesIndependentPowers() throws {
        let imported = try PtauImport.read(path: Fixtures.path("tau3.ptau"))
        let expected = SRS.insecure(k: 3, tau: Self.ptauTau)
        XCTAssertEqual(imported.k, 3)
        XCTAssertEqual(imported.flags, .imported)
        XCTAssertEqual(imported.g1Powers.map { G1(affine: $0) }, expected.g1Powers.map { G1(affine: $0) })
        XCTAssertEqual(imported.tauG2, expected.tauG2)
        XCTAssertTrue(imported.powersAreConsistent())
    }

    func testPtauTruncatesToK() throws {
        let imported = try PtauImport.read(path: Fixtures.path("tau3.ptau"), k: 1)
        XCTAssertEqual(imported.g1Powers.count, 2)
        XCTAssertEqual(G1(affine: imported.g1Powers[1]), G1.generator * Self.ptauTau)
        let path = Fixtures.path("tau3.ptau")
        assertSRSError(try PtauImport.read(path: path, k: 4), path: path) {
            if case .tooSmall(_, 3, 4) = $0 { true } else { false }
        }
    }

    /// Import, write in the toolkit's format, load: the same SRS.
    func testPtauRoundTripThroughSRSFile() throws {
        let imported = try PtauImport.read(path: Fixtures.path("tau3.ptau"))
        let path = try temporaryDirectory(self).appendingPathComponent("ptau.srs").path
        try imported.write(to: path)
        let loaded = try SRS.load(path: path)
        XCTAssertEqual(loaded.flags, .imported)
        XCTAssertEqual(loaded.g1Powers.map { G1(affine: $0) }, imported.g1Powers.map { G1(affine: $0) })
        XCTAssertEqual(loaded.tauG2, imported.tauG2)
    }

    func testPtauRejections() throws {
        let badMagic = try copy("tau3.ptau") { $0[0] = UInt8(ascii: "x") }
        assertSRSError(try PtauImport.read(path: badMagic), path: badMagic) { if case .badMagic = $0 { true } else { false } }

        let version = try copy("tau3.ptau") { $0[4] = 2 }
        assertSRSError(try PtauImport.read(path: version), path: version) {
            if case .unsupportedVersion = $0 { true } else { false }
        }

        // The header's prime sits at 12 (file header) + 12 (section header) + 4 (n8).
        let otherCurve = try copy("tau3.ptau") { $0[28] ^= 0x01 }
        assertSRSError(try PtauImport.read(path: otherCurve), path: otherCurve) {
            if case .malformed = $0 { true } else { false }
        }

        let truncated = try copy("tau3.ptau") { $0.removeLast(100) }
        assertSRSError(try PtauImport.read(path: truncated), path: truncated) { if case .truncated = $0 { true } else { false } }

        // tauG1 starts after the file header (12), header section (12 + 44) and its own
        // section header (12): flip a bit of tauG1[2].y.
        let offCurve = try copy("tau3.ptau") { $0[12 + 56 + 12 + 2 * 64 + 40] ^= 0x04 }
        assertSRSError(try PtauImport.read(path: offCurve), path: offCurve) {
            if case .invalidPoint(_, "tauG1", 2, _) = $0 { true } else { false }
        }

        // Rename section 3 (tauG2): its id is right after tauG1's 15 points.
        let noTauG2 = try copy("tau3.ptau") { $0[12 + 56 + 12 + 15 * 64] = 9 }
        assertSRSError(try PtauImport.read(path: noTauG2), path: noTauG2) { if case .malformed = $0 { true } else { false } }
    }

    // MARK: halo2 ParamsKZG (ezkl)

    func testEzklParams() throws {
        let imported = try Halo2ParamsImport.read(path: Fixtures.path("ezkl_k4.srs"))
        XCTAssertEqual(imported.k, 4)
        XCTAssertEqual(imported.g1Powers.count, 16)
        XCTAssertEqual(imported.g2, .generator)
        XCTAssertTrue(imported.powersAreConsistent())
    }

    /// halo2 also stores the Lagrange basis; its first element is [L_0(τ)]G1 with
    /// L_0 = (1/n)·Σ X^j on any domain of size n. Our commitment to L_0 must equal it: a check
    /// of both the decoding and our multi-scalar multiplication against halo2's own computation.
    func testEzklLagrangeBasisAgreesWithOurCommitment() throws {
        let imported = try Halo2ParamsImport.read(path: Fixtures.path("ezkl_k4.srs"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("ezkl_k4.srs"))))
        var lagrange0 = [bn254_g1_affine](repeating: bn254_g1_affine(), count: 1)
        let failure = Array(bytes[(4 + 16 * 64)..<(4 + 17 * 64)]).withUnsafeBufferPointer { b in
            lagrange0.withUnsafeMutableBufferPointer { MontgomeryPoints.decodeG1(b, count: 1, into: $0, at: 0) }
        }
        XCTAssertNil(failure)
        let inverseN = Fr(16).inverse!
        let commitment = imported.g1Powers.withUnsafeBufferPointer {
            linearCombination(bases: $0, scalars: Array(repeating: inverseN, count: 16))
        }
        XCTAssertEqual(commitment, G1(affine: lagrange0[0]))
    }

    func testEzklTruncatesAndRoundTrips() throws {
        let imported = try Halo2ParamsImport.read(path: Fixtures.path("ezkl_k4.srs"), k: 2)
        XCTAssertEqual(imported.g1Powers.count, 4)
        let path = try temporaryDirectory(self).appendingPathComponent("ezkl.srs").path
        try imported.write(to: path)
        let loaded = try SRS.load(path: path)
        XCTAssertEqual(loaded.g1Powers.map { G1(affine: $0) }, imported.g1Powers.map { G1(affine: $0) })
        XCTAssertEqual(loaded.tauG2, imported.tauG2)
        XCTAssertTrue(loaded.powersAreConsistent())
    }

    func testHalo2Rejections() throws {
        let truncated = try copy("ezkl_k4.srs") { $0.removeLast(1) }
        assertSRSError(try Halo2ParamsImport.read(path: truncated), path: truncated) {
            if case .truncated = $0 { true } else { false }
        }
        let compressed = try copy("ezkl_k4.srs") { $0.removeLast(2308 - (4 + 32 * 32 + 128)) }
        assertSRSError(try Halo2ParamsImport.read(path: compressed), path: compressed) {
            if case let .malformed(_, reason) = $0 { reason.contains("Processed") } else { false }
        }
        let hugeK = try copy("ezkl_k4.srs") { $0[0] = 40 }
        assertSRSError(try Halo2ParamsImport.read(path: hugeK), path: hugeK) { if case .malformed = $0 { true } else { false } }
        // g[3].x with its top limb set to all ones: not below p.
        let nonCanonical = try copy("ezkl_k4.srs") { bytes in for i in 0..<8 { bytes[4 + 3 * 64 + 24 + i] = 0xFF } }
        assertSRSError(try Halo2ParamsImport.read(path: nonCanonical), path: nonCanonical) {
            if case .invalidPoint(_, "g", 3, _) = $0 { true } else { false }
        }
        let badG2 = try copy("ezkl_k4.srs") { $0[2308 - 200] ^= 0x01 }
        assertSRSError(try Halo2ParamsImport.read(path: badG2), path: badG2) {
            if case .invalidPoint(_, "g2", _, _) = $0 { true } else { false }
        }
    }
}
