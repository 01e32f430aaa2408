import Foundation
import PoTHashing
import PoTModels
import PoTServe
import XCTest

/// `pot serve`'s endpoints over real HTTP on loopback: what they return is the runner's own
/// greedy continuation and log-probabilities, and the model list carries the file's commitment.
final class CompletionEndpointTests: XCTestCase {
    private var server: RunningServer!
    /// A second instance of the served file, run directly: what the answers must equal.
    private var runner: LanguageModel!

    override func setUp() async throws {
        server = try await RunningServer.start()
        runner = try LanguageModel(path: Fixture.tinyBytes, threads: 1)
    }

    override func tearDown() async throws {
        await server?.stop()
    }

    func testModelListCarriesTheFilesCommitment() async throws {
        let (status, data) = try await server.send("GET", "/v1/models")
        XCTAssertEqual(status, 200)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(list["object"] as? String, "list")
        let models = try XCTUnwrap(list["data"] as? [[String: Any]])
        XCTAssertEqual(models.count, 1)
        XCTAssertEqual(models[0]["id"] as? String, "tiny-bytes.gguf")
        XCTAssertEqual(models[0]["object"] as? String, "model")
        XCTAssertEqual(models[0]["owned_by"] as? String, "pot")
        XCTAssertEqual(models[0]["max_model_len"] as? Int, 512)
        let pot = try XCTUnwrap(models[0]["pot_commitment"] as? [String: Any])
        // What `pot commit` computes for the file, with the default chunk size.
        let expected = try ModelCommitment(layout: ModelLayout.open(path: Fixture.tinyBytes), threads: 1, tool: "test")
        XCTAssertEqual(pot["model_root"] as? String, expected.modelRoot.hex)
        XCTAssertEqual(pot["construction"] as? String, "pot-model-v1")
        XCTAssertEqual(pot["chunk_size"] as? Int, Int(ModelCommitment.defaultChunkSize))
        XCTAssertEqual(pot["tensors"] as? Int, expected.tensors.count)
    }

    func testTokenIDsAndTopLogProbsAreTheRunnersOwn() async throws {
        let prompt = try runner.tokenizer().encode("The quick brown fox")
        let k = 5, count = 12
        let (status, json) = try await server.complete([
            "model": "tiny-bytes.gguf", "prompt": prompt.map(Int.init), "max_tokens": count, "temperature": 0,
            "logprobs": k, "ignore_eos": true, "return_tokens_as_token_ids": true,
        ])
        XCTAssertEqual(status, 200, "\(json)")
        let generated = try runner.generate(prompt: prompt, maxTokens: count, stop: [])
        let rows = try runner.nextTokenLogProbs(prompt + generated, from: prompt.count - 1)

        XCTAssertEqual(json["object"] as? String, "text_completion")
        XCTAssertEqual(json["model"] as? String, "tiny-bytes.gguf")
        XCTAssertTrue((json["id"] as? String)?.hasPrefix("cmpl-") ?? false)
        let usage = try XCTUnwrap(json["usage"] as? [String: Int])
        XCTAssertEqual(usage, ["prompt_tokens": prompt.count, "completion_tokens": count, "total_tokens": prompt.count + count])
        let choice = try XCTUnwrap((json["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(choice["index"] as? Int, 0)
        XCTAssertEqual(choice["finish_reason"] as? String, "length")
        let tokenizer = try runner.tokenizer()
        XCTAssertEqual(choice["text"] as? String, String(decoding: generated.flatMap { tokenizer.bytes(of: $0) }, as: UTF8.self))

        let logprobs = try XCTUnwrap(choice["logprobs"] as? [String: Any])
        XCTAssertEqual(logprobs["tokens"] as? [String], generated.map { "token_id:\($0)" })
        let chosen = try XCTUnwrap(logprobs["token_logprobs"] as? [Double])
        let top = try XCTUnwrap(logprobs["top_logprobs"] as? [[String: Double]])
        XCTAssertEqual(chosen.count, count)
        XCTAssertEqual(top.count, count)
        for i in 0..<count {
            let row = rows[i]
            XCTAssertEqual(Float(chosen[i]), row[Int(generated[i])], "position \(i)")
            // The k likeliest ids of the runner's row, with its values to the bit.
            let best = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(k)
            var expected = Dictionary(uniqueKeysWithValues: best.map { ("token_id:\($0)", row[$0]) })
            expected["token_id:\(generated[i])"] = row[Int(generated[i])]
            XCTAssertEqual(top[i].mapValues(Float.init), expected, "position \(i)")
        }
        let offsets = try XCTUnwrap(logprobs["text_offset"] as? [Int])
        XCTAssertEqual(offsets.count, count)
        XCTAssertEqual(offsets.first, 0)
    }

    func testTextPromptIsTokenisedAsBehaveTokenisesAChallenge() async throws {
        let text = "Write a letter to a friend"
        let prompt = try runner.tokenizer().encode(text)
        let (status, json) = try await server.complete([
            "model": "tiny-bytes.gguf", "prompt": text, "max_tokens": 6, "temperature": 0.0, "logprobs": 0, "ignore_eos": true,
        ])
        XCTAssertEqual(status, 200, "\(json)")
        XCTAssertEqual((json["usage"] as? [String: Int])?["prompt_tokens"], prompt.count)
        let generated = try runner.generate(prompt: prompt, maxTokens: 6, stop: [])
        let tokenizer = try runner.tokenizer()
        let choice = try XCTUnwrap((json["choices"] as? [[String: Any]])?.first)
        let logprobs = try XCTUnwrap(choice["logprobs"] as? [String: Any])
        // Tokens as their text; logprobs 0 gives the chosen token alone in each top_logprobs.
        XCTAssertEqual(logprobs["tokens"] as? [String], generated.map { String(decoding: tokenizer.bytes(of: $0, special: true), as: UTF8.self) })
        let top = try XCTUnwrap(logprobs["top_logprobs"] as? [[String: Double]])
        XCTAssertEqual(top.map(\.count), Array(repeating: 1, count: 6))
    }

    func testGenerationStopsAtEndOfSequenceUnlessIgnoreEOS() async throws {
        // From this prompt the byte model's greedy continuation reaches </s> (id 2) at its 11th token.
        let prompt: [Int32] = [1, 5, 40]
        let expected = try runner.generate(prompt: prompt, maxTokens: 64)
        XCTAssertEqual(expected.count, 11)
        XCTAssertEqual(expected.last, 2)
        let request: [String: Any] = [
            "model": "tiny-bytes.gguf", "prompt": prompt.map(Int.init), "max_tokens": 64, "temperature": 0, "logprobs": 1,
            "return_tokens_as_token_ids": true,
        ]
        let (status, json) = try await server.complete(request)
        XCTAssertEqual(status, 200, "\(json)")
        let choice = try XCTUnwrap((json["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(choice["finish_reason"] as? String, "stop")
        XCTAssertEqual((choice["logprobs"] as? [String: Any])?["tokens"] as? [String], expected.map { "token_id:\($0)" })
        // The end-of-sequence token is counted and listed, and left out of the text.
        XCTAssertEqual((json["usage"] as? [String: Int])?["completion_tokens"], 11)
        let tokenizer = try runner.tokenizer()
        XCTAssertEqual(choice["text"] as? String, String(decoding: expected.dropLast().flatMap { tokenizer.bytes(of: $0) }, as: UTF8.self))

        var through = request
        through["ignore_eos"] = true
        let (_, longer) = try await server.complete(through)
        let all = try XCTUnwrap((longer["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual(all["finish_reason"] as? String, "length")
        XCTAssertEqual(((all["logprobs"] as? [String: Any])?["tokens"] as? [String])?.count, 64)
    }

    func testWithoutLogprobsTheAnswerHasNone() async throws {
        let (status, json) = try await server.complete(["model": "tiny-bytes.gguf", "prompt": [1, 80, 81], "max_tokens": 3, "temperature": 0])
        XCTAssertEqual(status, 200, "\(json)")
        let choice = try XCTUnwrap((json["choices"] as? [[String: Any]])?.first)
        XCTAssertTrue(choice["logprobs"] is NSNull)
    }

    func testConcurrentRequestsGetTheSameAnswersAsOneAtATime() async throws {
        let body: [String: Any] = [
            "model": "tiny-bytes.gguf", "prompt": [1, 70, 71, 72, 73], "max_tokens": 64, "temperature": 0, "logprobs": 3,
            "ignore_eos": true, "return_tokens_as_token_ids": true,
        ]
        func choice(_ json: [String: Any]) throws -> NSDictionary {
            try XCTUnwrap((json["choices"] as? [[String: Any]])?.first as NSDictionary?)
        }
        let alone = try choice(try await server.complete(body).json)
        let server = self.server!, data = try JSONSerialization.data(withJSONObject: body)
        let answers = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<6 { group.addTask { try await server.send("POST", "/v1/completions", body: data).body } }
            var all: [Data] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        XCTAssertEqual(answers.count, 6)
        for answer in answers {
            XCTAssertEqual(try choice(try XCTUnwrap(JSONSerialization.jsonObject(with: answer) as? [String: Any])), alone)
        }
    }
}
