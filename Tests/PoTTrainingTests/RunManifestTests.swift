import Foundation
import PoTAlgebra
import XCTest

@testable import PoTTraining

final class RunManifestTests: XCTestCase {
    func writtenRun() throws -> (URL, TrainingRun) {
        var run = try TrainingRunTests.smallRun()
        let records = try (0..<2).map { _ in try run.advance() }
        let directory = try temporaryDirectory(self).appendingPathComponent("run")
        let evaluation = try run.weights.evaluate(run.holdout)
        try RunDirectory.write(to: directory.path, run: run, steps: records.map(\.summary), before: evaluation, after: evaluation,
                               dataSHA256: "ab", force: false)
        return (directory, run)
    }

    func testReadsWhatTheRunWrote() throws {
        let (directory, run) = try writtenRun()
        let manifest = try RunManifest.read(directory: directory.path)
        XCTAssertEqual(manifest.config, run.config)
        XCTAssertEqual(manifest.runId, run.runId)
        XCTAssertEqual(manifest.datasetRoot, run.datasetRoot)
        XCTAssertEqual(manifest.seedCommitment, run.seedCommitment)
        XCTAssertEqual(manifest.steps, 2)
        XCTAssertEqual(manifest.commitments.first, run.initialCommitment)
        XCTAssertEqual(manifest.commitments.last, run.commitment)
        XCTAssertEqual(manifest.datasetSize, 100)
        XCTAssertEqual(manifest.holdoutSize, 20)
    }

    func testRejectsChangedOrInconsistentRecords() throws {
        let (directory, _) = try writtenRun()
        let runPath = directory.appendingPathComponent("run.json").path
        let original = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: runPath))) as? [String: Any])
        let config = try TrainingConfig.load(path: directory.appendingPathComponent("config.json").path)
        func rejects(_ change: (inout [String: Any]) -> Void, _ reason: String, line: UInt = #line) throws {
            var object = original
            change(&object)
            let bytes = Array(try JSONSerialization.data(withJSONObject: object))
            assertTrainingError(try RunManifest(config: config, runJSON: bytes, name: "run.json"), prefix: "run.json", reason: reason, line: line)
        }
        try rejects({ $0["format"] = "other" }, "expected pot-training-run version 1")
        try rejects({ $0["run_id"] = RunDirectory.hex(Fr(5)) }, "run_id is not the runId of the configuration file")
        try rejects({ $0["dataset_root"] = "0x12" }, "dataset_root is not 0x and 64 hex digits")
        try rejects({ $0["seed_commitment"] = "0x" + String(repeating: "f", count: 64) }, "seed_commitment is not")
        try rejects({ $0["commitments"] = Array(($0["commitments"] as! [String]).dropLast()) }, "2 steps need 3 commitments")
        try rejects({ $0["loss"] = [1.0] }, "found 3 and 1")
        try rejects({ $0["batch"] = 5 }, "contradict the configuration")
        try rejects({ $0["eta"] = 6553 }, "contradict the configuration")
        try rejects({ $0.removeValue(forKey: "steps") }, "missing \"steps\"")
        try rejects({ $0["steps"] = "2" }, "\"steps\" has the wrong type")

        // A configuration file changed after the run no longer has the recorded runId.
        let other = try TrainingConfig(json: config.json + Array(" ".utf8), name: "config.json")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: runPath)))
        assertTrainingError(try RunManifest(config: other, runJSON: bytes, name: "run.json"), prefix: "run.json", reason: "run_id is not")
        assertTrainingError(try RunManifest.read(directory: "/nonexistent"), prefix: "/nonexistent/config.json", reason: "No such file or directory")
    }
}
