import PoTModels
import XCTest

/// The KV cache path: scoring split into batches, and token-by-token greedy decoding, must give
/// what one pass over the whole sequence gives.
final class DecodingTests: XCTestCase {
    private let path = Fixtures.url("tiny-llama.gguf").path

    func testScoresDoNotDependOnTheBatchSize() throws {
        let tokens = try Reference.load("tiny-llama_reference.json").tokens
        let whole = try LanguageModel(path: path).logProbs(tokens)
        let split = try LanguageModel(path: path, batchSize: 7).logProbs(tokens)
        XCTAssertEqual(whole.count, split.count)
        for (a, b) in zip(whole, split) { XCTAssertEqual(a, b, accuracy: 1e-3) }
    }

    func testGreedyDecodingFollowsTheFullPassArgmax() throws {
        let model = try LanguageModel(path: path, threads: 2)
        let prompt: [Int32] = [5, 17, 42, 8]
        let generated = try model.generate(prompt: prompt, maxTokens: 12, stop: [])
        XCTAssertEqual(generated.count, 12)
        // Each generated token is the most likely next token of one pass over everything before it.
        var sequence = prompt
        for token in generated {
            let last = try XCTUnwrap(model.nextTokenLogProbs(sequence).last)
            XCTAssertEqual(token, Int32(last.indices.max { last[$0] < last[$1] }!))
            sequence.append(token)
        }
    }

    func testGenerationStopsAtAStopToken() throws {
        let model = try LanguageModel(path: path)
        let free = try model.generate(prompt: [5, 17], maxTokens: 6, stop: [])
        let stop = free[2]
        let stopped = try model.generate(prompt: [5, 17], maxTokens: 6, stop: [stop])
        XCTAssertEqual(stopped, Array(free.prefix(through: free.firstIndex(of: stop)!)))
    }

    func testSmolLM2AnswersAChatQuestion() throws {
        let model = try TestModel.model()
        let tokenizer = try model.tokenizer()
        let prompt = tokenizer.encode(
            "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n", parseSpecial: true)
        let answer = try model.generate(prompt: prompt, maxTokens: 16)
        XCTAssertTrue(tokenizer.decode(answer).contains("Paris"), tokenizer.decode(answer))
        XCTAssertEqual(answer.last, tokenizer.vocabulary.id(of: "<|im_end|>"))
    }
}
