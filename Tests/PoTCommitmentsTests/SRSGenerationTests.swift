import CBN254
import PoTAlgebra
import XCTest

@testable import PoTCommitments

final class SRSGenerationTests: XCTestCase {
    /// Every power against an independent variable-base scalar multiplication.
    func testPowersAreTauPowersTimesGenerator() {
        let srs = TestSRS.shared
        XCTAssertEqual(srs.g1Powers.count, 256)
        XCTAssertTrue(srs.isInsecure)
        var power = Fr.one
        for i in 0..<srs.g1Powers.count {
            XCTAssertEqual(G1(affine: srs.g1Powers[i]), G1.generator * power, "power \(i)")
            power *= TestSRS.tau
        }
        XCTAssertEqual(srs.g2, .generator)
        XCTAssertEqual(srs.tauG2, G2.generator * TestSRS.tau)
    }

    /// The large-window table (used from 2^14 powers) and the small one agree with plain
    /// scalar multiplication on edge scalars.
    func testFixedBaseTablesOnEdgeScalars() {
        let scalars: [Fr] = [.zero, .one, -.one, Fr(2).power(253), Fr(2).power(64) - .one, TestSRS.tau]
        for window in [6, 10] {
            let table = FixedBaseTable(base: .generator, windowBits: window)
            let points = table.multiply(scalars)
            for (point, scalar) in zip(points, scalars) {
                XCTAssertEqual(G1(affine: point), G1.generator * scalar, "window \(window), scalar \(scalar)")
            }
        }
    }

    func testRandomSRSIsConsistent() {
        let srs = SRS.generateInsecure(k: 4)
        XCTAssertEqual(srs.g1Powers.count, 16)
        XCTAssertTrue(srs.powersAreConsistent())
        XCTAssertEqual(G1(affine: srs.g1Powers[0]), .generator)
    }

    func testTruncation() {
        let small = TestSRS.shared.truncated(toK: 3)
        XCTAssertEqual(small.k, 3)
        XCTAssertEqual(small.g1Powers.count, 8)
        XCTAssertTrue(small.powersAreConsistent())
    }
}
