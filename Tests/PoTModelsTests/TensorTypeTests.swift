import CGGML
import Foundation
import PoTModels
import XCTest

/// Weights stored in other ggml types: a tiny llama with its matrices quantized by ggml's own
/// quantizer is scored beside a twin that holds the same quantized values dequantized to F32.
/// The two are the same model, so what separates their log-probabilities is only how ggml rounds
/// activations for that type (to F16/BF16, or 8-bit blocks): a tensor bound at the wrong offset or
/// read as the wrong type would move them by whole units. The float types are also checked
/// against the float64 reference of the F32 original.
final class TensorTypeTests: XCTestCase {
    /// Tolerance 0.5: measured F16 0.009, BF16 0.06, Q8_0…Q5_1 0.14–0.20 (8-bit activation blocks
    /// of 32), while the weights' own quantization, scored against the unquantized original,
    /// moves Q4_0…Q5_1 by 1.5–3.1.
    func testEveryWeightTypeReadsAsItsDequantizedValues() throws {
        try check("tiny-llama", [GGML_TYPE_F16, GGML_TYPE_BF16, GGML_TYPE_Q8_0, GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q5_0, GGML_TYPE_Q5_1], tolerance: 0.5)
    }

    /// K-quants pack each row in super-blocks of 256 weights, so they run on the wide tiny llama
    /// (every row 256 long), quantized by ggml's own quantizer without an importance matrix.
    ///
    /// Tolerance: mean |Δ log p| ≤ 0.6 against the F32 twin. ggml multiplies K-quants with the
    /// activations rounded to Q8_K: 8-bit blocks of 256 with one scale, max|x|/127. The largest of
    /// 256 Gaussian values is about 1.4 times the largest of 32, so the rounding step, and the
    /// error it causes, is about 1.4 times that of the Q8_0/Q8_1 blocks of 32 above (measured
    /// 0.14–0.20 there). Measured through ggml's products: Q2_K 0.27, Q3_K 0.28, Q4_K 0.33,
    /// Q5_K 0.32, Q6_K 0.33, hence the bound at about twice that; through the VNNI products, which
    /// round activations in blocks of 32, 0.20–0.22. What it must catch is a weight read wrongly, and wrong
    /// weights move it much further: even the small rounding of Q6_K's own quantization (the
    /// stored file scored against the unquantized original) moves it by 0.97, Q4_K's by 2.7 and
    /// Q2_K's by 6.4; a scale or block read from the wrong place turns the logits to noise.
    func testKQuantsReadAsTheirDequantizedValues() throws {
        try check("tiny-llama-256", [GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K], tolerance: 0.6)
    }

    /// Scores `fixture`'s reference tokens with its matrices stored as each of `types` and with
    /// the F32 twin holding the same values, and bounds the mean |Δ log p| between the two.
    private func check(_ fixture: String, _ types: [ggml_type], tolerance: Double) throws {
        let tokens = try Reference.load("\(fixture)_reference.json").tokens
        let source = Fixtures.url("\(fixture).gguf").path
        for type in types {
            let name = String(cString: ggml_type_name(type))
            let stored = NSTemporaryDirectory() + "pot-\(fixture)-\(name).gguf"
            let twin = NSTemporaryDirectory() + "pot-\(fixture)-\(name)-f32.gguf"
            try Self.convert(source, to: stored, type: type, dequantized: false)
            try Self.convert(source, to: twin, type: type, dequantized: true)
            defer { for p in [stored, twin] { try? FileManager.default.removeItem(atPath: p) } }
            let model = try LanguageModel(path: stored)
            // The stored file really holds the type: every matrix, none left as F32.
            XCTAssertEqual(Set(model.tensorGroups.map(\.type)), [name, "f32"], name)
            let a = try model.logProbs(tokens), b = try LanguageModel(path: twin).logProbs(tokens)
            let mean = zip(a, b).map { abs($0 - $1) }.reduce(0, +) / Double(a.count)
            print("\(fixture) \(name): mean |Δ log p| against its F32 twin \(mean)")
            XCTAssertLessThanOrEqual(mean, tolerance, name)
        }
    }

    func testHalfPrecisionWeightsMatchTheReference() throws {
        for type in [GGML_TYPE_F16, GGML_TYPE_BF16] {
            let path = NSTemporaryDirectory() + "pot-tiny-ref-\(String(cString: ggml_type_name(type))).gguf"
            try Self.convert(Fixtures.url("tiny-llama.gguf").path, to: path, type: type, dequantized: false)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let agreement = try Reference.load("tiny-llama_reference.json").compare(with: LanguageModel(path: path))
            XCTAssertLessThanOrEqual(agreement.mean, type == GGML_TYPE_F16 ? 0.03 : 0.2)
            XCTAssertGreaterThanOrEqual(agreement.top1, 0.9)
        }
    }

    /// Copies a GGUF file with its 2-D F32 tensors converted to `type` (or, `dequantized`, to
    /// F32 holding the values `type` represents); vectors stay F32.
    static func convert(_ source: String, to destination: String, type: ggml_type, dequantized: Bool) throws {
        var data: OpaquePointer?
        let input = try XCTUnwrap(withUnsafeMutablePointer(to: &data) {
            gguf_init_from_file(source, gguf_init_params(no_alloc: false, ctx: $0))
        })
        defer { gguf_free(input); ggml_free(data) }
        let output = try XCTUnwrap(gguf_init_empty())
        defer { gguf_free(output) }
        gguf_set_kv(output, input)
        let count = gguf_get_n_tensors(input)
        let converted = try XCTUnwrap(ggml_init(ggml_init_params(
            mem_size: 4 * ggml_get_mem_size(data) + Int(count) * ggml_tensor_overhead(), mem_buffer: nil, no_alloc: false)))
        defer { ggml_free(converted) }
        for id in 0..<count {
            let t = try XCTUnwrap(ggml_get_tensor(data, gguf_get_tensor_name(input, id)))
            let (columns, rows) = (t.pointee.ne.0, t.pointee.ne.1)
            let copy: UnsafeMutablePointer<ggml_tensor>
            if rows == 1 {
                copy = try XCTUnwrap(ggml_new_tensor_1d(converted, GGML_TYPE_F32, columns))
                memcpy(copy.pointee.data, t.pointee.data, ggml_nbytes(t))
            } else {
                let quantized = try XCTUnwrap(ggml_new_tensor_2d(converted, type, columns, rows))
                _ = ggml_quantize_chunk(type, t.pointee.data.assumingMemoryBound(to: Float.self), quantized.pointee.data, 0, rows, columns, nil)
                if dequantized {
                    copy = try XCTUnwrap(ggml_new_tensor_2d(converted, GGML_TYPE_F32, columns, rows))
                    ggml_get_type_traits(type).pointee.to_float(
                        quantized.pointee.data, copy.pointee.data.assumingMemoryBound(to: Float.self), rows * columns)
                } else {
                    copy = quantized
                }
            }
            ggml_set_name(copy, ggml_get_name(t))
            gguf_add_tensor(output, copy)
        }
        XCTAssertTrue(gguf_write_to_file(output, destination, false))
    }
}
