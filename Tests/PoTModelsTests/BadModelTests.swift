import Foundation
import PoTModels
import XCTest

/// Damaged or unsupported files are refused with a message naming the file and the reason,
/// never a crash inside ggml.
final class BadModelTests: XCTestCase {
    private var tiny: Data { get throws { try Data(contentsOf: Fixtures.url("tiny-llama.gguf")) } }

    private func refuses(_ bytes: Data, _ reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = NSTemporaryDirectory() + "pot-bad-\(UUID().uuidString).gguf"
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try LanguageModel(path: path), file: file, line: line) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix(path), message, file: file, line: line)
            XCTAssertTrue(message.contains(reason), message, file: file, line: line)
        }
    }

    func testTruncatedTensorData() throws {
        try refuses(tiny.dropLast(1000), "truncated: tensor")
    }

    func testTruncatedHeader() throws {
        try refuses(tiny.prefix(200), "corrupt or truncated GGUF header")
    }

    func testCorruptHeader() throws {
        var bytes = try tiny
        bytes.replaceSubrange(8..<24, with: Data(repeating: 0xFF, count: 16))  // tensor and key counts
        try refuses(bytes, "corrupt or truncated GGUF header")
    }

    func testNotGGUF() throws {
        try refuses(Data("not a model at all".utf8), "not a GGUF file")
    }

    func testMissingFile() throws {
        XCTAssertThrowsError(try LanguageModel(path: "/nonexistent/model.gguf")) { error in
            XCTAssertEqual(String(describing: error), "/nonexistent/model.gguf: No such file or directory")
        }
    }

    func testUnsupportedArchitectureIsNamed() throws {
        // Same-length rename of every "llama" (the architecture and its key prefix).
        var bytes = try tiny
        let from = Data("llama".utf8), to = Data("mamba".utf8)
        var start = bytes.startIndex
        while let r = bytes.range(of: from, in: start..<bytes.endIndex) {
            bytes.replaceSubrange(r, with: to)
            start = r.upperBound
        }
        try refuses(bytes, "unsupported architecture \"mamba\" (supported: llama, qwen2)")
    }

    func testMissingTensorIsNamed() throws {
        // Renaming one tensor leaves the model without it.
        var bytes = try tiny
        let r = try XCTUnwrap(bytes.range(of: Data("blk.1.ffn_up.weight".utf8)))
        bytes.replaceSubrange(r, with: Data("blk.1.ffn_xx.weight".utf8))
        try refuses(bytes, "missing tensor blk.1.ffn_up.weight")
    }

    func testAModelWithoutTokenizerSaysSo() throws {
        XCTAssertThrowsError(try Tokenizer(path: Fixtures.url("tiny-llama.gguf").path)) { error in
            XCTAssertTrue(String(describing: error).contains("no tokenizer"))
        }
    }

    func testTokenIdsOutsideTheVocabularyAreRefused() throws {
        let model = try LanguageModel(path: Fixtures.url("tiny-llama.gguf").path)
        XCTAssertThrowsError(try model.logProbs([1, 2, 64]))
        XCTAssertThrowsError(try model.logProbs([Int32](repeating: 1, count: model.contextLength + 1)))
    }
}

/// Inputs that used to hang or give unplaced errors (issue 15).
final class BadModelInputTests: XCTestCase {
    func testAFIFOIsRefusedAtOnce() throws {
        let path = NSTemporaryDirectory() + "pot-fifo-\(UUID().uuidString).gguf"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try LanguageModel(path: path)) { error in
            XCTAssertEqual(String(describing: error), "\(path): is a FIFO, not a regular file")
        }
    }

    /// ggml's reader is fed from the map: its failure is placed where its last read began.
    func testAHeaderCutInsideAKeyIsPlaced() throws {
        let bytes = try Data(contentsOf: Fixtures.url("tiny-llama.gguf")).prefix(60)
        let path = NSTemporaryDirectory() + "pot-cut-\(UUID().uuidString).gguf"
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try LanguageModel(path: path)) { error in
            let e = error as! ModelError
            XCTAssertTrue(e.description.contains("corrupt or truncated GGUF header"), e.description)
            XCTAssertNotNil(e.offset)
            XCTAssertGreaterThanOrEqual(e.offset ?? 0, 24, "past the fixed header")
            XCTAssertLessThanOrEqual(e.offset ?? 99, 60)
        }
    }
}
