import PoTBehaviour
import XCTest

final class ScoreCheckingTests: XCTestCase {
    func testInvalidScoresAreErrors() {
        for bad in [Double.nan, -0.001, 1.0001, .infinity, -.infinity] {
            var test = SequentialTest(parameters: .audit)
            XCTAssertThrowsError(try test.observe(bad)) {
                guard case .outOfRange(let reported) = $0 as? ScoreError else { return XCTFail("\($0)") }
                XCTAssertEqual(reported.bitPattern, bad.bitPattern, "the refused score is reported as given")
            }
            XCTAssertEqual(test.count, 0, "a refused score is not counted")
        }
    }

    func testDecidedTestRefusesScores() throws {
        var test = SequentialTest(parameters: .audit)
        while try test.observe(0) == nil {}
        XCTAssertThrowsError(try test.observe(0)) { XCTAssertEqual($0 as? ScoreError, .alreadyDecided(.same)) }
    }

    func testUndecidedAtMaxQueries() throws {
        let parameters = SequentialParameters(alpha: 0.01, gamma: 0.12, delta: 0.13, maxQueries: 50)
        var test = SequentialTest(parameters: parameters)
        var decision: Decision?
        while decision == nil { decision = try test.observe(0.125) }
        XCTAssertEqual(decision, .undecided)
        XCTAssertEqual(test.count, 50)
    }
}
