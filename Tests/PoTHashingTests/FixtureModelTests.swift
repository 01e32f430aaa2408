import PoTHashing
import XCTest

/// Every fixture model against the roots the Python reference computed from the files as
/// the upstream readers (gguf-py's GGUFReader; json + struct for safetensors) see them.
final class FixtureModelTests: XCTestCase {
    private let files = ["tiny.gguf", "whole.gguf", "split-00001-of-00003.gguf", "tiny.safetensors",
                         "model.safetensors.index.json", "opaque.bin"]

    func testRootsMatchThePythonReference() throws {
        for file in files {
            for chunkSize: UInt64 in [64, 1 << 20] {
                let expected = Fixtures.model(file, chunkSize: chunkSize)
                let commitment = try commit(Fixtures.path(file), chunkSize: chunkSize)
                let label = "\(file) at \(chunkSize)"
                XCTAssertEqual(commitment.format.rawValue, expected["format"] as! String, label)
                XCTAssertEqual(commitment.metadataRoot.hex, expected["metadata_root"] as! String, label)
                XCTAssertEqual(commitment.metadataCount, UInt64(expected["metadata_count"] as! Int), label)
                XCTAssertEqual(commitment.tensorsRoot.hex, expected["tensors_root"] as! String, label)
                XCTAssertEqual(commitment.modelRoot.hex, expected["model_root"] as! String, label)
                let tensors = (expected["tensors"] as! [[String: Any]]).sorted { ($0["name"] as! String).utf8.lexicographicallyPrecedes(($1["name"] as! String).utf8) }
                XCTAssertEqual(commitment.tensors.map(\.name), tensors.map { $0["name"] as! String }, label)
                for (entry, reference) in zip(commitment.tensors, tensors) {
                    XCTAssertEqual(entry.dtype, reference["dtype"] as! String, label)
                    XCTAssertEqual(entry.shape, (reference["shape"] as! [Int]).map(UInt64.init), label)
                    XCTAssertEqual(entry.byteLength, UInt64(reference["byte_length"] as! Int), label)
                    XCTAssertEqual(entry.root.hex, reference["root"] as! String, "\(label): \(entry.name)")
                }
            }
        }
    }

    /// The same model split over files commits like the model in one file.
    func testShardedModelsCommitLikeSingleFiles() throws {
        XCTAssertEqual(try commit(Fixtures.path("split-00002-of-00003.gguf")).modelRoot, try commit(Fixtures.path("whole.gguf")).modelRoot)
        XCTAssertEqual(try commit(Fixtures.path("model.safetensors.index.json")).modelRoot,
                       try commit(Fixtures.path("tiny.safetensors")).modelRoot)
        let layout = try ModelLayout.open(path: Fixtures.path("split-00003-of-00003.gguf"))
        XCTAssertEqual(layout.files.map { URL(fileURLWithPath: $0.path).lastPathComponent },
                       (1...3).map { "split-0000\($0)-of-00003.gguf" })
    }

    func testRootIsIndependentOfThreadCount() throws {
        let roots = try [1, 2, 5].map { try commit(Fixtures.path("tiny.gguf"), chunkSize: 64, threads: $0).modelRoot }
        XCTAssertEqual(Set(roots).count, 1)
    }

    /// GGUF v2 stores everything this parser reads exactly as v3 does.
    func testReadsGGUFVersion2() throws {
        var bytes = try Fixtures.bytes("tiny.gguf")
        bytes[4] = 2
        let folder = try TemporaryFolder()
        let path = try folder.write("v2.gguf", bytes)
        XCTAssertEqual(try commit(path).modelRoot, try commit(Fixtures.path("tiny.gguf")).modelRoot)
    }

    func testAlignmentKeyIsHonoured() throws {
        let layout = try ModelLayout.open(path: Fixtures.path("tiny.gguf"))
        XCTAssertTrue(layout.tensors.allSatisfy { $0.offset % 64 == 0 })
        XCTAssertEqual(layout.tensors.map(\.dtype), ["f32", "f32", "f16", "q8_0", "i32"])
        XCTAssertEqual(layout.tensors[3].shape, [64, 2])
    }

    /// Format detection by content when the name says nothing; forcing opaque hashes bytes.
    func testDetectsFormatsByContent() throws {
        let folder = try TemporaryFolder()
        let gguf = try folder.copy(fixture: "tiny.gguf", as: "model.bin")
        let st = try folder.copy(fixture: "tiny.safetensors", as: "weights")
        XCTAssertEqual(try ModelLayout.open(path: gguf).format, .gguf)
        XCTAssertEqual(try ModelLayout.open(path: st).format, .safetensors)
        XCTAssertEqual(try ModelLayout.open(path: gguf, format: .opaque).format, .opaque)
        XCTAssertEqual(try commit(st).modelRoot, try commit(Fixtures.path("tiny.safetensors")).modelRoot)
    }
}
