import CGGML
import PoTHashing
import PoTSystem
import XCTest

/// The SmolLM2-135M GGUF (98 MB, 272 tensors) that `scripts/setup.sh` installs: the
/// toolkit's own parser against ggml's, and its root against the Python reference.
final class RealModelTests: XCTestCase {
    func testLayoutMatchesGGMLsReader() throws {
        let path = try TestModel.require()
        let layout = try ModelLayout.open(path: path)
        XCTAssertEqual(layout.tensors.count, try GGUFSummary(path: path).tensorCount)
        XCTAssertEqual(layout.tensors.count, 272)

        let ctx = try XCTUnwrap(gguf_init_from_file(path, gguf_init_params(no_alloc: true, ctx: nil)))
        defer { gguf_free(ctx) }
        XCTAssertEqual(layout.metadata.count, Int(gguf_get_n_kv(ctx)))
        let byName = Dictionary(uniqueKeysWithValues: layout.tensors.map { ($0.name, $0) })
        for id in 0..<gguf_get_n_tensors(ctx) {
            let name = String(cString: gguf_get_tensor_name(ctx, id))
            let tensor = try XCTUnwrap(byName[name], name)
            let ne = gguf_get_tensor_ne(ctx, id)!
            XCTAssertEqual(tensor.shape + Array(repeating: 1, count: 4 - tensor.shape.count), (0..<4).map { UInt64(ne[$0]) }, name)
            XCTAssertEqual(tensor.dtype, String(cString: ggml_type_name(gguf_get_tensor_type(ctx, id))), name)
            XCTAssertEqual(tensor.offset, UInt64(gguf_get_data_offset(ctx) + gguf_get_tensor_offset(ctx, id)), name)
            XCTAssertEqual(tensor.byteLength, UInt64(gguf_get_tensor_size(ctx, id)), name)
        }
        XCTAssertEqual(layout.tensors.first { $0.name == "token_embd.weight" }?.shape, [576, 49152])
    }

    /// The table of element types against libggml's own, for every type id it knows.
    func testGGMLTypeTableMatchesLibggml() {
        for id in 0..<UInt32(GGML_TYPE_COUNT.rawValue) {
            let type = ggml_type(id)
            if ggml_blck_size(type) == 0 {
                XCTAssertNil(GGMLType.lookup(id), "removed type \(id)")
                continue
            }
            let ours = GGMLType.lookup(id)
            XCTAssertEqual(ours?.name, String(cString: ggml_type_name(type)), "type \(id)")
            XCTAssertEqual(ours?.blockSize, UInt64(ggml_blck_size(type)), "type \(id)")
            XCTAssertEqual(ours?.blockBytes, UInt64(ggml_type_size(type)), "type \(id)")
        }
        XCTAssertNil(GGMLType.lookup(UInt32(GGML_TYPE_COUNT.rawValue)))
    }

    /// Same root as the Python reference, on one thread and on two.
    func testRootMatchesThePythonReferenceOnAnyThreadCount() throws {
        let path = try TestModel.require()
        let expected = Fixtures.expected["smollm2"] as! [String: Any]
        for threads in [1, 2] {
            let commitment = try commit(path, threads: threads)
            XCTAssertEqual(commitment.modelRoot.hex, expected["model_root"] as! String, "\(threads) threads")
            XCTAssertEqual(commitment.metadataRoot.hex, expected["metadata_root"] as! String)
            XCTAssertEqual(commitment.tensors.count, expected["tensor_count"] as! Int)
        }
    }
}
