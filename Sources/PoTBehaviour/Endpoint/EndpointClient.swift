import Foundation
import PoTHashing
import PoTSystem

/// A served model's answer to one challenge, checked (``CompletionResponse``).
public struct EndpointAnswer: Sendable {
    public let tokens: [Int32]
    public let top: [[TopToken]]
    public let record: EndpointAnswerRecord
}

/// Queries one OpenAI-compatible completions endpoint: a rate limit between requests,
/// retries with exponential back-off after connection failures, 429 and 5xx replies, a
/// prompt of token ids that falls back to text (for the rest of the run) when the server
/// refuses ids with a 4xx, and a strict reading of every response. Any failure is a
/// ``BehaviourError/scoring(_:)`` whose message never holds a header value.
public final class EndpointClient {
    public let settings: EndpointSettings
    private let transport: HTTPTransport
    private let headers: [(name: String, value: String)]
    /// Header values and the variables' values in them, blanked out of every message.
    private let secrets: [(name: String, value: String)]
    private var promptForm = PromptForm.tokenIDs
    private var lastRequest: ContinuousClock.Instant?

    /// Reads the headers' environment variables now, so a missing key stops the run before
    /// the first challenge.
    public init(settings: EndpointSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws(BehaviourError) {
        self.settings = settings
        var headers: [(name: String, value: String)] = [], secrets: [(name: String, value: String)] = []
        for spec in settings.headers {
            let (value, variables) = try spec.substitute(environment: environment)
            headers.append((spec.name, value))
            secrets += ([value] + variables).filter { !$0.isEmpty }.map { (spec.name, $0) }
        }
        self.headers = headers
        // Longest first, so that a value is blanked whole before a variable inside it.
        self.secrets = secrets.sorted { $0.value.count > $1.value.count }
        transport = HTTPTransport(timeout: settings.timeout)
    }

    /// The model root the server announces for `settings.model`: `pot_commitment.model_root`
    /// of that model's entry in `GET …/v1/models` (the completions URL's sibling), which
    /// `pot serve` publishes; asked once, when first read (for the transcript header). `nil`
    /// when the URL does not end in `/completions`, the request fails, or the list has no such
    /// entry or no 64-hex-digit root: other servers publish none, and the audit does not rest on it.
    public private(set) lazy var announcedModelRoot: String? = {
        guard settings.url.lastPathComponent == "completions" else { return nil }
        let url = settings.url.deletingLastPathComponent().appendingPathComponent("models")
        guard case .success(let reply) = transport.get(url, headers: headers), reply.status == 200,
              let list = try? JSON.parse(reply.body, path: "the model list"),
              let entries = list.members?.first(where: { $0.key == "data" })?.value.array else { return nil }
        for entry in entries {
            guard let members = entry.members, members.first(where: { $0.key == "id" })?.value.string == settings.model,
                  let pot = members.first(where: { $0.key == "pot_commitment" })?.value.members,
                  let root = pot.first(where: { $0.key == "model_root" })?.value.string else { continue }
            return root.count == 64 && root.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) ? root : nil
        }
        return nil
    }()

    /// K greedy tokens after `tokens` (or `text`, if the server refuses ids) with their top-k
    /// log-probabilities; ids must lie below `vocabularySize`.
    public func complete(tokens: [Int32], text: String, maxTokens: Int, vocabularySize: Int) throws(BehaviourError) -> EndpointAnswer {
        var form = promptForm
        while true {
            let prompt: CompletionRequest.Prompt = form == .tokenIDs ? .tokenIDs(tokens) : .text(text)
            let request = CompletionRequest(model: settings.model, prompt: prompt, maxTokens: maxTokens, topK: settings.topK)
            let reply = try send(request.body)
            if form == .tokenIDs, [400, 422].contains(reply.status) {
                form = .text  // the server may take only text prompts; it tokenizes them itself
                continue
            }
            guard reply.status == 200 else {
                throw failure("HTTP \(reply.status): \(excerpt(reply.body))")
            }
            let response: CompletionResponse
            do {
                response = try CompletionResponse(body: reply.body, maxTokens: maxTokens, topK: settings.topK, vocabularySize: vocabularySize)
            } catch {
                throw failure(error.description)
            }
            promptForm = form
            let record = EndpointAnswerRecord(
                responseSha256: Hex.encode(SHA256.hash(reply.body)), promptForm: form.rawValue, finishReason: response.finishReason,
                topIds: response.top.map { $0.map(\.id) }, topLogprobs: response.top.map { $0.map(\.logProb) })
            return EndpointAnswer(tokens: response.tokens, top: response.top, record: record)
        }
    }

    /// One request with its retries; returns the first reply that is not a 429 or 5xx.
    private func send(_ body: [UInt8]) throws(BehaviourError) -> HTTPReply {
        var attempt = 0, last = ""
        while true {
            pace()
            switch transport.post(settings.url, body: body, headers: headers) {
            case .success(let reply) where reply.status == 429 || (500...599).contains(reply.status):
                last = "HTTP \(reply.status): \(excerpt(reply.body))"
                guard attempt < settings.retries else { break }
                wait(attempt: attempt, retryAfter: reply.retryAfter)
                attempt += 1
                continue
            case .success(let reply):
                return reply
            case .failure(let error):
                last = error.description
                guard attempt < settings.retries else { break }
                wait(attempt: attempt, retryAfter: nil)
                attempt += 1
                continue
            }
            throw failure("\(last) (after \(attempt + 1) attempts)")
        }
    }

    /// Waits out the rate limit since the previous request started.
    private func pace() {
        if let rate = settings.maxRequestsPerSecond, let last = lastRequest {
            let due = last + .seconds(1 / rate)
            if due > .now { Thread.sleep(forTimeInterval: (due - .now).seconds) }
        }
        lastRequest = .now
    }

    private func wait(attempt: Int, retryAfter: Double?) {
        let backoff = settings.backoff * pow(2, Double(attempt))
        Thread.sleep(forTimeInterval: min(EndpointSettings.maxBackoff, max(backoff, retryAfter ?? 0)))
    }

    /// The start of a reply body, as text, for a message.
    private func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return body.count > 300 ? text + "…" : text
    }

    /// A scoring error naming the endpoint, with every header value blanked out: a server or
    /// proxy that echoes the request must not put a key into a message or a transcript.
    private func failure(_ message: String) -> BehaviourError {
        var text = "\(settings.url.absoluteString) (model \(settings.model)): \(message)"
        for secret in secrets { text = text.replacingOccurrences(of: secret.value, with: "[\(secret.name) value]") }
        return .scoring(text)
    }
}
