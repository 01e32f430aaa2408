import Foundation
import PoTModels
import XCTest

/// Teacher-forced log-probabilities of SmolLM2 Q4_1 checked against an independent float64
/// NumPy forward pass over the same weights dequantized by the `gguf` PyPI package
/// (scripts/reference/llama_numpy.py, fixture `smollm2_reference.json`).
///
/// Tolerance: mean |Δ log p| ≤ 0.1, max ≤ 0.5, top-1 agreement ≥ 95%. ggml rounds every input of
/// a quantized matmul to 8-bit blocks and keeps Q, K and V in half precision; on this text those
/// roundings alone move the reference by mean 0.067, max 0.35, top-1 95% (the script's
/// `--ggml-rounding`), as large as the flash-attention switch in llama.cpp that the issue cites.
/// The graph itself is checked tightly on tiny F32 models (TinyModelTests), and on SmolLM2's
/// weights converted to F32 (scripts/reference/dequantize_gguf.py, then this test with
/// POT_TEST_MODEL set to the copy) the runner agrees with this reference to mean 0.001, max 0.005.
///
/// Both matrix-product paths are checked: the VNNI kernels (the default, measured mean 0.060,
/// max 0.36, top-1 95%) and ggml's own.
final class ReferenceTests: XCTestCase {
    func testLogProbsMatchTheNumPyReference() throws {
        let fixture = "smollm2_reference.json"
        let reference = try Reference.load(fixture)
        // The reference's ids come from Hugging Face tokenizers; ours must be the same.
        XCTAssertEqual(try Tokenizer(path: TestModel.path).encode(XCTUnwrap(reference.text)), reference.tokens)
        for products in MatrixProducts.allCases where products != .vnni || MatrixProducts.vnniAvailable {
            let model = products == .automatic ? try TestModel.model()
                : try LanguageModel(path: TestModel.path, contextLength: 512, threads: 2, products: products)
            let agreement = try reference.compare(with: model)
            XCTAssertLessThanOrEqual(agreement.mean, 0.1, products.rawValue)
            XCTAssertLessThanOrEqual(agreement.max, 0.5, products.rawValue)
            XCTAssertGreaterThanOrEqual(agreement.top1, 0.95, products.rawValue)
        }
    }
}
