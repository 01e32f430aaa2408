import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
import PoTCircuits

/// −2^14 ≤ x < 2^14 for a public x, by a 4 × 4-bit running-sum decomposition of x + 2^14 looked
/// up in a table, the last limb short (3 bits): a circuit with lookups, for the lookup argument's
/// soundness. The offset and the short limb make every fixed column nonzero, so no evaluation in
/// the proof is 0 (which negating would leave unchanged).
struct RangeProof: Circuit {
    struct Config {
        let chip: RangeCheckChip
        let out: Column
    }

    let x: Fr

    var instances: [[Fr]] { [[x]] }

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        Config(chip: try RangeCheckChip.configure(cs, limbBits: 4), out: cs.instanceColumn())
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        try config.chip.loadTable(layouter)
        let cell = try layouter.region("x", in: config.chip.track) { region throws(PlonkError) in try region.assignAdvice(config.chip.lanes[0].runningSum, 0, x) }
        try config.chip.checkSigned(layouter, [cell], bits: 15)
        try layouter.constrainInstance(cell, config.out, row: 0)
    }
}

/// d = x·x + 5 with the 5 a circuit constant (copied from the constants column) and d public:
/// the arithmetic chip and constants, through the prover.
struct MulAddConstant: Circuit {
    struct Config {
        let chip: ArithmeticChip
        let out: Column
    }

    let x: Fr

    var instances: [[Fr]] { [[x * x + 5]] }

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let chip = try ArithmeticChip.configure(cs)
        cs.enableConstants(cs.fixedColumn())
        return Config(chip: chip, out: cs.instanceColumn())
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let a = try config.chip.load(layouter, x)
        let five = try layouter.region("five") { region throws(PlonkError) in try region.assignConstant(config.chip.c, 0, 5) }
        let d = try config.chip.mulAdd(layouter, a, a, five)
        try layouter.constrainInstance(d, config.out, row: 0)
    }
}

/// Completeness of every statement, and soundness: every part of a proof, every public input
/// and the key are tampered with, and witnesses that break one gate, one copy or one lookup
/// are forced through the prover. Not one is accepted.
final class ProofSoundnessTests: XCTestCase {
    static let srs = SRS.insecure(k: 9, tau: Fr(0xfeed_beef))

    /// A statement, its key and an honest proof.
    struct Case {
        let name: String
        let key: ProvingKey
        let proof: Proof
        /// Another proof of the same witness.
        let prove: () throws -> Proof
        let verify: (Proof, VerifyingKey) throws -> Void
    }

    static func make<C: Circuit>(_ name: String, _ circuit: C, instances: [[Fr]], k: Int) throws -> Case {
        let key = try ProvingKey(circuit, k: k, srs: srs, circuitName: name)
        let prove = { try Prover.prove(circuit, instances: instances, key: key, srs: srs) }
        return Case(name: name, key: key, proof: try prove(), prove: prove) { try Verifier.verify($0, key: $1, circuit: C.self) }
    }

    nonisolated(unsafe) static let cases: [Case] = {
        let squaring = SquaringChain(x: 3, squarings: 21), poseidon = PoseidonChain(x: 5, length: 3)
        let range = RangeProof(x: 0x1234), mulAdd = MulAddConstant(x: 9)
        do {
            return [
                try make("mul-add", mulAdd, instances: mulAdd.instances, k: 4),
                try make("squaring-chain", squaring, instances: squaring.instances, k: 5),
                try make("poseidon-chain", poseidon, instances: poseidon.instances, k: 8),
                try make("range", range, instances: range.instances, k: 6),
                try make("freivalds", FreivaldsProduct.example, instances: [], k: 7),
                try make("masked-range", MaskedRange(x: 11), instances: [], k: 5),
            ]
        } catch {
            fatalError("the statements prove: \(error)")
        }
    }()

    func testHonestProofsVerify() throws {
        for c in Self.cases {
            XCTAssertNoThrow(try c.verify(c.proof, c.key.vk), c.name)
            let (decoded, digest) = try Proof.decode(c.proof.encoded(vkDigest: c.key.vk.digest), path: c.name)
            XCTAssertEqual(decoded, c.proof)
            XCTAssertEqual(digest, c.key.vk.digest)
            XCTAssertLessThanOrEqual(c.proof.encoded(vkDigest: c.key.vk.digest).count, 2048, "\(c.name): at most 2 KiB")
        }
    }

    /// Every commitment, evaluation, opening element and public input, changed one at a time.
    func testEveryProofElementIsBound() throws {
        var mutations = 0
        for c in Self.cases {
            var variants: [(String, Proof)] = []
            let g = G1.generator
            for i in c.proof.adviceCommitments.indices { variants.append(("advice \(i)", with(c.proof) { $0.adviceCommitments[i] += g })) }
            for i in c.proof.runningCommitments.indices { variants.append(("running \(i)", with(c.proof) { $0.runningCommitments[i] += g })) }
            for i in c.proof.quotientCommitments.indices {
                variants.append(("quotient \(i)", with(c.proof) { $0.quotientCommitments[i] += g }))
            }
            for i in c.proof.evaluations.indices {
                variants.append(("evaluation \(i) + 1", with(c.proof) { $0.evaluations[i] += .one }))
                variants.append(("evaluation \(i) negated", with(c.proof) { $0.evaluations[i] = -$0.evaluations[i] }))
            }
            variants.append(("W", with(c.proof) { $0.w += g }))
            variants.append(("W'", with(c.proof) { $0.wPrime += g }))
            variants.append(("W ↔ W'", with(c.proof) { swap(&$0.w, &$0.wPrime) }))
            for col in c.proof.instances.indices {
                for row in c.proof.instances[col].indices {
                    variants.append(("instance \(col),\(row)", with(c.proof) { $0.instances[col][row] += .one }))
                }
                variants.append(("instance \(col) extra row", with(c.proof) { $0.instances[col].append(.one) }))
            }
            for (what, proof) in variants {
                mutations += 1
                XCTAssertThrowsError(try c.verify(proof, c.key.vk), "\(c.name): \(what) accepted")
            }
        }
        XCTAssertGreaterThan(mutations, 120)
    }

    /// Random single-bit flips of the proof file: each is refused by the decoder or the verifier.
    func testBitFlipsOfTheProofFileAreRejected() throws {
        var rng = SeededRandom(seed: 0xb17)
        var accepted = 0, tried = 0
        for c in Self.cases {
            let bytes = c.proof.encoded(vkDigest: c.key.vk.digest)
            for _ in 0..<200 {
                var flipped = bytes
                let bit = Int(rng.next() % UInt64(bytes.count * 8))
                flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                tried += 1
                guard let (proof, digest) = try? Proof.decode(flipped, path: "flipped") else { continue }
                if digest == c.key.vk.digest, (try? c.verify(proof, c.key.vk)) != nil { accepted += 1 }
            }
        }
        XCTAssertEqual(tried, 200 * Self.cases.count)
        XCTAssertEqual(accepted, 0)
    }

    func testKeysAreBoundToCircuitSizeAndSRS() throws {
        let squaring = Self.cases[1], poseidon = Self.cases[2]
        // Another circuit's key: refused before any arithmetic.
        XCTAssertThrowsError(try squaring.verify(squaring.proof, poseidon.key.vk)) { error in
            guard case .keyMismatch = error as? PlonkError else { return XCTFail("\(error)") }
        }
        // The same circuit, another size: different fixed columns, another key digest.
        let longer = SquaringChain(x: 3, squarings: 22)
        let otherKey = try ProvingKey(longer, k: 5, srs: Self.srs, circuitName: "squaring-chain")
        XCTAssertThrowsError(try squaring.verify(squaring.proof, otherKey.vk))
        // The same statement at another k.
        let biggerKey = try ProvingKey(SquaringChain(x: 3, squarings: 21), k: 6, srs: Self.srs, circuitName: "squaring-chain")
        XCTAssertThrowsError(try squaring.verify(squaring.proof, biggerKey.vk))
        // Keys from another SRS: the verifier's τ differs, and the prover refuses the mismatch.
        let otherSRS = SRS.insecure(k: 9, tau: Fr(0xabad_1dea))
        let foreignKey = try ProvingKey(SquaringChain(x: 3, squarings: 21), k: 5, srs: otherSRS, circuitName: "squaring-chain")
        XCTAssertThrowsError(try squaring.verify(squaring.proof, foreignKey.vk))
        XCTAssertThrowsError(try Prover.prove(SquaringChain(x: 3, squarings: 21), instances: SquaringChain(x: 3, squarings: 21).instances,
                                              key: foreignKey, srs: Self.srs)) { error in
            guard case .keyMismatch = error as? PlonkError else { return XCTFail("\(error)") }
        }
    }

    /// One broken gate, one broken copy, one input outside its table: the debug checker names
    /// each, the prover refuses each, and a proof forced through anyway is rejected.
    func testForcedProofsOfBrokenWitnessesAreRejected() throws {
        let srs = Self.srs
        func check<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]], expect: (CheckFailure?) -> Bool,
                               tamper: @escaping (inout [[Fr]]) -> Void, _ what: String) throws {
            let key = try ProvingKey(circuit, k: k, srs: srs, circuitName: what)
            let synthesis = try Synthesis(circuit, k: k)
            var assignment = synthesis.assignment
            tamper(&assignment.advice)
            let checker = try DebugChecker(cs: synthesis.cs, assignment: assignment, instances: instances)
            XCTAssertTrue(expect(checker.firstFailure), "\(what): \(String(describing: checker.firstFailure))")
            let forced = try Prover.prove(circuit, instances: instances, key: key, srs: srs, threads: 2, progress: { _ in },
                                          requireSatisfied: false, tamper: tamper)
            XCTAssertThrowsError(try Verifier.verify(forced, key: key.vk, circuit: C.self), "\(what): forced proof accepted")
        }

        let squaring = SquaringChain(x: 3, squarings: 21)
        try check(squaring, k: 5, instances: squaring.instances, expect: {
            if case .gate(_, "b = a^2", 3, _) = $0 { return true } else { return false }
        }, tamper: { $0[1][3] += .one }, "squaring gate")

        let poseidon = PoseidonChain(x: 5, length: 3)
        try check(poseidon, k: 8, instances: poseidon.instances, expect: {
            if case .copy = $0 { return true } else { return false }
        }, tamper: { $0[1][0] += .one }, "poseidon copy")

        // x + 2^14 = 0x5234: limb_0 = 4 + 16 lies outside 0..<16; z_1 and limb_1 compensate, so every gate holds.
        let range = RangeProof(x: 0x1234)
        try check(range, k: 6, instances: range.instances, expect: {
            if case .lookup(_, 1, _, _) = $0 { return true } else { return false }
        }, tamper: { advice in
            advice[1][1] += Fr(16)
            advice[0][2] -= .one
            advice[1][2] -= .one
        }, "range lookup")
    }

    private func with(_ proof: Proof, _ change: (inout Proof) -> Void) -> Proof {
        var p = proof
        change(&p)
        return p
    }
}
