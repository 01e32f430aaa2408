import Foundation
import PoTAlgebra
import PoTCommitments
import XCTest

@testable import PoTTraining

final class TrainingRunTests: XCTestCase {
    static let secrets = RunSecrets(scheduleSeed: Fr(11), runSecret: Fr(22), datasetSalt: Fr(33))

    /// 120 digits: 100 train, 20 held out; small enough for debug builds.
    static func smallRun(seed: UInt64 = 1, secrets: RunSecrets = secrets) throws -> TrainingRun {
        let data = try DigitsCSV.load(path: RealDigits.path).slice(0..<120)
        let config = try TrainingConfig(widths: [64, 8, 10], batchSize: 4, learningRate: 0.1, initSeed: seed, trainExamples: 100)
        return try TrainingRun(config: config, data: data, dataName: "digits", secrets: secrets)
    }

    func testRecordsChainAndMatchTheCommitmentsAndSchedule() throws {
        var run = try Self.smallRun()
        XCTAssertEqual(run.stepsPerEpoch, 25)
        XCTAssertEqual(run.runId, RunIdentity.runId(configuration: run.config.json))
        XCTAssertEqual(run.seedCommitment, Poseidon.hash(Fr(11), run.runId))
        XCTAssertEqual(run.initialCommitment, try TensorCommitment.commit(run.initialWeights.tensors, salt: Poseidon.hash(Fr(22), Fr(0))))
        var previous = run.initialCommitment
        for t in 0..<3 {
            let record = try run.advance()
            XCTAssertEqual(record.step, t)
            XCTAssertEqual(record.commitment, previous)
            XCTAssertEqual(record.salt, Poseidon.hash(Fr(22), Fr(UInt64(t))))
            XCTAssertEqual(record.commitment, try TensorCommitment.commit(record.weights.tensors, salt: record.salt))
            XCTAssertEqual(record.nextCommitment, try TensorCommitment.commit(record.trace.updated.tensors, salt: record.nextSalt))
            XCTAssertEqual(record.batch, BatchSchedule.batch(seed: Fr(11), step: t, batchSize: 4, datasetSize: 100))
            XCTAssertEqual(record.trace, try record.weights.step(run.training.batch(record.batch), learningRate: 6554))
            XCTAssertNotEqual(record.nextCommitment, record.commitment)
            previous = record.nextCommitment
        }
        XCTAssertEqual(run.step, 3)
        XCTAssertEqual(run.commitment, previous)
    }

    func testTheDatasetRootCoversTheTrainingSplitOnly() throws {
        let run = try Self.smallRun()
        XCTAssertEqual(run.training.count, 100)
        XCTAssertEqual(run.holdout.count, 20)
        let leaves = try (0..<100).map { try DatasetCommitment.leaf(inputs: Array(run.training.inputs.row($0)), label: run.training.labels[$0]) }
        XCTAssertEqual(run.datasetRoot, DatasetCommitment.tree(leaves: leaves, salt: Fr(33)).root)
    }

    func testSameConfigurationAndSecretsGiveTheSameCommitments() throws {
        var a = try Self.smallRun(), b = try Self.smallRun()
        let chainA = try (0..<3).map { _ in try a.advance().nextCommitment }
        let chainB = try (0..<3).map { _ in try b.advance().nextCommitment }
        XCTAssertEqual(chainA, chainB)
        XCTAssertEqual(a.datasetRoot, b.datasetRoot)
        var c = try Self.smallRun(seed: 2)
        XCTAssertNotEqual(c.initialCommitment, a.initialCommitment)
        XCTAssertNotEqual(try c.advance().nextCommitment, chainA[0])
        let other = RunSecrets(scheduleSeed: Fr(12), runSecret: Fr(22), datasetSalt: Fr(33))
        var d = try Self.smallRun(secrets: other)
        XCTAssertEqual(d.initialCommitment, a.initialCommitment)  // same W_0, same salt_0
        XCTAssertNotEqual(try d.advance().batch, BatchSchedule.batch(seed: Fr(11), step: 0, batchSize: 4, datasetSize: 100))
    }

    func testDataThatDoNotFitTheNetworkAreRejected() throws {
        let data = try DigitsCSV.load(path: RealDigits.path).slice(0..<120)
        let wide = try TrainingConfig(widths: [63, 10], batchSize: 4, learningRate: 0.1, initSeed: 1, trainExamples: 100)
        assertTrainingError(try TrainingRun(config: wide, data: data, dataName: "d.csv", secrets: Self.secrets),
                            prefix: "d.csv", reason: "examples have 64 inputs, the first layer takes 63")
        let few = try TrainingConfig(widths: [64, 5], batchSize: 4, learningRate: 0.1, initSeed: 1, trainExamples: 100)
        assertTrainingError(try TrainingRun(config: few, data: data, dataName: "d.csv", secrets: Self.secrets),
                            prefix: "d.csv", reason: "example 5 has label 5, the last layer has 5 classes")
        let all = try TrainingConfig(widths: [64, 10], batchSize: 4, learningRate: 0.1, initSeed: 1, trainExamples: 120)
        assertTrainingError(try TrainingRun(config: all, data: data, dataName: "d.csv", secrets: Self.secrets),
                            prefix: "d.csv", reason: "leave none for the hold-out split")
    }
}
