import PoTBehaviour
import XCTest

final class ConfidenceSequenceTests: XCTestCase {
    /// Coverage at every n at once, on few runs since each score updates the whole grid.
    func testCoversTheMeanAtEveryStep() throws {
        let stream = ScoreStream.scaledBeta(offset: 0.18, scale: 0.16)
        var rng = SplitMix64(seed: 0xC5)
        var misses = 0
        for _ in 0..<20 {
            var cs = ConfidenceSequence(alpha: 0.01, gridSize: 200)
            var covered = true
            for _ in 0..<60 {
                try cs.observe(stream.draw(&rng))
                if let bounds = cs.bounds, bounds.contains(stream.mean) { continue }
                covered = false
            }
            if !covered { misses += 1 }
        }
        XCTAssertLessThanOrEqual(misses, 1)
    }

    func testBoundsShrinkAroundTheMean() throws {
        var cs = ConfidenceSequence(alpha: 0.01)
        for _ in 0..<200 { try cs.observe(0.03) }
        let bounds = try XCTUnwrap(cs.bounds)
        XCTAssertLessThan(bounds.upperBound, 0.12)
        XCTAssertLessThanOrEqual(bounds.lowerBound, 0.03)
        XCTAssertGreaterThan(bounds.lowerBound, 0)
    }
}
