import Foundation
import PoTBehaviour
import XCTest

/// At the boundaries the nulls are hardest to reject, so the wrong-decision rate there is
/// the one Ville's inequality must bound.
final class BoundaryErrorTests: XCTestCase {
    private let runs = 10_000
    private let audit = SequentialParameters.audit

    /// Observed rate must not exceed the level by more than three binomial standard errors of
    /// a rate equal to the level; a true rate at the level fails with probability ≈ 0.1%.
    private func assertAtMost(_ observed: Double, _ level: Double, _ label: String) {
        let allowance = 3 * (level * (1 - level) / Double(runs)).squareRoot()
        print("\(label): observed \(observed), level \(level)")
        XCTAssertLessThanOrEqual(observed, level + allowance, label)
    }

    func testMeanAtGammaRarelyCertifiesSame() throws {
        let cases: [ScoreStream] = [.bernoulli(audit.gamma), .scaledBeta(offset: 0, scale: 2 * audit.gamma)]
        for (i, stream) in cases.enumerated() {
            XCTAssertEqual(stream.mean, audit.gamma, accuracy: 1e-15)
            let sim = try Simulation(stream, audit, runs: runs, seed: 0x5A3E + UInt64(i))
            assertAtMost(sim.rate(.same), audit.sameAlpha, "P(SAME) at mean γ, \(stream)")
        }
    }

    func testMeanAtDeltaRarelyCertifiesDifferent() throws {
        let cases: [ScoreStream] = [.bernoulli(audit.delta), .scaledBeta(offset: 0, scale: 2 * audit.delta)]
        for (i, stream) in cases.enumerated() {
            XCTAssertEqual(stream.mean, audit.delta, accuracy: 1e-15)
            let sim = try Simulation(stream, audit, runs: runs, seed: 0xD1FF + UInt64(i))
            assertAtMost(sim.rate(.different), audit.differentAlpha, "P(DIFFERENT) at mean δ, \(stream)")
        }
    }

    /// The quick mode spends more α, so its boundary is the easier one to break.
    func testQuickModeHoldsAtGamma() throws {
        let quick = SequentialParameters.quick
        let sim = try Simulation(.bernoulli(quick.gamma), quick, runs: runs, seed: 0x0C1C)
        assertAtMost(sim.rate(.same), quick.sameAlpha, "quick: P(SAME) at mean γ")
    }
}
