import Foundation
import Hummingbird
import Logging
import PoTHashing
import PoTSystem

/// An OpenAI-compatible HTTP server over one ``ServedModel``: `GET /v1/models`,
/// `POST /v1/completions` (legacy completions, greedy, with vLLM's `ignore_eos` and
/// `return_tokens_as_token_ids`) and `GET /health`. Every refusal is an OpenAI error object
/// with its status; the runner answers one request at a time.
@available(macOS 14, *)
public struct CompletionServer: Sendable {
    public let served: ServedModel
    public let limits: ServeLimits
    /// Called with one line per answered request (method, path, status, tokens, time).
    let log: @Sendable (String) -> Void

    public init(served: ServedModel, limits: ServeLimits, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.served = served
        self.limits = limits
        self.log = log
    }

    /// Listens on `host`:`port` (0: a free port, which `onListening` is told) until the task
    /// is cancelled or, with `signals`, until the process receives SIGINT or SIGTERM.
    /// - Throws: when the address cannot be bound.
    public func run(host: String, port: Int, signals: Bool, onListening: @escaping @Sendable (_ port: Int) async -> Void) async throws {
        // Hummingbird's own messages (its start line among them) go to stderr, warnings only:
        // stdout carries the one line that says where the server listens. A server stopped by
        // cancelling its task (without signals) is told so by errors on every open channel,
        // which say nothing about a fault, so that one shows only critical ones.
        var logger = Logger(label: "pot-serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = signals ? .warning : .critical
        let app = Application(
            responder: Responder(served: served, limits: limits, log: log, created: Int(Date().timeIntervalSince1970)),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        if signals {
            try await app.runService()
        } else {
            try await app.runService(gracefulShutdownSignals: [])
        }
    }
}

@available(macOS 14, *)
private struct Responder: HTTPResponder {
    typealias Context = BasicRequestContext

    let served: ServedModel
    let limits: ServeLimits
    let log: @Sendable (String) -> Void
    let created: Int

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let (response, note) = await answer(request)
        let seconds = (ContinuousClock.now - start).seconds
        log("\(request.method) \(request.uri.path) \(response.status.code)\(note.map { " (\($0))" } ?? "") "
            + String(format: "%.3f s", seconds))
        return response
    }

    /// The response and, for the log, what it was about.
    private func answer(_ request: Request) async -> (Response, String?) {
        let path = request.uri.path
        let allowed: HTTPRequest.Method
        switch path {
        case "/v1/models", "/health": allowed = .get
        case "/v1/completions": allowed = .post
        default:
            return (Self.error(ServeError(status: 404, message: "no route \(path) (this server has GET /v1/models, POST /v1/completions, GET /health)",
                                          type: "invalid_request_error", param: nil, code: "not_found")), nil)
        }
        guard request.method == allowed else {
            var response = Self.error(ServeError(status: 405, message: "\(path) takes \(allowed), not \(request.method)",
                                                 type: "invalid_request_error", param: nil, code: "method_not_allowed"))
            response.headers[.allow] = allowed.rawValue
            return (response, nil)
        }
        switch path {
        case "/health": return (Response(status: .ok), nil)
        case "/v1/models": return (Self.json(.ok, served.list(created: created)), nil)
        default: break
        }
        do {
            let bytes = try await body(of: request)
            let completionRequest = try CompletionRequest(json: bytes, limits: limits)
            let completion = try await served.complete(completionRequest)
            let document = completion.json(
                id: Self.completionID(), created: Int(Date().timeIntervalSince1970), model: served.name,
                tokenizer: served.tokenizer, tokensAsIDs: completionRequest.tokensAsIDs)
            return (Self.json(.ok, document), "\(completion.promptTokens)+\(completion.tokens.count) tokens")
        } catch let error as ServeError {
            return (Self.error(error), error.message)
        } catch {
            return (Self.error(.invalid("cannot read the request body: \(error)")), nil)
        }
    }

    /// The request body, refused unread (413) past the limit, whether it declares its length or not.
    private func body(of request: Request) async throws -> [UInt8] {
        let tooLarge = ServeError(status: 413, message: "the request body is larger than \(limits.maxBodyBytes) bytes",
                                  type: "invalid_request_error", param: nil, code: "request_too_large")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limits.maxBodyBytes { throw tooLarge }
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limits.maxBodyBytes else { throw tooLarge }
            bytes += buffer.readableBytesView
        }
        return bytes
    }

    private static func json(_ status: HTTPResponse.Status, _ document: JSON) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: document.compact)))
    }

    private static func error(_ error: ServeError) -> Response {
        json(HTTPResponse.Status(code: error.status), error.json)
    }

    /// `cmpl-` and 24 random hex digits, as OpenAI's ids look.
    private static func completionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "cmpl-" + (0..<3).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined().prefix(24)
    }
}
