import Foundation
import PoTBehaviour
import XCTest

/// How many scores each decision takes in audit mode, against the information bound
/// ln(1/α)/γ for certifying SAME.
final class QueriesToDecisionTests: XCTestCase {
    private let audit = SequentialParameters.audit

    func testReEncodingLikeScoresAreSameWithin80() throws {
        // Mean 0.03 with spread ±0.03, like the re-encodings' mean TV distance.
        let sim = try Simulation(.scaledBeta(offset: 0, scale: 0.06), audit, runs: 2_000, seed: 0x5A4E)
        let bound = log(1 / audit.alpha) / audit.gamma
        print("audit SAME at mean 0.03: median \(sim.quantile(0.5)), p99 \(sim.quantile(0.99)), max \(sim.quantile(1)); ln(1/α)/γ = \(bound)")
        XCTAssertEqual(sim.rate(.same), 1)
        XCTAssertLessThanOrEqual(sim.quantile(1), 80)
    }

    func testTenPercentNoiseLikeScoresAreDifferentWithin15() throws {
        // Mean 0.26 spread over 0.18–0.34, like the 10%-noise variant's per-prompt means.
        let sim = try Simulation(.scaledBeta(offset: 0.18, scale: 0.16), audit, runs: 2_000, seed: 0xD1FE)
        print("audit DIFFERENT at mean 0.26: median \(sim.quantile(0.5)), p99 \(sim.quantile(0.99)), max \(sim.quantile(1))")
        XCTAssertEqual(sim.rate(.different), 1)
        XCTAssertLessThanOrEqual(sim.quantile(0.99), 15)
    }

    /// Every mode reaches the right decisions on the two calibration shapes; the printed
    /// counts fill the modes table in docs/sequential-test.md.
    func testEveryModeDecidesTheCalibrationShapes() throws {
        let modes: [(String, SequentialParameters)] = [("quick", .quick), ("audit", .audit), ("extended", .extended)]
        for (name, parameters) in modes {
            let same = try Simulation(.scaledBeta(offset: 0, scale: 0.06), parameters, runs: 500, seed: 0x51)
            let different = try Simulation(.scaledBeta(offset: 0.18, scale: 0.16), parameters, runs: 500, seed: 0xD1)
            let bound = log(1 / parameters.alpha) / parameters.gamma
            print("\(name): SAME median \(same.quantile(0.5)) max \(same.quantile(1)) (ln(1/α)/γ = \(bound)); DIFFERENT median \(different.quantile(0.5)) max \(different.quantile(1))")
            XCTAssertEqual(same.rate(.same), 1, name)
            XCTAssertEqual(different.rate(.different), 1, name)
        }
    }

    /// Identical models get no shortcut: all-zero scores need as many queries as the capital's
    /// largest per-score growth 1 + cγ/(1 − γ) allows.
    func testAllZeroNeedsFullEvidence() throws {
        let sim = try Simulation(.zero, audit, runs: 1, seed: 0)
        let fastest = log(1 / audit.sameAlpha) / log1p(audit.truncation * audit.gamma / (1 - audit.gamma))
        print("SAME at all-zero: \(sim.queries[0]) queries; fastest possible \(fastest)")
        XCTAssertEqual(sim.rate(.same), 1)
        XCTAssertGreaterThanOrEqual(Double(sim.queries[0]), fastest.rounded(.up))
    }
}
