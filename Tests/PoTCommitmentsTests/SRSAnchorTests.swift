import Foundation
import PoTAlgebra
import XCTest

@testable import PoTCommitments

/// SRSs that cannot anchor a key are refused by every loader: τ = 0, 1 or −1 (anyone can open
/// any commitment), [τ]G1 and [τ]G2 of different τ's, a single power.
final class SRSAnchorTests: XCTestCase {
    /// An SRS whose every power is `g1` with [τ]G2 = `tauG2`, flags cleared: what a forger
    /// writes to pass off a known τ as a ceremony's.
    func written(_ name: String, k: Int, powers: [G1], tauG2: G2) throws -> String {
        let srs = SRS(k: k, flags: [], g1Powers: G1.batchAffine(powers), g2: .generator, tauG2: tauG2)
        let path = try temporaryDirectory(self).appendingPathComponent(name).path
        try srs.write(to: path)
        return path
    }

    func testTauOneIsRefused() throws {
        let path = try written("tau1.srs", k: 3, powers: Array(repeating: .generator, count: 8), tauG2: .generator)
        let unchecked = SRS(k: 3, flags: [], g1Powers: G1.batchAffine(Array(repeating: .generator, count: 8)), g2: .generator, tauG2: .generator)
        // The powers are consistent with [τ]G2: the pairing check alone passes τ = 1.
        XCTAssertTrue(unchecked.powersAreConsistent())
        assertSRSError(try SRS.load(path: path), path: path) {
            if case .degenerate(_, let reason) = $0 { reason.contains("τ = 1") } else { false }
        }
    }

    func testTauMinusOneIsRefused() throws {
        let powers = (0..<8).map { $0 % 2 == 0 ? G1.generator : -G1.generator }
        let path = try written("tau-1.srs", k: 3, powers: powers, tauG2: -G2.generator)
        assertSRSError(try SRS.load(path: path), path: path) {
            if case .degenerate(_, let reason) = $0 { reason.contains("τ = −1") } else { false }
        }
    }

    /// [τ]G2 replaced by [1]G2 while the G1 powers stay honest: τ = 1 on the G2 side.
    func testReplacedTauG2IsRefused() throws {
        let honest = SRS.insecure(k: 3, tau: Fr(77))
        for (name, tauG2) in [("one", G2.generator), ("other", G2.generator * Fr(78))] {
            let path = try written("\(name).srs", k: 3, powers: honest.g1Powers.map { G1(affine: $0) }, tauG2: tauG2)
            assertSRSError(try SRS.load(path: path), path: path) { if case .degenerate = $0 { true } else { false } }
        }
    }

    func testSinglePowerIsRefused() throws {
        let path = try written("k0.srs", k: 0, powers: [.generator], tauG2: G2.generator * Fr(5))
        assertSRSError(try SRS.load(path: path), path: path) {
            if case .degenerate(_, let reason) = $0 { reason.contains("k = 0") } else { false }
        }
        // A larger file cut to one power is refused too.
        let honest = try written("k3.srs", k: 3, powers: SRS.insecure(k: 3, tau: Fr(9)).g1Powers.map { G1(affine: $0) },
                                 tauG2: G2.generator * Fr(9))
        XCTAssertNoThrow(try SRS.load(path: honest))
        assertSRSError(try SRS.load(path: honest, k: 0), path: honest) { if case .degenerate = $0 { true } else { false } }
    }

    func testImportsRefuseOnePower() throws {
        let ptau = Fixtures.path("tau3.ptau"), halo2 = Fixtures.path("ezkl_k4.srs")
        assertSRSError(try PtauImport.read(path: ptau, k: 0), path: ptau) { if case .degenerate = $0 { true } else { false } }
        assertSRSError(try Halo2ParamsImport.read(path: halo2, k: 0), path: halo2) { if case .degenerate = $0 { true } else { false } }
        XCTAssertNoThrow(try PtauImport.read(path: ptau, k: 1))
        XCTAssertNoThrow(try Halo2ParamsImport.read(path: halo2, k: 1))
    }

    /// The SRS identity covers every point a verifier uses, and [τ]G1.
    func testIdentityCoversEveryPoint() {
        let key = SRS.insecure(k: 2, tau: Fr(11)).verifierKey
        let variants = [
            KZGVerifierKey(g1: key.g1, tauG1: key.tauG1 + .generator, g2: key.g2, tauG2: key.tauG2),
            KZGVerifierKey(g1: key.g1, tauG1: key.tauG1, g2: key.g2, tauG2: key.tauG2 + .generator),
            KZGVerifierKey(g1: key.g1 + .generator, tauG1: key.tauG1, g2: key.g2, tauG2: key.tauG2),
            KZGVerifierKey(g1: key.g1, tauG1: key.tauG1, g2: key.g2 + .generator, tauG2: key.tauG2),
        ]
        XCTAssertNil(key.defect)
        for variant in variants {
            XCTAssertNotEqual(variant.digest, key.digest)
            XCTAssertNotNil(variant.defect)
        }
    }
}
