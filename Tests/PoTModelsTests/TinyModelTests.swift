import PoTModels
import XCTest

/// Two-layer random F32 models written by scripts/reference/tiny_models.py, checked against the
/// float64 NumPy reference. With F32 weights ggml rounds no matmul input, and only the half-precision
/// KV cache separates the two, so the tolerance is tight: an error in RoPE, grouped-query
/// attention, biases, normalisation or the output projection moves log-probabilities by whole units.
final class TinyModelTests: XCTestCase {
    func testLlamaWithTiedOutputMatchesTheReference() throws {
        try check("tiny-llama")
    }

    func testQwen2WithBiasesMatchesTheReference() throws {
        try check("tiny-qwen2")
    }

    /// The K-quant test model (rows of 256, head width 64, four query heads on one KV head).
    func testWideLlamaMatchesTheReference() throws {
        try check("tiny-llama-256")
    }

    private func check(_ name: String) throws {
        let model = try LanguageModel(path: Fixtures.url("\(name).gguf").path, threads: 2)
        let agreement = try Reference.load("\(name)_reference.json").compare(with: model)
        XCTAssertLessThanOrEqual(agreement.mean, 0.01)
        XCTAssertLessThanOrEqual(agreement.max, 0.05)
        XCTAssertEqual(agreement.top1, 1)
    }
}
