import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import XCTest

@testable import PoTPlonk
@testable import PoTTraining

/// `lora-step` proofs of a native LoRA run: the circuit accepts the run's own steps, proofs
/// verify with the run's public inputs and no others, and witnesses that stray from the run —
/// another frozen base, a changed base under the run's commitment, a base that was trained too,
/// a wrong adapter update, a batch the schedule did not draw — fail when forced through the prover.
final class LoRAStepProofTests: XCTestCase {
    /// `syntheticRun()` (6→4→3, batch 2, 10 committed examples) after one plain SGD
    /// step, whose weights become the frozen base; adapters of rank 2, two LoRA steps (steps 1, 2).
    struct Fixture {
        let lora: LoRARun
        let records: [LoRAStepRecord]
        let witnesses: LoRAStepWitnesses
        let srs: SRS
        let key: ProvingKey

        var statement: LoRAStepStatement { witnesses.statement }

        func witness(_ i: Int) -> LoRAStepWitness { witnesses.witness(records[i...i]) }

        func forced(_ witness: LoRAStepWitness) throws -> Proof { try forcedProof(statement, witness, key: key, srs: srs) }
        func expected(_ witness: LoRAStepWitness) -> [String: Fr] { expectedInputs(statement, witness) }
    }

    static let fixture: Fixture = {
        do {
            var run = try syntheticRun()
            _ = try run.advance()
            var lora = LoRARun(run: run, adapters: try LoRAAdapters.initial(base: run.weights, rank: 2, seed: 4), adapterSecret: Fr(8))
            let records = try (0..<2).map { _ in try lora.advance() }
            let witnesses = try LoRAStepWitnesses(run: lora, stepsPerProof: 1)
            let k = witnesses.statement.minimumK
            let srs = SRS.insecure(k: k, tau: Fr(0x10_7a))
            return Fixture(lora: lora, records: records, witnesses: witnesses, srs: srs, key: try witnesses.statement.keygen(k: k, srs: srs))
        } catch {
            fatalError("the fixture builds: \(error)")
        }
    }()

    /// The native LoRA steps are the circuit's witness, and they leave the base as it was.
    func testTheNativeStepIsTheCircuitsWitness() throws {
        let f = Self.fixture
        XCTAssertEqual(f.statement.description, "lora-step layers=6-4-3 rank=2 batch=2 eta=32768 examples=10 steps=1")
        XCTAssertEqual(f.records.map(\.step), [1, 2])
        XCTAssertEqual(f.lora.baseCommitment, f.lora.run.commitment, "the base is committed as the run committed W_1")
        for i in 0..<2 {
            let w = f.witness(i)
            XCTAssertEqual(w.publicInputs, [f.lora.run.runId, Fr(UInt64(i + 1)), f.lora.baseCommitment, f.records[i].commitment,
                                            f.records[i].nextCommitment, f.lora.run.datasetRoot, f.lora.run.seedCommitment])
            XCTAssertEqual(w.base, f.lora.run.weights.tensors)
            let checker = try DebugChecker(f.statement.circuit(w), k: f.key.vk.k, instances: [w.publicInputs])
            XCTAssertTrue(checker.isSatisfied, "step \(i + 1): \(checker.allFailures.prefix(3))")
        }
        XCTAssertNotEqual(f.records[1].trace.updated.layers.map(\.down), f.records[1].adapters.layers.map(\.down),
                          "the second step, with B ≠ 0, trains A too")
        XCTAssertEqual(f.statement.rows, try f.statement.circuit(f.witness(0)).rowsUsed())
    }

    /// Two steps in one proof: the adapters between them are the first step's (checked to be
    /// values by that step), and the proof claims the second step's commitment, not the first's.
    func testTwoStepsInOneProof() throws {
        let f = Self.fixture
        let witnesses = try LoRAStepWitnesses(run: f.lora, stepsPerProof: 2)
        let w = witnesses.witness(f.records[0...1])
        XCTAssertEqual(w.publicInputs[3...4], [f.records[0].commitment, f.records[1].nextCommitment])
        let k = witnesses.statement.minimumK
        XCTAssertTrue(try DebugChecker(witnesses.statement.circuit(w), k: k, instances: [w.publicInputs]).isSatisfied)
        var early = w
        early.commitmentAfter = f.records[0].nextCommitment
        XCTAssertFalse(try DebugChecker(witnesses.statement.circuit(early), k: k, instances: [early.publicInputs]).isSatisfied)
    }

    /// A proof verifies with the run's values and with no other value of any public input; a
    /// proof of another step is not this step's.
    func testProofsVerifyWithTheRunsPublicInputsOnly() throws {
        let f = Self.fixture
        let proofs = try (0..<2).map { i in try f.statement.prove(witness: f.witness(i), key: f.key, srs: f.srs) }
        for i in 0..<2 { XCTAssertNoThrow(try f.statement.verify(proofs[i], key: f.key.vk, expected: f.expected(f.witness(i)))) }
        let honest = f.expected(f.witness(0))
        for name in f.statement.publicInputNames[0] {
            var other = honest
            other[name] = honest[name]! + .one
            XCTAssertThrowsError(try f.statement.verify(proofs[0], key: f.key.vk, expected: other), "\(name) + 1 accepted")
        }
        XCTAssertThrowsError(try f.statement.verify(proofs[1], key: f.key.vk, expected: honest))
    }

    /// `LoRAChain` accepts the run's two proofs as a chain over its base and rejects a chain
    /// over another base, proofs in the wrong order, proofs moved to each other's step, a missing step, a changed adapter
    /// commitment, and a key of another statement.
    func testTheChainOfProofsVerifies() throws {
        let f = Self.fixture
        let links = try (0..<2).map { i in
            LoRAChain.Link(firstStep: f.records[i].step, steps: 1, proof: try f.statement.prove(witness: f.witness(i), key: f.key, srs: f.srs))
        }
        let run = f.lora.run
        func claim(base: Fr? = nil, commitments: [Fr]? = nil) -> LoRAChain.Claim {
            LoRAChain.Claim(runId: run.runId, baseCommitment: base ?? f.lora.baseCommitment, datasetRoot: run.datasetRoot,
                            seedCommitment: run.seedCommitment, firstStep: 1,
                            commitments: commitments ?? [f.records[0].commitment] + f.records.map(\.nextCommitment))
        }
        func failed(_ checks: [ChainCheck]) -> [String] { checks.filter { !$0.passed }.map(\.name) }
        XCTAssertEqual(failed(LoRAChain.verify(links, claim: claim(), statement: f.statement, key: f.key.vk)), [])
        XCTAssertEqual(failed(LoRAChain.verify(links, claim: claim(base: run.initialCommitment), statement: f.statement, key: f.key.vk)),
                       ["step proofs"])
        XCTAssertEqual(failed(LoRAChain.verify(links.reversed(), claim: claim(), statement: f.statement, key: f.key.vk)), ["coverage"])
        let moved = [LoRAChain.Link(firstStep: 1, steps: 1, proof: links[1].proof), LoRAChain.Link(firstStep: 2, steps: 1, proof: links[0].proof)]
        XCTAssertEqual(failed(LoRAChain.verify(moved, claim: claim(), statement: f.statement, key: f.key.vk)), ["step proofs"])
        XCTAssertEqual(failed(LoRAChain.verify([links[0]], claim: claim(), statement: f.statement, key: f.key.vk)), ["coverage"])
        var commitments = claim().commitments
        commitments[1] += .one
        XCTAssertEqual(failed(LoRAChain.verify(links, claim: claim(commitments: commitments), statement: f.statement, key: f.key.vk)),
                       ["step proofs"])
        let other = try LoRAStepStatement(layers: [6, 4, 3], rank: 1, batch: 2, eta: f.statement.eta, examples: 10, steps: 1)
        XCTAssertEqual(failed(LoRAChain.verify(links, claim: claim(), statement: other, key: f.key.vk)), ["statement", "step proofs"])
    }

    /// Witnesses that are not the run's, forced through the prover: none verifies with the
    /// run's public inputs.
    func testForcedProofsOfOtherWitnessesAreRejected() throws {
        let f = Self.fixture
        let honest = f.witness(1)
        let expected = f.expected(honest)
        XCTAssertNoThrow(try f.statement.verify(try f.forced(honest), key: f.key.vk, expected: expected), "the forced path proves an honest witness")
        let base = f.lora.base, batch = f.lora.run.training.batch(f.records[1].batch)

        /// The honest witness over `newBase` (committed with the run's base salt), adapters after
        /// the step recomputed natively over it, claiming `claimedBase` as C(W).
        func over(_ newBase: MLPParameters, claiming claimedBase: Fr?) throws -> LoRAStepWitness {
            var w = honest
            w.base = newBase.tensors
            w.baseCommitment = try claimedBase ?? TensorCommitment.commit(newBase.tensors, salt: honest.baseSalt)
            let after = try newBase.loraStep(batch, adapters: f.records[1].adapters, learningRate: f.lora.run.config.eta).updated
            w.commitmentAfter = try TensorCommitment.commit(after.tensors, salt: honest.saltAfter)
            return w
        }
        var layers = base.layers
        layers[1].weights[0, 0] += 1
        let changed = try MLPParameters(layers: layers)
        // The base after a plain SGD step on the same batch: W trained along with the adapters.
        let trained = try base.step(batch, learningRate: f.lora.run.config.eta).updated
        XCTAssertNotEqual(trained, base)

        // A wrong adapter update: one value of B_2' one off, its commitment recomputed.
        var update = honest
        var adapters = f.records[1].trace.updated.tensors
        adapters[3][0] += 1
        update.commitmentAfter = try TensorCommitment.commit(adapters, salt: honest.saltAfter)

        // A batch the schedule did not draw: example 0 replaced by another, with its true path.
        var unscheduled = honest
        let other = (f.records[1].batch[0] + 1) % f.lora.run.training.count
        unscheduled.batches[0][0] = f.lora.run.examples([other], in: f.lora.run.datasetTree)[0]

        // Another base committed as such proves a true statement about that base: the proof
        // verifies with its own public inputs, and the run's C(W) rejects it.
        let cases = [("another frozen base, committed as such", try over(changed, claiming: nil), true),
                     ("a changed base under the run's C(W)", try over(changed, claiming: honest.baseCommitment), false),
                     ("a trained base, committed as such", try over(trained, claiming: nil), true),
                     ("a trained base under the run's C(W)", try over(trained, claiming: honest.baseCommitment), false),
                     ("a wrong adapter update", update, false), ("a batch not from the schedule", unscheduled, false)]
        for (what, witness, consistent) in cases {
            let proof = try f.forced(witness)
            XCTAssertThrowsError(try f.statement.verify(proof, key: f.key.vk, expected: expected), "\(what) accepted")
            if consistent {
                XCTAssertNotEqual(witness.baseCommitment, honest.baseCommitment, what)
                XCTAssertNoThrow(try f.statement.verify(proof, key: f.key.vk), what)
            } else {
                XCTAssertThrowsError(try f.statement.verify(proof, key: f.key.vk), "\(what) accepted with its own public inputs")
            }
        }
    }
}
