import Foundation
import PoTAlgebra
import PoTCommitments
import PoTHashing
import PoTSystem
import XCTest

@testable import PoTTraining

/// poseidon_model.json: model files written by the safetensors and gguf-py packages, read back
/// by their own readers and committed in Python (scripts/vectors/poseidon_model_vectors.py).
private struct ModelVectors: Decodable {
    struct Model: Decodable { let tensors, skipped: [String]; let values: Int; let root: String }
    let salt: String
    let models: [String: Model]
}

final class ModelFileCommitmentTests: XCTestCase {
    private func fr(_ hex: String) -> Fr { Fr("0x" + hex)! }

    func testFloatTensorsAgreeWithPython() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("poseidon_model.json")))
        let vectors = try JSONDecoder().decode(ModelVectors.self, from: data)
        XCTAssertEqual(Set(vectors.models.keys), ["mlp.safetensors", "mlp.gguf"])
        for (name, expected) in vectors.models {
            let commitment = try ModelFileCommitment(layout: try ModelLayout.open(path: Fixtures.path(name)), salt: fr(vectors.salt))
            XCTAssertEqual(commitment.root, fr(expected.root), name)
            XCTAssertEqual(commitment.tensors.map(\.name), expected.tensors, name)
            XCTAssertEqual(commitment.skipped.map(\.name), expected.skipped, name)
            XCTAssertEqual(commitment.valueCount, expected.values, name)
        }
    }

    func testOutOfRangeValuesNameFileTensorAndIndex() throws {
        let path = Fixtures.path("out_of_range.safetensors")
        XCTAssertThrowsError(try ModelFileCommitment(layout: try ModelLayout.open(path: path), salt: 1)) {
            let error = $0 as? ModelFileError
            XCTAssertEqual(error?.path, path)
            XCTAssertTrue(error?.reason.contains("tensor \"b\" element 2 = 16384.0") ?? false, "\($0)")
        }
    }

    func testAModelWithoutFloatTensorsIsAnError() throws {
        let path = try temporaryDirectory(self).appendingPathComponent("bytes.bin").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ModelFileCommitment(layout: try ModelLayout.open(path: path), salt: 1)) {
            XCTAssertEqual(($0 as? ModelFileError)?.reason, "no F32, F16 or BF16 tensors to commit to")
        }
    }

    /// The weights file a run writes commits to the run's C(W): its F32 tensors come in
    /// commitment order, and values below 2^24 are exact in F32.
    func testARunsWeightsFileCommitsToTheRunsCommitment() throws {
        let parameters = try MLPParameters.initial(widths: [64, 32, 10], seed: 7)
        let salt = Fr(0x5a17)
        let commitment = try TensorCommitment.commit(parameters.tensors, salt: salt)
        let path = try temporaryDirectory(self).appendingPathComponent("weights.safetensors").path
        try Data(RunDirectory.weightsFile(parameters, step: 0, salt: salt, commitment: commitment))
            .write(to: URL(fileURLWithPath: path))
        let fromFile = try ModelFileCommitment(layout: try ModelLayout.open(path: path), salt: salt)
        XCTAssertEqual(fromFile.root, commitment)
        XCTAssertEqual(fromFile.tensors.map(\.name), ["W_1", "b_1", "W_2", "b_2"])
        XCTAssertEqual(fromFile.skipped.map(\.name), ["W_1.fixed", "b_1.fixed", "W_2.fixed", "b_2.fixed"])
    }
}
