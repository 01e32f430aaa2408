import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk

/// A squaring chain in the main track beside a counter in a track of its own: `a' = a²` on
/// rows with `s`, `u' = u + 1` on rows with `t`, the last values public.
struct SideBySide: Circuit {
    enum Fault { case none, counter, mainWritesTrack, mainEnablesTrackSelector }
    struct Config {
        let a: Column, u: Column, out: Column
        let s: Selector, t: Selector
        let counter: Track
    }

    var squarings = 3, steps = 9
    var fault = Fault.none

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let (a, u, s, t) = (cs.adviceColumn(), cs.adviceColumn(), cs.selector(), cs.selector())
        cs.enableEquality(a)
        cs.enableEquality(u)
        let config = Config(a: a, u: u, out: cs.instanceColumn(), s: s, t: t, counter: cs.track(columns: [u], selectors: [t]))
        try cs.createGate("square", [Constraint("a' = a²", s.expression * (a.next - a.cur * a.cur))])
        try cs.createGate("count", [Constraint("u' = u + 1", t.expression * (u.next - u.cur - 1))])
        return config
    }

    var last: (a: Fr, u: Fr) { ((0..<squarings).reduce(Fr(3)) { x, _ in x * x }, Fr(UInt64(steps))) }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let a = try layouter.region("squares") { region throws(PlonkError) in
            var x = Fr(3)
            var cell = try region.assignAdvice(config.a, 0, x)
            for i in 0..<squarings {
                try region.enable(config.s, i)
                x = x * x
                cell = try region.assignAdvice(config.a, i + 1, x)
            }
            if fault == .mainWritesTrack { try region.assignAdvice(config.u, 0, 1) }
            if fault == .mainEnablesTrackSelector { try region.enable(config.t, 0) }
            return cell
        }
        let u = try layouter.region("counter", in: config.counter) { region throws(PlonkError) in
            var cell = try region.assignAdvice(config.u, 0, .zero)
            for i in 0..<steps {
                try region.enable(config.t, i)
                let value = Fr(UInt64(i + 1)) + (fault == .counter && i == 1 ? Fr.one : Fr.zero)
                cell = try region.assignAdvice(config.u, i + 1, value)
            }
            return cell
        }
        try layouter.constrainInstance(a, config.out, row: 0)
        try layouter.constrainInstance(u, config.out, row: 1)
    }
}

/// A gate that reads the main track and the counter's track.
struct SpanningGate: Circuit {
    static func configure(_ cs: ConstraintSystem) throws(PlonkError) {
        let (a, u, t) = (cs.adviceColumn(), cs.adviceColumn(), cs.selector())
        _ = cs.track(columns: [u], selectors: [t])
        try cs.createGate("mixed", [Constraint("u = a", t.expression * (u.cur - a.cur))])
    }

    func synthesize(_ config: Void, _ layouter: Layouter) throws(PlonkError) {}
}

final class TrackTests: XCTestCase {
    static let srs = SRS.insecure(k: 6, tau: Fr(0x7ac4))

    /// The two tracks' regions both start at row 0, so the table takes the longer one's rows.
    func testTracksShareRows() throws {
        let circuit = SideBySide()
        XCTAssertEqual(try circuit.rowsUsed(), circuit.steps + 1)
        let synthesis = try Synthesis(circuit, k: 5)
        let starts = Dictionary(uniqueKeysWithValues: synthesis.assignment.regions.map { ($0.name, $0.rows.lowerBound) })
        XCTAssertEqual(starts, ["squares": 0, "counter": 0])
        XCTAssertEqual(try circuit.rowsByRegion().map(\.rows), [circuit.squarings + 1, circuit.steps + 1])
        XCTAssertNil(try DebugChecker(circuit, k: 5, instances: [[circuit.last.a, circuit.last.u]]).firstFailure)
    }

    func testProofOfSideBySideRegionsVerifies() throws {
        let circuit = SideBySide()
        let key = try ProvingKey(circuit, k: 5, srs: Self.srs, circuitName: "side-by-side")
        let proof = try Prover.prove(circuit, instances: [[circuit.last.a, circuit.last.u]], key: key, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: SideBySide.self))
    }

    /// A wrong cell of the counter, on a row the squaring chain shares, is named in the counter's
    /// region, and a proof forced through is rejected.
    func testAWrongCellInATrackIsCaught() throws {
        let bad = SideBySide(fault: .counter)
        let instances = [[bad.last.a, bad.last.u + 1]]
        XCTAssertEqual(try DebugChecker(bad, k: 5, instances: instances).firstFailure,
                       .gate(gate: "count", constraint: "u' = u + 1", row: 1, region: "counter"))
        let key = try ProvingKey(SideBySide(), k: 5, srs: Self.srs, circuitName: "side-by-side")
        let forced = try Prover.prove(bad, instances: instances, key: key, srs: Self.srs, threads: 1,
                                      progress: { _ in }, requireSatisfied: false)
        XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: SideBySide.self))
    }

    func testARegionCannotUseAnotherTracksColumnsOrSelectors() {
        XCTAssertThrowsError(try SideBySide(fault: .mainWritesTrack).rowsUsed()) { error in
            XCTAssertEqual(error as? PlonkError, .outsideTrack(region: "squares", what: "\(Column(kind: .advice, index: 1))"))
        }
        XCTAssertThrowsError(try SideBySide(fault: .mainEnablesTrackSelector).rowsUsed()) { error in
            XCTAssertEqual(error as? PlonkError, .outsideTrack(region: "squares", what: "selector[1]"))
        }
    }

    func testAGateReadingTwoTracksIsRefused() {
        XCTAssertThrowsError(try SpanningGate().rowsUsed()) { error in
            XCTAssertEqual(error as? PlonkError, .gateSpansTracks("mixed: u = a"))
        }
    }
}
