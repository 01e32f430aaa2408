import Foundation
import PoTAlgebra
import PoTCommitments
import PoTHashing
import XCTest

@testable import PoTTraining

final class RunDirectoryTests: XCTestCase {
    /// Reads a safetensors file with its own small parser: header, then each tensor's bytes.
    func readSafetensors(_ url: URL) throws -> (header: [String: Any], body: Data) {
        let bytes = try Data(contentsOf: url)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(length % 8, 0)
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<8 + length)) as? [String: Any])
        return (header, bytes.subdata(in: 8 + length..<bytes.count))
    }

    func tensor(_ file: (header: [String: Any], body: Data), _ name: String) throws -> (dtype: String, shape: [Int], bytes: Data) {
        let entry = try XCTUnwrap(file.header[name] as? [String: Any], name)
        let offsets = try XCTUnwrap(entry["data_offsets"] as? [Int])
        return (try XCTUnwrap(entry["dtype"] as? String), try XCTUnwrap(entry["shape"] as? [Int]), file.body.subdata(in: offsets[0]..<offsets[1]))
    }

    func testWritesTheDocumentedFilesAndTheFinalWeightsRecommit() throws {
        var run = try TrainingRunTests.smallRun()
        let records = try (0..<3).map { _ in try run.advance() }
        let directory = try temporaryDirectory(self).appendingPathComponent("run")
        let evaluation = try run.weights.evaluate(run.holdout)
        try RunDirectory.write(to: directory.path, run: run, steps: records.map(\.summary), before: evaluation, after: evaluation,
                               dataSHA256: "ab", force: false)
        let names = try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, ["config.json", "private", "private/secrets.json", "private/steps.json",
                               "private/weights-initial.safetensors", "run.json", "weights-final.safetensors"])
        XCTAssertEqual(Array(try Data(contentsOf: directory.appendingPathComponent("config.json"))), run.config.json)

        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("run.json"))) as? [String: Any])
        XCTAssertEqual(record["commitments"] as? [String], ([run.initialCommitment] + records.map(\.nextCommitment)).map(RunDirectory.hex))
        XCTAssertEqual(record["run_id"] as? String, RunDirectory.hex(run.runId))
        XCTAssertEqual(record["dataset_size"] as? Int, 100)
        XCTAssertEqual(record["steps"] as? Int, 3)
        XCTAssertEqual((record["loss"] as? [Double])?.count, 3)

        // The I32 tensors and the salt in the metadata give C(W_T) back; the F32 ones are value / 2^16.
        let final = try readSafetensors(directory.appendingPathComponent("weights-final.safetensors"))
        var tensors: [[Int64]] = []
        for (name, shape) in run.weights.tensorNames {
            let fixed = try tensor(final, name + ".fixed"), real = try tensor(final, name)
            XCTAssertEqual(fixed.dtype, "I32")
            XCTAssertEqual(real.dtype, "F32")
            XCTAssertEqual(fixed.shape, shape)
            let values = fixed.bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }.map { Int64(Int32(littleEndian: $0)) }
            let floats = real.bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }.map { Float(bitPattern: UInt32(littleEndian: $0)) }
            XCTAssertEqual(floats, values.map { Float(Double($0) / 65536) })
            tensors.append(values)
        }
        XCTAssertEqual(tensors, run.weights.tensors)
        let metadata = try XCTUnwrap(final.header["__metadata__"] as? [String: String])
        let salt = try XCTUnwrap(Fr(try XCTUnwrap(metadata["salt"])))
        XCTAssertEqual(try TensorCommitment.commit(tensors, salt: salt), run.commitment)
        XCTAssertEqual(metadata["commitment"], RunDirectory.hex(run.commitment))
        XCTAssertEqual(metadata["step"], "3")

        // `pot commit --poseidon` of the file (its F32 tensors, in file order) with the salt is C(W_T) too.
        let layout = try ModelLayout.open(path: directory.appendingPathComponent("weights-final.safetensors").path)
        XCTAssertEqual(try ModelFileCommitment(layout: layout, salt: salt).root, run.commitment)

        let steps = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("private/steps.json"))) as? [String: Any])
        XCTAssertEqual((steps["steps"] as? [[String: Any]])?.map { $0["batch"] as? [Int] }, records.map(\.batch))
    }

    func testRefusesToReplaceARunUnlessForcedAndLeavesNoStaging() throws {
        var run = try TrainingRunTests.smallRun()
        let records = [try run.advance()]
        let parent = try temporaryDirectory(self)
        let path = parent.appendingPathComponent("run").path
        let evaluation = try run.weights.evaluate(run.holdout)
        func write(force: Bool) throws {
            try RunDirectory.write(to: path, run: run, steps: records.map(\.summary), before: evaluation, after: evaluation, dataSHA256: "ab", force: force)
        }
        try write(force: false)
        assertTrainingError(try write(force: false), prefix: path, reason: "already exists (use --force to replace it)")
        try write(force: true)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), ["run"])
    }
}
