import CGGML
import XCTest

@testable import PoTHashing

/// The float decoding behind `pot commit --poseidon`, checked against libggml's conversions.
final class FloatTensorReaderTests: XCTestCase {
    /// Every binary16 bit pattern decodes as ggml_fp16_to_fp32 does.
    func testHalfDecodingAgreesWithGGMLForEveryPattern() {
        for bits in 0...UInt16.max {
            let ours = FloatTensorReader.decode([UInt8(bits & 0xff), UInt8(bits >> 8)], at: 0, dtype: "F16")
            let ggml = Double(ggml_fp16_to_fp32(bits))
            if ggml.isNaN { XCTAssertTrue(ours.isNaN, "0x\(String(bits, radix: 16))") } else {
                XCTAssertEqual(ours, ggml, "0x\(String(bits, radix: 16))")
            }
        }
    }

    func testBFloat16DecodingAgreesWithGGML() {
        for bits: UInt16 in [0, 0x3f80, 0xbfc0, 0x0001, 0x7f7f, 0x7f80, 0xff80, 0x4049, 0x8000] {
            XCTAssertEqual(FloatTensorReader.decode([UInt8(bits & 0xff), UInt8(bits >> 8)], at: 0, dtype: "BF16"),
                           Double(ggml_bf16_to_fp32(ggml_bf16_t(bits: bits))))
        }
    }

    /// Chunks cover the tensor in order; the F32 elements are the file's little-endian bytes.
    func testReadsWholeTensorsInChunks() throws {
        let layout = try ModelLayout.open(path: Fixtures.path("tiny.safetensors"))
        let tensor = try XCTUnwrap(layout.tensors.first { $0.name == "embed.weight" })
        var whole: [Double] = []
        try FloatTensorReader.read(tensor, in: layout, chunkElements: 1 << 20) { whole += $0 }
        XCTAssertEqual(whole.count, 100)
        var chunked: [Double] = []
        var sizes: [Int] = []
        try FloatTensorReader.read(tensor, in: layout, chunkElements: 7) { chunked += $0; sizes.append($0.count) }
        XCTAssertEqual(sizes, Array(repeating: 7, count: 14) + [2])
        XCTAssertEqual(chunked.map(\.bitPattern), whole.map(\.bitPattern))
        // The fixture's bytes are (i·31 + 6) mod 251 (scripts/vectors/hashing_vectors.py).
        let b = (0..<4).map { UInt32(($0 * 31 + 6) % 251) }
        XCTAssertEqual(whole[0].bitPattern, Double(Float(bitPattern: b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24)).bitPattern)
    }

    func testRejectsTensorsThatAreNotFloats() throws {
        let layout = try ModelLayout.open(path: Fixtures.path("tiny.safetensors"))
        let ids = try XCTUnwrap(layout.tensors.first { $0.name == "layer.0.ids" })
        XCTAssertFalse(FloatTensorReader.isFloat(ids))
        XCTAssertThrowsError(try FloatTensorReader.read(ids, in: layout) { _ in }) {
            let error = $0 as? ModelFileError
            XCTAssertEqual(error?.path, Fixtures.path("tiny.safetensors"))
            XCTAssertTrue(error?.reason.contains("'layer.0.ids' has dtype I64") ?? false, "\($0)")
        }
    }
}
