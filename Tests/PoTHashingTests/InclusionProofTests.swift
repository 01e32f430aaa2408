import PoTHashing
import XCTest

final class InclusionProofTests: XCTestCase {
    func testEveryTensorProvesAgainstTheRoot() throws {
        for file in ["tiny.gguf", "model.safetensors.index.json", "opaque.bin"] {
            let commitment = try commit(Fixtures.path(file), chunkSize: 64)
            for entry in commitment.tensors {
                let proof = try XCTUnwrap(TensorInclusionProof(commitment: commitment, tensor: entry.name))
                let read = try TensorInclusionProof(json: Array(proof.json.utf8), path: "proof.json")
                XCTAssertEqual(read, proof)
                XCTAssertNoThrow(try read.verify(against: commitment.modelRoot), "\(file): \(entry.name)")
                XCTAssertEqual(read.tensor, entry)
            }
        }
        XCTAssertNil(TensorInclusionProof(commitment: try commit(Fixtures.path("tiny.gguf")), tensor: "no.such.tensor"))
    }

    func testRejectsAnotherModelsRoot() throws {
        let commitment = try commit(Fixtures.path("tiny.gguf"))
        let other = try commit(Fixtures.path("whole.gguf"))
        let proof = try XCTUnwrap(TensorInclusionProof(commitment: commitment, tensor: "blk.0.norm"))
        XCTAssertThrowsError(try proof.verify(against: other.modelRoot))
    }

    /// Flips each bit of a proof file in turn: every variant is rejected, by the reader
    /// (not a canonical proof) or by verification (the root no longer follows).
    func testEveryFlippedBitIsRejected() throws {
        let commitment = try commit(Fixtures.path("tiny.gguf"), chunkSize: 64)
        let proof = try XCTUnwrap(TensorInclusionProof(commitment: commitment, tensor: "blk.1.half"))
        let bytes = Array(proof.json.utf8)
        XCTAssertGreaterThan(proof.path.count, 1)
        var rejectedByReader = 0, rejectedByVerifier = 0
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            guard let read = try? TensorInclusionProof(json: flipped, path: "proof.json") else {
                rejectedByReader += 1
                continue
            }
            XCTAssertThrowsError(try read.verify(against: commitment.modelRoot), "bit \(bit) (byte \(bit / 8)) accepted")
            rejectedByVerifier += 1
        }
        XCTAssertGreaterThan(rejectedByVerifier, 0)
        XCTAssertEqual(rejectedByReader + rejectedByVerifier, bytes.count * 8)
    }

    func testProofOfARealModelTensor() throws {
        let commitment = try commit(try TestModel.require())
        let proof = try XCTUnwrap(TensorInclusionProof(commitment: commitment, tensor: "blk.7.attn_q.weight"))
        XCTAssertEqual(proof.path.count, 9)  // 272 entries: a tree of depth 9
        XCTAssertNoThrow(try TensorInclusionProof(json: Array(proof.json.utf8), path: "p").verify(against: commitment.modelRoot))
    }
}
