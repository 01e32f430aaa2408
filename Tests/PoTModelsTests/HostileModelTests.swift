import CGGML
import Foundation
import PoTModels
import XCTest

/// The model-file reproducers of issue 15: hyper-parameters, token ids and tensor types that
/// used to crash ggml or the runner are refused before a graph is built, with an error that
/// names the file, the byte offset of the bad value and the key.
final class HostileModelTests: XCTestCase {
    private typealias Setter = (OpaquePointer, String) -> Void

    func testZeroKeyValueHeads() throws {
        try refuses("llama.attention.head_count_kv", { gguf_set_val_u32($0, $1, 0) }, u32: 0, "outside 1...")
    }

    func testKeyValueHeadsThatDoNotDivideTheHeads() throws {
        try refuses("llama.attention.head_count_kv", { gguf_set_val_u32($0, $1, 3) }, u32: 3, "not a multiple")
    }

    func testEndOfSequenceIdBeyondInt32() throws {
        try refuses("tokenizer.ggml.eos_token_id", { gguf_set_val_u32($0, $1, 0xFFFF_FFFF) }, u32: 0xFFFF_FFFF,
                    "outside the vocabulary of 64")
    }

    func testContextLengthBeyondInt32() throws {
        try refuses("llama.context_length", { gguf_set_val_u32($0, $1, 0xFFFF_FFFF) }, u32: 0xFFFF_FFFF, "outside 1...")
    }

    func testOddRopeDimensions() throws {
        try refuses("llama.rope.dimension_count", { gguf_set_val_u32($0, $1, 3) }, u32: 3, "must be even")
    }

    func testRopeDimensionsBeyondTheHead() throws {
        try refuses("llama.rope.dimension_count", { gguf_set_val_u32($0, $1, 0xFFFF_FFFF) }, u32: 0xFFFF_FFFF,
                    "outside 1...")
        try refuses("llama.rope.dimension_count", { gguf_set_val_u32($0, $1, 10) }, u32: 10, "at most the head dimension 8")
    }

    func testNegativeOrNaNEpsilon() throws {
        for value: Float in [-1, .nan, .infinity, 0] {
            try refuses("llama.attention.layer_norm_rms_epsilon", { gguf_set_val_f32($0, $1, value) },
                        u32: value.bitPattern, "not a positive finite number")
        }
    }

    func testRopeBaseZeroNegativeOrNaN() throws {
        for value: Float in [0, -1, .nan] {
            try refuses("llama.rope.freq_base", { gguf_set_val_f32($0, $1, value) }, u32: value.bitPattern,
                        "not a positive finite number")
        }
    }

    func testCountOfTheWrongType() throws {
        try refuses("llama.block_count", { gguf_set_val_str($0, $1, "two") }, u32: nil, "is not an integer")
    }

    func testBeginningOfSequenceAndUnknownIdsOutOfRange() throws {
        for key in ["tokenizer.ggml.bos_token_id", "tokenizer.ggml.unknown_token_id"] {
            let path = try copy(of: "tiny-bytes.gguf") { gguf_set_val_u32($0, key, 1_000_000) }
            defer { try? FileManager.default.removeItem(atPath: path) }
            XCTAssertThrowsError(try Tokenizer(path: path)) { error in
                self.check(error, path: path, key: key, u32: 1_000_000, "outside the vocabulary")
            }
        }
    }

    /// A weight matrix retyped i32 (same bytes) crashed the product; it is now refused at load,
    /// at the byte where its tensor description starts.
    func testIntegerWeightMatrix() throws {
        let name = "blk.0.attn_q.weight"
        let path = try copy(of: "tiny-llama.gguf", retyping: name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try LanguageModel(path: path)) { error in
            let message = String(describing: error)
            guard let offset = Self.offset(in: message, path: path, field: name) else {
                return XCTFail("not positioned: \(message)")
            }
            XCTAssertTrue(message.contains("type i32 is not one a weight matrix"), message)
            // The tensor description starts with its name: u64 length, then the bytes.
            let bytes = try! Data(contentsOf: URL(fileURLWithPath: path))
            let length = Int(bytes[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
            XCTAssertEqual(String(decoding: bytes[offset + 8..<offset + 8 + length], as: UTF8.self), name)
        }
    }

    // MARK: helpers

    /// Writes tiny-llama with `key` set by `set`, checks the model is refused with a positioned
    /// error naming `key`, and that the bytes at that position are `u32` (when given).
    private func refuses(
        _ key: String, _ set: @escaping Setter, u32: UInt32?, _ reason: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let path = try copy(of: "tiny-llama.gguf") { set($0, key) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try LanguageModel(path: path), file: file, line: line) { error in
            self.check(error, path: path, key: key, u32: u32, reason, file: file, line: line)
        }
    }

    private func check(
        _ error: Error, path: String, key: String, u32: UInt32?, _ reason: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let message = String(describing: error)
        XCTAssertTrue(message.contains(reason), message, file: file, line: line)
        guard let offset = Self.offset(in: message, path: path, field: key) else {
            return XCTFail("not positioned: \(message)", file: file, line: line)
        }
        guard let u32 else { return }
        let bytes = try! Data(contentsOf: URL(fileURLWithPath: path))
        let stored = bytes[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        XCTAssertEqual(stored, u32, "the offset \(offset) does not point at the value", file: file, line: line)
    }

    /// N from "PATH: at byte N (FIELD): …".
    private static func offset(in message: String, path: String, field: String) -> Int? {
        let prefix = "\(path): at byte "
        guard message.hasPrefix(prefix) else { return nil }
        let rest = message.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: " "), rest[space...].hasPrefix(" (\(field)): ") else { return nil }
        return Int(rest[..<space])
    }

    /// A copy of fixture `name` with its metadata changed by `edit` and, when `retyping` names a
    /// tensor, that tensor's F32 bytes relabelled i32.
    private func copy(of name: String, retyping: String? = nil, edit: (OpaquePointer) -> Void = { _ in }) throws -> String {
        var data: OpaquePointer?
        let input = try XCTUnwrap(withUnsafeMutablePointer(to: &data) {
            gguf_init_from_file(Fixtures.url(name).path, gguf_init_params(no_alloc: false, ctx: $0))
        })
        defer { gguf_free(input); ggml_free(data) }
        let output = try XCTUnwrap(gguf_init_empty())
        defer { gguf_free(output) }
        gguf_set_kv(output, input)
        edit(output)
        let count = gguf_get_n_tensors(input)
        let retyped = try XCTUnwrap(ggml_init(ggml_init_params(
            mem_size: ggml_get_mem_size(data) + Int(count) * ggml_tensor_overhead(), mem_buffer: nil, no_alloc: false)))
        defer { ggml_free(retyped) }
        for id in 0..<count {
            var t = try XCTUnwrap(ggml_get_tensor(data, gguf_get_tensor_name(input, id)))
            if let retyping, String(cString: ggml_get_name(t)) == retyping {
                let copy = try XCTUnwrap(ggml_new_tensor_2d(retyped, GGML_TYPE_I32, t.pointee.ne.0, t.pointee.ne.1))
                memcpy(copy.pointee.data, t.pointee.data, ggml_nbytes(t))
                ggml_set_name(copy, ggml_get_name(t))
                t = copy
            }
            gguf_add_tensor(output, t)
        }
        let path = NSTemporaryDirectory() + "pot-hostile-\(UUID().uuidString).gguf"
        XCTAssertTrue(gguf_write_to_file(output, path, false))
        return path
    }
}
