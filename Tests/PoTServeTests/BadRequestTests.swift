import Foundation
import PoTServe
import XCTest

/// Every malformed or unservable request gets its status and an OpenAI error object naming the
/// reason, and the server goes on answering.
final class BadRequestTests: XCTestCase {
    private var server: RunningServer!

    override func setUp() async throws {
        server = try await RunningServer.start()
    }

    override func tearDown() async throws {
        await server?.stop()
    }

    /// A valid request, changed by `edit`.
    private func body(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Data {
        var object: [String: Any] = ["model": "tiny-bytes.gguf", "prompt": [1, 75, 76], "max_tokens": 4, "temperature": 0, "logprobs": 2]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// Sends `body` and checks the status, the error type and that the message says `reason`.
    private func expect(_ status: Int, _ reason: String, method: String = "POST", path: String = "/v1/completions", body: Data?,
                        type: String = "invalid_request_error", file: StaticString = #filePath, line: UInt = #line) async throws {
        let (got, data) = try await server.send(method, path, body: body)
        XCTAssertEqual(got, status, String(decoding: data, as: UTF8.self), file: file, line: line)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], file: file, line: line)
        let error = try XCTUnwrap(json["error"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(error["type"] as? String, type, file: file, line: line)
        let message = try XCTUnwrap(error["message"] as? String, file: file, line: line)
        XCTAssertTrue(message.contains(reason), "\"\(message)\" does not say \"\(reason)\"", file: file, line: line)
    }

    func testMalformedBodiesAreRefused() async throws {
        try await expect(400, "malformed JSON", body: Data("{\"model\": ".utf8))
        try await expect(400, "malformed JSON", body: Data("[1, 2]".utf8))
        try await expect(400, "malformed JSON", body: Data())
        try await expect(400, "duplicate key", body: Data(#"{"model":"tiny-bytes.gguf","prompt":[1],"temperature":0,"temperature":1}"#.utf8))
        try await expect(400, "unknown field \"suffix\"", body: try body { $0["suffix"] = "!" })
        try await expect(400, "missing field \"prompt\"", body: try body { $0["prompt"] = nil })
        try await expect(400, "missing field \"model\"", body: try body { $0["model"] = nil })
        try await expect(400, "prompt must be a string or an array of token ids", body: try body { $0["prompt"] = ["one", "two"] })
        try await expect(400, "prompt must be a string or an array of token ids", body: try body { $0["prompt"] = [[1, 2]] })
        try await expect(400, "max_tokens must be an integer", body: try body { $0["max_tokens"] = "4" })
        try await expect(400, "logprobs must be an integer", body: try body { $0["logprobs"] = true })
    }

    func testSettingsGreedyDecodingCannotHonourAreRefused() async throws {
        try await expect(400, "temperature must be 0", body: try body { $0["temperature"] = 0.7 })
        try await expect(400, "missing field \"temperature\"", body: try body { $0["temperature"] = nil })
        try await expect(400, "logprobs must be between 0 and 20", body: try body { $0["logprobs"] = 21 })
        try await expect(400, "max_tokens must be between 1 and 64", body: try body { $0["max_tokens"] = 65 })
        try await expect(400, "max_tokens must be between 1 and 64", body: try body { $0["max_tokens"] = 0 })
        try await expect(400, "n must be 1", body: try body { $0["n"] = 2 })
        try await expect(400, "echo must be false", body: try body { $0["echo"] = true })
        try await expect(400, "stream must be false", body: try body { $0["stream"] = true })
        try await expect(400, "top_p must be 1", body: try body { $0["top_p"] = 0.9 })
        try await expect(400, "stop must be null or empty", body: try body { $0["stop"] = "\n" })
    }

    func testRequestsTheModelCannotRunAreRefused() async throws {
        try await expect(404, "does not exist here", body: try body { $0["model"] = "gpt-4" })
        try await expect(400, "prompt token 1 is 259, outside the vocabulary", body: try body { $0["prompt"] = [1, 259] })
        try await expect(400, "prompt token 0 is -1, outside the vocabulary", body: try body { $0["prompt"] = [-1] })
        try await expect(400, "the prompt is empty", body: try body { $0["prompt"] = "" })
        try await expect(400, "the prompt has no token ids", body: try body { $0["prompt"] = [Int]() })
        // 500 prompt tokens and 16 to generate do not fit the 512-token context.
        try await expect(400, "context is 512 tokens; the request needs 516", body: try body {
            $0["prompt"] = Array(repeating: 80, count: 500)
            $0["max_tokens"] = 16
        })
    }

    func testOversizedBodiesRoutesAndMethodsAreRefused() async throws {
        let huge = try body { $0["user"] = String(repeating: "x", count: ServeLimits.defaultMaxBodyBytes) }
        try await expect(413, "larger than \(ServeLimits.defaultMaxBodyBytes) bytes", body: huge)
        try await expect(405, "takes POST, not GET", method: "GET", body: nil)
        try await expect(405, "takes GET, not POST", method: "POST", path: "/v1/models", body: try body())
        try await expect(404, "no route /v1/chat/completions", path: "/v1/chat/completions", body: try body())
    }

    func testTheServerGoesOnAnsweringAfterRefusals() async throws {
        try await expect(400, "malformed JSON", body: Data("nonsense".utf8))
        try await expect(404, "does not exist here", body: try body { $0["model"] = "other" })
        let (status, data) = try await server.send("POST", "/v1/completions", body: try body())
        XCTAssertEqual(status, 200, String(decoding: data, as: UTF8.self))
        let (health, _) = try await server.send("GET", "/health")
        XCTAssertEqual(health, 200)
    }
}
