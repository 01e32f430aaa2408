@testable import PoTBehaviour
import XCTest

/// A full re-score runs the sequential test again on the re-scored values: with the run's
/// products it must stop where the transcript did; with the other products, whose scores move
/// by up to 0.02, it must reach the recorded decision by the recorded n.
final class DecisionRecomputationTests: XCTestCase {
    let parameters = SequentialParameters.quick

    /// The decision line the sequential test writes for `scores`.
    private func recorded(_ scores: [Double]) throws -> DecisionRecord {
        var ledger = ScoreLedger(parameters: parameters)
        for score in scores where ledger.decision == nil { try ledger.observe(score) }
        let decision = try XCTUnwrap(ledger.decision)
        return DecisionRecord(decision: decision.rawValue, n: ledger.count, mean: ledger.mean, lower: ledger.lower, upper: ledger.upper, seconds: 0)
    }

    func testTheSameScoresConfirmTheDecision() throws {
        let scores = [Double](repeating: 0.03, count: 100)
        let line = try recorded(scores)
        let again = try TranscriptVerifier.decisionHolds(Array(scores.prefix(line.n)), recorded: line, parameters: parameters,
                                                         products: .ggml, sameProducts: true)
        XCTAssertEqual(again.decision, "SAME")
        XCTAssertEqual(again.n, line.n)
    }

    /// Other products' scores a little lower reach SAME a little earlier: confirmed, with the
    /// earlier n; with the run's products the same shift means the scores are not the run's.
    func testAcrossProductsAnEarlierSameDecisionIsConfirmed() throws {
        let line = try recorded([Double](repeating: 0.03, count: 100))
        let lower = [Double](repeating: 0.015, count: line.n)
        let again = try TranscriptVerifier.decisionHolds(lower, recorded: line, parameters: parameters, products: .ggml, sameProducts: false)
        XCTAssertEqual(again.decision, "SAME")
        XCTAssertLessThan(again.n, line.n)
        XCTAssertThrowsError(try TranscriptVerifier.decisionHolds(lower, recorded: line, parameters: parameters, products: .ggml, sameProducts: true))
    }

    /// Scores a little higher do not reach SAME within the recorded challenges: the decision
    /// rests on rounding and is not confirmed.
    func testADecisionOnTheEdgeIsNotConfirmed() throws {
        let line = try recorded([Double](repeating: 0.03, count: 100))
        let higher = [Double](repeating: 0.045, count: line.n)
        XCTAssertThrowsError(try TranscriptVerifier.decisionHolds(higher, recorded: line, parameters: parameters, products: .ggml, sameProducts: false)) {
            XCTAssertTrue("\($0)".contains("the decision is not confirmed with these products"), "\($0)")
        }
    }
}
