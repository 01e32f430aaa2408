import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PoTModels
import PoTServe
import XCTest

/// The byte model of Tests/PoTModelsTests/Fixtures (a random 2-layer llama with a byte-only
/// SentencePiece vocabulary of 259 tokens and a 512-token context, scripts/reference/tiny_byte_model.py).
enum Fixture {
    static let tinyBytes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../PoTModelsTests/Fixtures/tiny-bytes.gguf").standardized.path
}

/// A `CompletionServer` over the byte model on a free loopback port, reached over real HTTP.
final class RunningServer: @unchecked Sendable {
    let served: ServedModel
    let port: Int
    private let task: Task<Void, any Error>
    private let session = URLSession(configuration: .ephemeral)

    private init(served: ServedModel, port: Int, task: Task<Void, any Error>) {
        self.served = served
        self.port = port
        self.task = task
    }

    /// Starts a server on port 0 and waits until it listens.
    static func start(limits: ServeLimits = ServeLimits(maxTopK: 20, maxTokens: 64)) async throws -> RunningServer {
        let served = try ServedModel(path: Fixture.tinyBytes, threads: 1)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = CompletionServer(served: served, limits: limits)
        let task = Task {
            defer { continuation.finish() }
            try await server.run(host: "127.0.0.1", port: 0, signals: false) { continuation.yield($0) }
        }
        for await port in ports { return RunningServer(served: served, port: port, task: task) }
        try await task.value
        throw XCTSkip("unreachable: the server stopped without an error before listening")
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Sends a request and returns the status and the body.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    /// POSTs `object` as JSON to /v1/completions.
    func complete(_ object: [String: Any]) async throws -> (status: Int, json: [String: Any]) {
        let body = try JSONSerialization.data(withJSONObject: object)
        let (status, data) = try await send("POST", "/v1/completions", body: body)
        return (status, try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self)))
    }
}
