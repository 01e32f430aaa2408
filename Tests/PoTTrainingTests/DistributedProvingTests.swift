import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTSystem
import XCTest

@testable import PoTPlonk
@testable import PoTTraining

/// A run proved in shards (docs/distributed.md): the shards split the proof groups exactly;
/// workers skip valid proofs and redo invalid or partial ones; a worker given other data or a
/// run record whose commitments are not the run's stops; and the assembled run verifies and has,
/// proof for proof, the public inputs of the same run proved in one process.
final class DistributedProvingTests: XCTestCase {
    func testShardsSplitTheGroupsContiguouslyAndEvenly() {
        for groups in 1...20 {
            for count in 1...25 {
                let layout = ProofShards(groups: groups, count: count)
                let ranges = (0..<count).map(layout.groups(ofShard:))
                XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<groups), "G = \(groups), J = \(count)")
                let sizes = ranges.map(\.count)
                XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1)
                for g in 0..<groups { XCTAssertTrue(ranges[layout.shard(ofGroup: g)].contains(g)) }
            }
        }
        XCTAssertEqual(ProofShards(groups: 8, count: 3).groups(ofShard: 1), 2..<5)
        XCTAssertEqual(ProofShards.parse("3/4")?.index, 3)
        XCTAssertEqual(ProofShards.parse("3/4")?.count, 4)
        for bad in ["4/4", "-1/2", "1/0", "a/b", "1", "1/2/3", "/2", ""] { XCTAssertNil(ProofShards.parse(bad), bad) }
    }

    /// The synthetic run of TestSupport (a 6→4→3 MLP at batch 2), four steps, one step a proof,
    /// planned in two shards.
    struct Fixture {
        /// At step 0.
        let start: TrainingRun
        let srs: SRS
        let key: ProvingKey
        let steps = 4

        /// Every example, the committed ones first, as the data file holds them.
        var data: LabelledExamples {
            let (training, holdout) = (start.training, start.holdout)
            return LabelledExamples(inputs: IntegerMatrix(rows: training.count + holdout.count, columns: training.inputs.columns,
                                                          values: training.inputs.values + holdout.inputs.values),
                                    labels: training.labels + holdout.labels)
        }

        func native() throws -> (TrainingRun, [StepRecord]) {
            var run = start
            let records = try (0..<steps).map { _ in try run.advance() }
            return (run, records)
        }

        /// A run directory as `pot train --plan-only` writes it.
        func plannedDirectory(_ test: XCTestCase) throws -> String {
            let (run, records) = try native()
            let directory = try temporaryDirectory(test).appendingPathComponent("run").path
            try RunDirectory.write(to: directory, run: run, steps: records.map(\.summary), before: try run.initialWeights.evaluate(run.holdout),
                                   after: try run.weights.evaluate(run.holdout), dataSHA256: "00", force: false)
            let statement = try StepWitnesses(run: run, stepsPerProof: 1).statement
            let plan = ProvingPlan(steps: steps, stepsPerProof: 1, statement: statement.description, k: key.vk.k, vkDigest: key.vk.digest,
                                   shards: 2, data: "synthetic", dataSHA256: "00")
            try plan.write(directory: directory, key: key.vk)
            return directory
        }

        func prover(_ directory: String) throws -> ShardProver {
            ShardProver(run: try PlannedRun.open(directory: directory), key: key, srs: srs)
        }
    }

    static let fixture: Fixture = {
        do {
            let run = try syntheticRun()
            let statement = try StepWitnesses(run: run, stepsPerProof: 1).statement
            let srs = SRS.insecure(k: statement.minimumK, tau: Fr(0x5107))
            return Fixture(start: run, srs: srs, key: try statement.keygen(k: statement.minimumK, srs: srs))
        } catch {
            fatalError("the fixture builds: \(error)")
        }
    }()

    func testShardsThenAssemblyEqualTheSingleProcessRunProofForProof() throws {
        let f = Self.fixture
        let directory = try f.plannedDirectory(self)
        let shard0 = try f.prover(directory).prove(shard: 0, data: f.data, dataName: "synthetic")
        XCTAssertEqual(shard0, [0: .proved, 1: .proved])
        let afterOne = try PlannedRun.open(directory: directory)
        XCTAssertEqual((0..<4).map(afterOne.state(group:)), [.done, .done, .missing, .missing])
        assertTrainingError(try afterOne.assemble(), prefix: directory, reason: "2 of 4 proofs are not done")
        XCTAssertEqual(try f.prover(directory).prove(shard: 1, data: f.data, dataName: "synthetic"), [2: .proved, 3: .proved])
        let index = try PlannedRun.open(directory: directory).assemble()

        // verify-training's chain accepts the assembled run.
        let chain = try TrainingChain.load(directory: directory)
        XCTAssertEqual(chain.proofs, index)
        let checks = TrainingChain.verify(chain, directory: directory, key: try TrainingChain.key(chain, directory: directory), weights: nil)
        XCTAssertTrue(checks.allSatisfy(\.passed), "\(checks.filter { !$0.passed })")

        // The same configuration and secrets proved in one process: the same proofs section, and
        // each assembled proof verifies with that run's public inputs for its steps.
        let (run, records) = try f.native()
        let single = try RunProver(witnesses: try StepWitnesses(run: run, stepsPerProof: 1), key: f.key, srs: f.srs).proveAll(records)
        XCTAssertEqual(single.index, index)
        let witnesses = try StepWitnesses(run: run, stepsPerProof: 1)
        let statement = witnesses.statement
        for (t, entry) in index.files.enumerated() {
            let expected = expectedInputs(statement, witnesses.witness(records[t...t]))
            XCTAssertEqual(expected, try PlannedRun.open(directory: directory).publicInputs(group: t))
            let (proof, _) = try Proof.load(path: directory + "/" + entry.file)
            XCTAssertNoThrow(try statement.verify(proof, key: f.key.vk, expected: expected), "proof of step \(t)")
        }
    }

    func testValidProofsAreSkippedAndInvalidOrPartialOnesRedone() throws {
        let f = Self.fixture
        let directory = try f.plannedDirectory(self)
        _ = try f.prover(directory).prove(shard: 1, data: f.data, dataName: "synthetic")
        XCTAssertEqual(try f.prover(directory).prove(shard: 1, data: f.data, dataName: "synthetic"), [2: .skipped, 3: .skipped])

        let planned = try PlannedRun.open(directory: directory)
        let flipped = planned.proofPath(group: 2), partial = planned.proofPath(group: 3)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: flipped))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: flipped))
        try Data(try Data(contentsOf: URL(fileURLWithPath: partial)).prefix(100)).write(to: URL(fileURLWithPath: partial))
        // A killed worker's temporary file of group 3 (OutputFile's name for it).
        let leftover = directory + "/proofs/.step-000003.proof.Ab12Cd"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: leftover))
        guard case .invalid = planned.state(group: 2), case .invalid = planned.state(group: 3) else {
            return XCTFail("a flipped byte and a truncated file must be invalid")
        }
        XCTAssertEqual(try f.prover(directory).prove(shard: 1, data: f.data, dataName: "synthetic"), [2: .proved, 3: .proved])
        XCTAssertEqual([planned.state(group: 2), planned.state(group: 3)], [.done, .done])
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover))

        // A proof of another step under this group's name is invalid too.
        try FileManager.default.removeItem(atPath: flipped)
        try FileManager.default.copyItem(atPath: partial, toPath: flipped)
        guard case .invalid = planned.state(group: 2) else { return XCTFail("a moved proof must be invalid") }

        // A proof whose only defect is its opening passes every check but the pairing: the
        // batched check of the shard's groups names it, and only it.
        _ = try f.prover(directory).prove(shard: 1, data: f.data, dataName: "synthetic")
        var (proof, digest) = try Proof.load(path: flipped)
        proof.w = proof.w + .generator
        try Data(proof.encoded(vkDigest: digest)).write(to: URL(fileURLWithPath: flipped))
        let states = planned.states(groups: 2..<4)
        guard case .invalid(let reason) = states[0], states[1] == .done else {
            return XCTFail("only the proof with a wrong opening is invalid: \(states)")
        }
        XCTAssertTrue(reason.contains("opening does not verify"), reason)
    }

    func testAWorkerStopsOnOtherDataSecretsOrRunRecord() throws {
        let f = Self.fixture
        let directory = try f.plannedDirectory(self)
        var values = f.data.inputs.values
        values[0] = values[0] == 0 ? 1 << 12 : 0
        let other = LabelledExamples(inputs: IntegerMatrix(rows: 12, columns: 6, values: values), labels: f.data.labels)
        assertTrainingError(try f.prover(directory).prove(shard: 0, data: other, dataName: "other.csv"), prefix: "other.csv", reason: "dataset root")

        // Other secrets: the schedule seed no longer gives S (nor the salts C(W_0)).
        let secretsPath = directory + "/private/secrets.json"
        let honestSecrets = try Data(contentsOf: URL(fileURLWithPath: secretsPath))
        var secrets = try JSONSerialization.jsonObject(with: honestSecrets) as! [String: Any]
        secrets["schedule_seed"] = RunDirectory.hex(Fr(6))
        try Data(RunDirectory.json(secrets)).write(to: URL(fileURLWithPath: secretsPath))
        assertTrainingError(try f.prover(directory).prove(shard: 0, data: f.data, dataName: "synthetic"), prefix: secretsPath,
                            reason: "do not give the run's seed commitment")
        try honestSecrets.write(to: URL(fileURLWithPath: secretsPath))

        // run.json states another C(W_2): the worker redoing step 1 notices before proving step 2.
        let runPath = directory + "/run.json"
        var record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: runPath))) as! [String: Any]
        var commitments = record["commitments"] as! [String]
        commitments[2] = RunDirectory.hex(Fr(12345))
        record["commitments"] = commitments
        try Data(RunDirectory.json(record)).write(to: URL(fileURLWithPath: runPath))
        assertTrainingError(try f.prover(directory).prove(shard: 1, data: f.data, dataName: "synthetic"), prefix: directory,
                            reason: "step 1 redone commits to")
        XCTAssertEqual(try PlannedRun.open(directory: directory).state(group: 2), .missing)
    }

    func testAPlanThatDoesNotFitTheRunIsRefused() throws {
        let f = Self.fixture
        let directory = try f.plannedDirectory(self)
        let planPath = directory + "/" + ProvingPlan.file
        let honest = try Data(contentsOf: URL(fileURLWithPath: planPath))
        func edit(_ change: (inout [String: Any]) -> Void) throws {
            var plan = try JSONSerialization.jsonObject(with: honest) as! [String: Any]
            change(&plan)
            try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: planPath))
        }
        try edit { $0["steps_per_proof"] = 2 }
        assertTrainingError(try PlannedRun.open(directory: directory), prefix: planPath, reason: "the configuration fixes")
        try edit { $0["steps_per_proof"] = 3 }
        assertTrainingError(try PlannedRun.open(directory: directory), prefix: planPath, reason: "do not tile the run")
        try edit { $0["steps"] = 8 }
        assertTrainingError(try PlannedRun.open(directory: directory), prefix: planPath, reason: "plans 8 steps, run.json has 4")
        try edit { $0["vk"] = "../keys/x.vk" }
        assertTrainingError(try PlannedRun.open(directory: directory), prefix: planPath, reason: "is not keys/<vk_digest>.vk")
        try edit { $0["format"] = "other" }
        assertTrainingError(try PlannedRun.open(directory: directory), prefix: planPath, reason: "expected pot-proving-plan")
        try FileManager.default.removeItem(atPath: planPath)
        assertTrainingError(try PlannedRun.open(directory: directory), prefix: planPath, reason: "pot train --plan-only")
    }
}
