import Foundation
import PoTHashing

/// A `POST /v1/completions` body (OpenAI's legacy completions, with vLLM's `ignore_eos` and
/// `return_tokens_as_token_ids`), read strictly: RFC 8259 JSON, no member twice, no member the
/// API does not define, every value of its type, and only what greedy decoding of one prompt
/// can honour. A setting the server cannot honour is refused rather than ignored, so a client
/// never takes a greedy answer for a sampled one.
public struct CompletionRequest: Sendable, Equatable {
    public enum Prompt: Sendable, Equatable {
        /// Text, tokenised as `pot behave` tokenises a challenge: the model's BOS rule, control
        /// tokens written in the text not parsed.
        case text(String)
        /// Token ids, run as given (no BOS added); checked against the vocabulary by the server.
        case tokens([Int])
    }

    public let model: String
    public let prompt: Prompt
    /// Most tokens to generate (default 16, as OpenAI's).
    public let maxTokens: Int
    /// k, the top log-probabilities to return per generated token; nil for no log-probabilities.
    public let logprobs: Int?
    /// Generate exactly `maxTokens` tokens, through end-of-sequence tokens (vLLM's `ignore_eos`).
    public let ignoreEOS: Bool
    /// Render each token as `token_id:N` (vLLM's `return_tokens_as_token_ids`).
    public let tokensAsIDs: Bool

    public static let defaultMaxTokens = 16

    /// Every member a request may have.
    static let members: Set<String> = Set(Body.CodingKeys.allCases.map(\.rawValue))

    /// Reads and checks a request body against `limits`.
    /// - Throws: ``ServeError`` (400) naming the field and the reason.
    public init(json bytes: [UInt8], limits: ServeLimits) throws(ServeError) {
        let shape: JSONObjectShape
        do { shape = try JSONObjectShape(parsing: bytes, name: "request body") } catch {
            throw .invalid("malformed JSON: \(error)")
        }
        for key in shape.keys where !Self.members.contains(key) {
            throw .invalid("unknown field \"\(key)\" (this server reads \(Self.members.sorted().joined(separator: ", ")))", param: key)
        }
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(bytes)) } catch {
            throw Self.explain(error)
        }
        guard let model = body.model else { throw .invalid("missing field \"model\"", param: "model") }
        guard let prompt = body.prompt else { throw .invalid("missing field \"prompt\"", param: "prompt") }
        guard let temperature = body.temperature else {
            throw .invalid("missing field \"temperature\": this server decodes greedily, so give \"temperature\": 0 (OpenAI's default is 1)",
                           param: "temperature")
        }
        guard temperature == 0 else {
            throw .invalid("temperature must be 0: this server decodes greedily only", param: "temperature")
        }
        let maxTokens = body.maxTokens ?? Self.defaultMaxTokens
        guard maxTokens >= 1, maxTokens <= limits.maxTokens else {
            throw .invalid("max_tokens must be between 1 and \(limits.maxTokens) (this server's --max-tokens-limit)", param: "max_tokens")
        }
        if let k = body.logprobs, k < 0 || k > limits.maxTopK {
            throw .invalid("logprobs must be between 0 and \(limits.maxTopK) (this server's --max-top-k)", param: "logprobs")
        }
        try Self.require(body.topP, equals: 1, "top_p", "this server decodes greedily only")
        try Self.require(body.n, equals: 1, "n", "one completion per request")
        try Self.require(body.bestOf, equals: 1, "best_of", "one completion per request")
        try Self.require(body.stream, equals: false, "stream", "streaming is not supported")
        try Self.require(body.echo, equals: false, "echo", "the prompt is not echoed")
        try Self.require(body.presencePenalty, equals: 0, "presence_penalty", "penalties change greedy decoding")
        try Self.require(body.frequencyPenalty, equals: 0, "frequency_penalty", "penalties change greedy decoding")
        if let stop = body.stop, !stop.isEmpty {
            throw .invalid("stop must be null or empty: generation stops only at the model's end-of-sequence tokens or max_tokens",
                           param: "stop")
        }
        switch prompt {
        case .text(let text) where text.isEmpty: throw .invalid("the prompt is empty", param: "prompt")
        case .tokens(let ids) where ids.isEmpty: throw .invalid("the prompt has no token ids", param: "prompt")
        default: break
        }
        self.model = model
        self.prompt = prompt
        self.maxTokens = maxTokens
        logprobs = body.logprobs
        ignoreEOS = body.ignoreEOS ?? false
        tokensAsIDs = body.returnTokensAsTokenIDs ?? false
    }

    private static func require<T: Equatable>(_ value: T?, equals allowed: T, _ name: String, _ why: String) throws(ServeError) {
        if let value, value != allowed { throw .invalid("\(name) must be \(allowed) or absent: \(why)", param: name) }
    }

    /// A decoding failure as the field at fault and the type it must have.
    private static func explain(_ error: Error) -> ServeError {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, _): return .invalid("missing field \"\(key.stringValue)\"", param: key.stringValue)
        default: return .invalid("unreadable request: \(error)")
        }
        guard let field = context.codingPath.first?.stringValue else { return .invalid("unreadable request: \(context.debugDescription)") }
        let expected = Body.expected[field] ?? "another type"
        return .invalid("\(field) must be \(expected)", param: field)
    }
}

/// The members as JSON holds them, before the checks of ``CompletionRequest``.
private struct Body: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, prompt, temperature, n, stream, logprobs, echo, stop, seed, user
        case maxTokens = "max_tokens", topP = "top_p", bestOf = "best_of"
        case presencePenalty = "presence_penalty", frequencyPenalty = "frequency_penalty"
        case ignoreEOS = "ignore_eos", returnTokensAsTokenIDs = "return_tokens_as_token_ids"
    }

    /// What each member must be, for the error that says so.
    static let expected: [String: String] = [
        "model": "a string", "prompt": "a string or an array of token ids (one prompt per request)",
        "max_tokens": "an integer", "temperature": "a number", "top_p": "a number", "n": "an integer",
        "best_of": "an integer", "stream": "a boolean", "logprobs": "an integer (how many top log-probabilities per token)",
        "echo": "a boolean", "stop": "null, a string or an array of strings", "seed": "an integer", "user": "a string",
        "presence_penalty": "a number", "frequency_penalty": "a number", "ignore_eos": "a boolean",
        "return_tokens_as_token_ids": "a boolean",
    ]

    let model: String?
    let prompt: CompletionRequest.Prompt?
    let maxTokens: Int?
    let temperature: Double?
    let topP: Double?
    let n: Int?
    let bestOf: Int?
    let stream: Bool?
    let logprobs: Int?
    let echo: Bool?
    /// Stop sequences; a single string is one sequence.
    let stop: [String]?
    /// Accepted and unused: greedy decoding draws nothing.
    let seed: Int?
    /// Accepted and unused.
    let user: String?
    let presencePenalty: Double?
    let frequencyPenalty: Double?
    let ignoreEOS: Bool?
    let returnTokensAsTokenIDs: Bool?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        prompt = try c.decodeIfPresent(CompletionRequest.Prompt.self, forKey: .prompt)
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        n = try c.decodeIfPresent(Int.self, forKey: .n)
        bestOf = try c.decodeIfPresent(Int.self, forKey: .bestOf)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        logprobs = try c.decodeIfPresent(Int.self, forKey: .logprobs)
        echo = try c.decodeIfPresent(Bool.self, forKey: .echo)
        if let one = try? c.decodeIfPresent(String.self, forKey: .stop) {
            stop = [one]
        } else {
            stop = try c.decodeIfPresent([String].self, forKey: .stop)
        }
        seed = try c.decodeIfPresent(Int.self, forKey: .seed)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        presencePenalty = try c.decodeIfPresent(Double.self, forKey: .presencePenalty)
        frequencyPenalty = try c.decodeIfPresent(Double.self, forKey: .frequencyPenalty)
        ignoreEOS = try c.decodeIfPresent(Bool.self, forKey: .ignoreEOS)
        returnTokensAsTokenIDs = try c.decodeIfPresent(Bool.self, forKey: .returnTokensAsTokenIDs)
    }
}

extension CompletionRequest.Prompt: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            self = .text(text)
        } else if let ids = try? c.decode([Int].self) {
            self = .tokens(ids)
        } else {
            throw DecodingError.typeMismatch(
                CompletionRequest.Prompt.self, .init(codingPath: decoder.codingPath, debugDescription: "not a string or token ids"))
        }
    }
}
