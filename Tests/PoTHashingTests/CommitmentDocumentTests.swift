import PoTHashing
import XCTest

final class CommitmentDocumentTests: XCTestCase {
    func testDocumentRoundTrips() throws {
        let commitment = try commit(Fixtures.path("tiny.safetensors"), chunkSize: 64)
        let read = try ModelCommitment(json: Array(commitment.json.utf8), path: "c.json")
        XCTAssertEqual(read, commitment)
        XCTAssertEqual(read.json, commitment.json)
    }

    /// A document whose stated root does not follow from its entries is refused.
    func testEditedDocumentIsRefused() throws {
        let commitment = try commit(Fixtures.path("tiny.safetensors"))
        let text = commitment.json
        let entry = commitment.tensors[0]
        let edited = text.replacingOccurrences(of: "\"byte_length\": \(entry.byteLength)", with: "\"byte_length\": \(entry.byteLength + 1)")
        XCTAssertNotEqual(edited, text)
        XCTAssertThrowsError(try ModelCommitment(json: Array(edited.utf8), path: "c.json")) { error in
            XCTAssertTrue(String(describing: error).contains("do not follow"), "\(error)")
        }
    }

    /// Comparing a changed model with its commitment names the tensors that changed.
    func testComparisonNamesChangedTensors() throws {
        let folder = try TemporaryFolder()
        var bytes = try Fixtures.bytes("tiny.gguf")
        let layout = try ModelLayout.open(path: Fixtures.path("tiny.gguf"))
        let target = try XCTUnwrap(layout.tensors.first { $0.name == "blk.1.q8" })
        bytes[Int(target.offset) + 5] ^= 0x10
        let changed = try folder.write("changed.gguf", bytes)
        let comparison = CommitmentComparison(expected: try commit(Fixtures.path("tiny.gguf")), actual: try commit(changed))
        XCTAssertFalse(comparison.matches)
        XCTAssertFalse(comparison.metadataDiffers)
        XCTAssertEqual(comparison.changed.map(\.name), ["blk.1.q8"])
        XCTAssertEqual(comparison.changed.first?.fields, ["root"])
        XCTAssertTrue(comparison.missing.isEmpty && comparison.unexpected.isEmpty)

        let other = CommitmentComparison(expected: try commit(Fixtures.path("tiny.gguf")), actual: try commit(Fixtures.path("whole.gguf")))
        XCTAssertTrue(other.metadataDiffers)  // general.alignment differs
        XCTAssertTrue(other.changed.isEmpty)
    }
}
