import PoTHashing
import PoTModels

/// What the runner produced for one request, before it is written as JSON.
struct Completion: Sendable, Equatable {
    enum FinishReason: String, Sendable {
        /// The model generated one of its end-of-sequence tokens (kept as the last token).
        case stop
        /// `max_tokens` were generated.
        case length
    }

    let promptTokens: Int
    /// The greedy continuation, ending with the end-of-sequence token when it stopped at one.
    let tokens: [Int32]
    let finishReason: FinishReason
    /// One entry per token of `tokens`, when the request asked for log-probabilities.
    let logprobs: [PositionLogProbs]?

    /// vLLM writes a log-probability of −∞ (a token of probability 0 in the runner's binary32
    /// arithmetic) as −9999.0 (its serving_completion's `max(logprob, -9999.0)`), and JSON has
    /// no infinities.
    static let floorLogProb: Float = -9999

    /// The OpenAI `text_completion` object.
    /// - Parameters:
    ///   - tokensAsIDs: write tokens as `token_id:N` rather than as their text.
    func json(id: String, created: Int, model: String, tokenizer: Tokenizer, tokensAsIDs: Bool) -> JSON {
        let text = String(decoding: tokens.flatMap { tokenizer.bytes(of: $0) }, as: UTF8.self)
        let logprobsJSON = logprobs.map { positions in
            logprobsObject(positions, tokenizer: tokenizer, tokensAsIDs: tokensAsIDs)
        } ?? .null
        let choice = JSON.object([
            ("index", .number(0)), ("text", .string(text)), ("logprobs", logprobsJSON),
            ("finish_reason", .string(finishReason.rawValue)),
        ])
        return .object([
            ("id", .string(id)), ("object", .string("text_completion")), ("created", .number(created)), ("model", .string(model)),
            ("choices", .array([choice])),
            ("usage", .object([
                ("prompt_tokens", .number(promptTokens)), ("completion_tokens", .number(tokens.count)),
                ("total_tokens", .number(promptTokens + tokens.count)),
            ])),
        ])
    }

    /// `tokens`, `token_logprobs`, `top_logprobs` and `text_offset`. A token's text shows control
    /// tokens (`</s>`), which `text` leaves out; two tokens of the same text in one
    /// `top_logprobs` object keep the likelier, which is why clients that need every id ask for
    /// `token_id:N` keys. `text_offset[i]` is the length, in Unicode scalars, of the text of
    /// the tokens before token i.
    private func logprobsObject(_ positions: [PositionLogProbs], tokenizer: Tokenizer, tokensAsIDs: Bool) -> JSON {
        func render(_ token: Int32) -> String {
            tokensAsIDs ? "token_id:\(token)" : String(decoding: tokenizer.bytes(of: token, special: true), as: UTF8.self)
        }
        func number(_ logprob: Float) -> JSON { .float(max(logprob, Self.floorLogProb)) }
        var offsets: [JSON] = []
        var before: [UInt8] = []
        for token in tokens {
            offsets.append(.number(String(decoding: before, as: UTF8.self).unicodeScalars.count))
            before += tokenizer.bytes(of: token)
        }
        let top = positions.map { position -> JSON in
            var seen = Set<String>()
            var members: [(String, JSON)] = []
            for entry in position.top where seen.insert(render(entry.token)).inserted {
                members.append((render(entry.token), number(entry.logprob)))
            }
            return .object(members)
        }
        return .object([
            ("tokens", .array(tokens.map { .string(render($0)) })),
            ("token_logprobs", .array(positions.map { number($0.chosen.logprob) })),
            ("top_logprobs", .array(top)),
            ("text_offset", .array(offsets)),
        ])
    }
}
