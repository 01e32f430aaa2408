import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
import PoTCircuits

/// A circuit whose first phase reads a challenge (a bug the engine must name): in a first-phase
/// cell, a fixed cell, or by making a copy constraint only once the challenge is known.
private struct Leaky: Circuit {
    enum Leak { case advice, fixed, copy }
    let leak: Leak

    struct Config {
        let a: Column, b: Column, f: Column
        let rho: Challenge
    }

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let config = Config(a: cs.adviceColumn(), b: cs.adviceColumn(phase: .second), f: cs.fixedColumn(), rho: cs.challenge())
        cs.enableEquality(config.b)
        return config
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let value = layouter.challengeValue(config.rho)
        try layouter.region("leak") { region throws(PlonkError) in
            try region.assignAdvice(config.a, 0, leak == .advice ? value ?? .zero : .zero)
            try region.assignFixed(config.f, 0, leak == .fixed ? value ?? .zero : .zero)
            let b0 = try region.assignAdvice(config.b, 0, value ?? .zero)
            let b1 = try region.assignAdvice(config.b, 1, value ?? .zero)
            if leak == .copy, value != nil { try region.constrainEqual(b0, b1) }
        }
    }
}

/// x < 16 checked on a second-phase column: w = ρ·x + x is assigned after ρ, and the lookup
/// reads w − ρ·x, so the multiplicities must be counted on second-phase values and with ρ.
struct MaskedRange: Circuit {
    struct Config {
        let x: Column, w: Column
        let s: Selector
        let table: TableColumn
        let rho: Challenge
    }

    let x: Fr

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let config = Config(x: cs.adviceColumn(), w: cs.adviceColumn(phase: .second), s: cs.selector(), table: cs.tableColumn(),
                            rho: cs.challenge())
        try cs.lookup("w − ρ·x < 16", [(config.s.expression * (config.w.cur - config.rho.expression * config.x.cur), config.table)])
        return config
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        try layouter.assignTable("0..<16") { t throws(PlonkError) in
            for v in 0..<16 { try t.assign(config.table, v, Fr(UInt64(v))) }
        }
        let rho = layouter.challengeValue(config.rho)
        try layouter.region("x") { region throws(PlonkError) in
            try region.enable(config.s, 0)
            try region.assignAdvice(config.x, 0, x)
            try region.assignAdvice(config.w, 0, rho.map { $0 * x + x } ?? .zero)
        }
    }
}

/// Challenge-phase advice (docs/plonk.md, "Phases"), on a Freivalds check of a 4×3·3×5 matrix
/// product: honest proofs verify; a wrong product, a product right for one ρ only (chosen before
/// the transcript), and tampered second-phase cells are refused by the checker and the prover,
/// and forced through the prover they fail to verify. Tampering with the proof itself is covered
/// by `ProofSoundnessTests`, whose statements include this one.
final class PhaseTests: XCTestCase {
    static let srs = ProofSoundnessTests.srs
    static let k = 7
    static let key: ProvingKey = {
        do { return try ProvingKey(FreivaldsProduct.example, k: k, srs: srs, circuitName: "freivalds") } catch {
            fatalError("key generation: \(error)")
        }
    }()

    private func forcedProofIsRejected(_ circuit: FreivaldsProduct, tamper: @escaping (inout [[Fr]]) -> Void = { _ in },
                                       _ what: String) throws {
        XCTAssertThrowsError(try Prover.prove(circuit, instances: [], key: Self.key, srs: Self.srs, threads: 2, progress: { _ in },
                                              requireSatisfied: true, tamper: tamper), what) { error in
            guard case .witnessUnsatisfied = error as? PlonkError else { return XCTFail("\(what): \(error)") }
        }
        let forced = try Prover.prove(circuit, instances: [], key: Self.key, srs: Self.srs, threads: 2, progress: { _ in },
                                      requireSatisfied: false, tamper: tamper)
        XCTAssertThrowsError(try Verifier.verify(forced, key: Self.key.vk, circuit: FreivaldsProduct.self), "\(what): forced proof accepted")
    }

    func testHonestProductProvesAndVerifies() throws {
        let circuit = FreivaldsProduct.example
        XCTAssertTrue(try DebugChecker(circuit, k: Self.k, instances: []).isSatisfied)
        let proof = try Prover.prove(circuit, instances: [], key: Self.key, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: Self.key.vk, circuit: FreivaldsProduct.self))
        XCTAssertEqual(proof.adviceCommitments.count, 3, "x, y, acc; no lookups")
    }

    func testWrongProductIsRefusedAndForcedProofRejected() throws {
        var c = FreivaldsProduct.example.c
        c[2][3] += .one
        let wrong = FreivaldsProduct(a: FreivaldsProduct.example.a, b: FreivaldsProduct.example.b, c: c)
        // Every Horner and dot-product gate holds; only C·r = A·(B·r) on row 2 fails.
        guard case .copy = try DebugChecker(wrong, k: Self.k, instances: []).firstFailure else {
            return XCTFail("the row-2 equality should fail")
        }
        try forcedProofIsRejected(wrong, "C one entry off")
    }

    /// C = AB + E with E's row 1 = (ρ₀, −1, 0, 0, 0): C·r = A·(B·r) holds for r = (ρ₀^j) only.
    /// A prover who fixes ρ₀ before the transcript and computes the second phase for it is
    /// caught because ρ is drawn after C is committed.
    func testProductRightForOneRhoOnlyFailsForTheDrawnRho() throws {
        let rho0 = Fr(0x1234_5678)
        let e = FreivaldsProduct.example
        var c = e.c
        c[1][0] += rho0
        c[1][1] -= .one
        let cheat = FreivaldsProduct(a: e.a, b: e.b, c: c, chosenRho: rho0)
        XCTAssertTrue(try DebugChecker(cheat, k: Self.k, instances: [], challenges: [rho0]).isSatisfied,
                      "the wrong product passes the check for ρ₀")
        guard case .gate("horner", _, _, _) = try DebugChecker(cheat, k: Self.k, instances: []).firstFailure else {
            return XCTFail("for another ρ the Horner sums computed with ρ₀ fail")
        }
        // Computed honestly for the drawn ρ, the wrong product fails the final equality instead.
        let honestRho = FreivaldsProduct(a: e.a, b: e.b, c: c)
        guard case .copy = try DebugChecker(honestRho, k: Self.k, instances: []).firstFailure else {
            return XCTFail("C·r ≠ A·(B·r) for a random ρ")
        }
        try forcedProofIsRejected(cheat, "second phase computed for ρ₀")
        try forcedProofIsRejected(honestRho, "wrong product, second phase for the drawn ρ")
    }

    /// One Horner cell (second phase) changed after synthesis: named by the checker, refused by
    /// the prover, rejected when forced; likewise one entry of B (first phase).
    func testTamperedSecondPhaseCellIsRejected() throws {
        let circuit = FreivaldsProduct.example
        let tamper: (inout [[Fr]]) -> Void = { $0[2][3] += .one }
        let values: [Fr] = [Fr(99)]
        var assignment = try Synthesis(circuit, k: Self.k, challenges: values).assignment
        tamper(&assignment.advice)
        let checker = try DebugChecker(cs: Self.key.cs, assignment: assignment, instances: [], challenges: values)
        XCTAssertEqual(checker.firstFailure, .gate(gate: "horner", constraint: "acc' = acc·ρ + x'", row: 2, region: "(B·r)_0"))
        try forcedProofIsRejected(circuit, tamper: tamper, "tampered acc cell")
        // A first-phase entry of B changed after synthesis (in both passes, so the passes agree).
        try forcedProofIsRejected(circuit, tamper: { $0[0][2] += .one }, "tampered entry of B")
    }

    func testFirstPhaseThatReadsAChallengeIsNamed() throws {
        let key = try ProvingKey(Leaky(leak: .advice), k: 4, srs: Self.srs, circuitName: "leaky")
        for (leak, what) in [(Leaky.Leak.advice, "first-phase advice[0] row 0"), (.fixed, "fixed[0]"), (.copy, "the copy constraints")] {
            XCTAssertThrowsError(try DebugChecker(Leaky(leak: leak), k: 4, instances: [])) {
                XCTAssertEqual($0 as? PlonkError, .challengeDependent(what))
            }
            XCTAssertThrowsError(try Prover.prove(Leaky(leak: leak), instances: [], key: key, srs: Self.srs)) {
                XCTAssertEqual($0 as? PlonkError, .challengeDependent(what))
            }
        }
        XCTAssertThrowsError(try DebugChecker(FreivaldsProduct.example, k: Self.k, instances: [], challenges: [1, 2])) {
            XCTAssertEqual($0 as? PlonkError, .challengeCount(given: 2, expected: 1))
        }
    }

    /// A lookup on a second-phase column, through a challenge: proved and verified when the
    /// value is in the table; named, refused and (forced) rejected when it is not.
    func testLookupOnASecondPhaseColumn() throws {
        let key = try ProvingKey(MaskedRange(x: 0), k: 5, srs: Self.srs, circuitName: "masked-range")
        let proof = try Prover.prove(MaskedRange(x: 11), instances: [], key: key, srs: Self.srs)
        XCTAssertNoThrow(try Verifier.verify(proof, key: key.vk, circuit: MaskedRange.self))
        let checker = try DebugChecker(MaskedRange(x: 16), k: 5, instances: [])
        XCTAssertEqual(checker.firstFailure, .lookup(lookup: "w − ρ·x < 16", row: 0, values: [16], region: "x"))
        XCTAssertThrowsError(try Prover.prove(MaskedRange(x: 16), instances: [], key: key, srs: Self.srs))
        let forced = try Prover.prove(MaskedRange(x: 16), instances: [], key: key, srs: Self.srs, threads: 2, progress: { _ in },
                                      requireSatisfied: false)
        XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: MaskedRange.self))
    }

    /// The memory planner counts a second-phase column as it counts a first-phase one.
    func testMemoryPlanCountsSecondPhaseColumns() {
        func peak(_ phases: [AdvicePhase]) -> Int {
            let cs = ConstraintSystem()
            for phase in phases { _ = cs.adviceColumn(phase: phase) }
            return MemoryPlan(cs: cs, k: 10, threads: 1, baseline: 0).peakBytes
        }
        XCTAssertEqual(peak([.first, .second]), peak([.first, .first]))
        XCTAssertGreaterThan(peak([.first, .second]), peak([.first]))
    }

    func testDigestEncodesPhasesAndChallenges() throws {
        func digest(_ build: (ConstraintSystem) -> Void) -> [UInt8] {
            let cs = ConstraintSystem()
            build(cs)
            return cs.digest
        }
        let plain = digest { _ = $0.adviceColumn(); _ = $0.adviceColumn() }
        let second = digest { _ = $0.adviceColumn(); _ = $0.adviceColumn(phase: .second) }
        let swapped = digest { _ = $0.adviceColumn(phase: .second); _ = $0.adviceColumn() }
        let challenged = digest { _ = $0.adviceColumn(); _ = $0.adviceColumn(); _ = $0.challenge() }
        XCTAssertEqual(Set([plain, second, swapped, challenged]).count, 4)
        let rho = Challenge(index: 0)
        let gate = { (e: Expr) in
            digest { cs in
                let a = cs.adviceColumn()
                _ = cs.challenge()
                try? cs.createGate("g", [Constraint("c", e * a.cur)])
            }
        }
        XCTAssertNotEqual(gate(rho.expression), gate(Expr.constant(.one)))
        // A circuit without phases keeps the digest it had before phases existed (from the
        // engine at commit db752e8: the constraint-system digest field of the .vk that
        // `pot keygen squaring-chain --k 5` wrote).
        let cs = ConstraintSystem(maxDegree: SquaringChain.maxDegree)
        _ = try SquaringChain.configure(cs)
        XCTAssertEqual(cs.digest.map { String(format: "%02x", $0) }.joined(),
                       "66c727d332e738bb35bf026ec3f114ec824925cfbda3dd0fcda104813a3f9733")
    }
}
