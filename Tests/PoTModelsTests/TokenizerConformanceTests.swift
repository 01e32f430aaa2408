import Foundation
import PoTModels
import XCTest

/// Token ids checked against llama.cpp's own tokenizer test pairs (`models/ggml-vocab-*.gguf`
/// with `.inp`/`.out`, from the llama-cpp-python 0.3.36 source distribution), tokenized as its
/// test-tokenizer-0 does: no BOS/EOS, special tokens in the text not parsed. The texts are the
/// same for every vocabulary (Fixtures/vocab/llama.cpp-tests.inp); the ids are `NAME.out`.
///
/// The GPT-2 (1.7 MB) and llama SentencePiece (0.7 MB) vocabularies are fixtures; the llama-bpe and qwen2 vocabularies (6–8 MB)
/// are read from `$POT_LLAMA_VOCAB_DIR` (default ~/.cache/pot/llama.cpp-vocab), which
/// `scripts/setup.sh --test-fixtures` (run by `make test`) fills; without it those tests are skipped.
/// llama.cpp ships no SmolLM vocabulary: SmolLM2's ids for the same texts come from Hugging
/// Face `tokenizers` over the model's own vocabulary (scripts/reference/smollm2_tokens.py).
final class TokenizerConformanceTests: XCTestCase {
    static let vocabDirectory = ProcessInfo.processInfo.environment["POT_LLAMA_VOCAB_DIR"]
        ?? NSHomeDirectory() + "/.cache/pot/llama.cpp-vocab"

    func testGPT2() throws {
        try conform("gpt-2", vocab: Fixtures.url("vocab/ggml-vocab-gpt-2.gguf").path)
    }

    func testLlamaSentencePiece() throws {
        try conform("llama-spm", vocab: Fixtures.url("vocab/ggml-vocab-llama-spm.gguf").path)
    }

    func testLlamaSentencePieceAddsBOSAndRoundTrips() throws {
        let tokenizer = try Tokenizer(path: Fixtures.url("vocab/ggml-vocab-llama-spm.gguf").path)
        let text = " Hello, world! 🦙 Ünïcödé\n\tend"
        let ids = tokenizer.encode(text)
        XCTAssertEqual(ids.first, tokenizer.vocabulary.bos)
        XCTAssertEqual(tokenizer.decode(ids), text)
    }

    func testLlamaBPE() throws {
        try conform("llama-bpe", vocab: try cached("llama-bpe"))
    }

    func testQwen2() throws {
        try conform("qwen2", vocab: try cached("qwen2"))
    }

    func testSmolLM2() throws {
        try conform("smollm2", vocab: TestModel.path)
    }

    func testSmolLM2ParsesControlTokensWrittenInTheText() throws {
        let tokenizer = try Tokenizer(path: TestModel.path)
        let chat = "<|im_start|>user\nWhat is 12+30?<|im_end|>\n<|im_start|>assistant\n"
        let expected = try String(contentsOf: Fixtures.url("vocab/smollm2-chat.out"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        XCTAssertEqual(tokenizer.encode(chat, parseSpecial: true), expected)
        XCTAssertEqual(tokenizer.decode(expected, special: true), chat)
        // Without parsing, the markers are plain text, as in llama.cpp.
        XCTAssertFalse(tokenizer.encode(chat).contains(1))
        XCTAssertEqual(tokenizer.decode(tokenizer.encode(chat)), chat)
    }

    private func cached(_ name: String) throws -> String {
        let path = Self.vocabDirectory + "/ggml-vocab-\(name).gguf"
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("\(path) missing: run scripts/setup.sh --test-fixtures (make test does)")
        }
        return path
    }

    /// The `.inp`/`.out` pairs are fixtures whichever directory holds the vocabulary.
    private func conform(_ name: String, vocab: String) throws {
        let tokenizer = try Tokenizer(path: vocab)
        let cases = try Self.pairs(name)
        XCTAssertGreaterThan(cases.count, 30)
        var failures = 0
        for (text, expected) in cases {
            let ids = tokenizer.encode(text, addSpecial: false, parseSpecial: false)
            if ids != expected {
                failures += 1
                XCTFail("\(name): \(text.debugDescription) → \(ids), llama.cpp \(expected)")
            }
        }
        print("\(name): \(cases.count - failures)/\(cases.count) llama.cpp test pairs agree")
    }

    /// Parses the pair files as llama.cpp's test-tokenizer-0 does.
    static func pairs(_ name: String) throws -> [(String, [Int32])] {
        let input = try String(contentsOf: Fixtures.url("vocab/llama.cpp-tests.inp"), encoding: .utf8)
        let output = try String(contentsOf: Fixtures.url("vocab/\(name).out"), encoding: .utf8)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if input.hasSuffix("\n__ggml_vocab_test__\n") { texts.removeLast() }  // a final separator ends the list
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        XCTAssertEqual(texts.count, lines.count, "\(name): test counts differ")
        return zip(texts, lines).map { text, line in
            (text, line.split(separator: " ").compactMap { Int32($0) })
        }
    }
}
