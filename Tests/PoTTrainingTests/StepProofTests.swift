import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import XCTest

@testable import PoTPlonk
@testable import PoTTraining

/// `train-step` proofs of a native run: the circuit accepts the run's own steps and
/// commitments, proofs verify with the run's public inputs and no others, and witnesses that
/// stray from the run — a batch the schedule did not draw, weights other than the committed
/// ones, an update other than the step's — fail when forced through the prover.
final class StepProofTests: XCTestCase {
    /// `syntheticRun()`, two steps.
    struct Fixture {
        let run: TrainingRun
        let records: [StepRecord]
        let witnesses: StepWitnesses
        let srs: SRS
        let key: ProvingKey

        var statement: TrainStepStatement { witnesses.statement }

        func witness(_ t: Int) -> TrainStepWitness { witnesses.witness(records[t...t]) }

        func forced(_ witness: TrainStepWitness) throws -> Proof { try forcedProof(statement, witness, key: key, srs: srs) }
        func expected(_ witness: TrainStepWitness) -> [String: Fr] { expectedInputs(statement, witness) }
    }

    static let fixture: Fixture = {
        do {
            var run = try syntheticRun()
            let records = try (0..<2).map { _ in try run.advance() }
            let witnesses = try StepWitnesses(run: run, stepsPerProof: 1)
            let k = witnesses.statement.minimumK
            let srs = SRS.insecure(k: k, tau: Fr(0x7a11))
            return Fixture(run: run, records: records, witnesses: witnesses, srs: srs, key: try witnesses.statement.keygen(k: k, srs: srs))
        } catch {
            fatalError("the fixture builds: \(error)")
        }
    }()

    /// The circuit's witness is the native step: the checker accepts the run's W_t, batch and
    /// C(W_{t+1}), so the circuit's W_{t+1} commits to what the native trainer computed.
    func testTheNativeStepIsTheCircuitsWitness() throws {
        let f = Self.fixture
        let w = f.witness(1)
        XCTAssertEqual(w.publicInputs, [f.run.runId, Fr(1), f.records[1].commitment, f.records[1].nextCommitment,
                                        f.run.datasetRoot, f.run.seedCommitment])
        let checker = try DebugChecker(f.statement.circuit(w), k: f.key.vk.k, instances: [w.publicInputs])
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        XCTAssertEqual(f.statement.rows, try f.statement.circuit(w).rowsUsed())
    }

    /// Each step's proof verifies with the run's values, and with no other value of any public
    /// input: another run, another step (a proof moved), other commitments, another dataset root,
    /// another seed commitment.
    func testProofsVerifyWithTheRunsPublicInputsOnly() throws {
        let f = Self.fixture
        let proofs = try (0..<2).map { t in try RunProver(witnesses: f.witnesses, key: f.key, srs: f.srs).prove(f.records[t...t]) }
        for t in 0..<2 {
            XCTAssertNoThrow(try f.statement.verify(proofs[t], key: f.key.vk, expected: f.expected(f.witness(t))))
        }
        let honest = f.expected(f.witness(0))
        for name in f.statement.publicInputNames[0] {
            var other = honest
            other[name] = honest[name]! + .one
            XCTAssertThrowsError(try f.statement.verify(proofs[0], key: f.key.vk, expected: other), "\(name) + 1 accepted")
        }
        // Step 1's proof presented as step 0's, and the proof with its public inputs rewritten.
        XCTAssertThrowsError(try f.statement.verify(proofs[1], key: f.key.vk, expected: honest))
        var moved = proofs[1]
        moved.instances = [f.witness(0).publicInputs]
        XCTAssertThrowsError(try f.statement.verify(moved, key: f.key.vk))
    }

    /// Witnesses that are not the run's, forced through the prover: none verifies.
    func testForcedProofsOfOtherWitnessesAreRejected() throws {
        let f = Self.fixture
        let honest = f.witness(0)
        XCTAssertNoThrow(try f.statement.verify(try f.forced(honest), key: f.key.vk), "the forced path proves an honest witness")

        // A batch the schedule did not draw: example 0 replaced by another example of the
        // dataset, with its true inclusion path.
        var batch = honest
        let drawn = f.records[0].batch[0], other = (drawn + 1) % f.run.training.count
        let tree = DatasetCommitment.tree(
            leaves: try (0..<f.run.training.count).map { i in
                try DatasetCommitment.leaf(inputs: Array(f.run.training.inputs.row(i)), label: f.run.training.labels[i])
            }, salt: f.run.secrets.datasetSalt)
        batch.batches[0][0] = TrainStepWitness.Example(inputs: Array(f.run.training.inputs.row(other)), label: f.run.training.labels[other],
                                                       siblings: tree.path(of: other))
        // W_t with one weight changed, the claimed commitments unchanged.
        var weights = honest
        weights.tensors[0][0] += 1
        // The update of step 1 claimed for step 0.
        var update = honest
        update.commitmentAfter = f.records[1].nextCommitment

        for (what, witness) in [("a batch not from the schedule", batch), ("a changed weight", weights), ("another update", update)] {
            XCTAssertThrowsError(try f.statement.verify(try f.forced(witness), key: f.key.vk), "\(what) accepted")
        }
    }
}
