import Foundation
import PoTBehaviour
import XCTest

final class DistanceTests: XCTestCase {
    private func logs(_ p: [Double]) -> [Float] { p.map { Float(log($0)) } }

    func testTotalVariationOnKnownDistributions() throws {
        let p = logs([0.5, 0.25, 0.25]), q = logs([0.25, 0.25, 0.5])
        XCTAssertEqual(Distances.totalVariation(p, p), 0)
        XCTAssertEqual(try XCTUnwrap(Distances.totalVariation(p, q)), 0.25, accuracy: 1e-6)
        XCTAssertEqual(Distances.totalVariation(p, q), Distances.totalVariation(q, p))
        // Disjoint supports are as far apart as distributions get.
        let a: [Float] = [0, -.infinity], b: [Float] = [-.infinity, 0]
        XCTAssertEqual(Distances.totalVariation(a, b), 1)
    }

    func testTotalVariationRefusesWhatIsNotADistribution() {
        XCTAssertNil(Distances.totalVariation([0, .nan], [0, -1]))
        XCTAssertNil(Distances.totalVariation([0.5, -1], [0, -1]))  // a positive log-probability
        XCTAssertNil(Distances.totalVariation([0, 0, 0], [0, 0, 0]))  // sums to 3
        XCTAssertNil(Distances.totalVariation([0], [0, -1]))
    }

    func testTruncatedEditDistance() {
        XCTAssertEqual(Distances.truncatedEditDistance("", ""), 0)
        XCTAssertEqual(Distances.truncatedEditDistance("", "abc"), 1)
        XCTAssertEqual(Distances.truncatedEditDistance("kitten", "sitting"), 2.0 / 6)  // "kitten" vs "sittin": k→s, e→i
        XCTAssertEqual(Distances.truncatedEditDistance("same text", "same text and more"), 0)
        XCTAssertEqual(Distances.truncatedEditDistance("abcd", "wxyz"), 1)
        XCTAssertEqual(Distances.truncatedEditDistance("abc", "acb"), Distances.truncatedEditDistance("acb", "abc"))
    }
}
