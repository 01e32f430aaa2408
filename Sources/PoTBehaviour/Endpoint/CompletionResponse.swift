import PoTHashing

/// A completions response read strictly: one choice, K token ids (fewer only with
/// finish_reason "stop"), and at every position a top-k list of distinct ids inside the
/// local vocabulary with finite log-probabilities ≤ 0. Two formats are read:
///
/// - OpenAI's legacy one as vLLM writes it with `return_tokens_as_token_ids`:
///   `logprobs: {tokens: ["token_id:N", …], token_logprobs: [x, …], top_logprobs: [{"token_id:N": x, …}, …]}`;
/// - llama.cpp's server (the version vendored in llama-cpp-python 0.3.36,
///   tools/server/server-task.cpp): `logprobs: {content: [{id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}, …]}, …]}`,
///   log-probabilities of the raw softmax before sampling.
///
/// Anything else is a ``CompletionResponse/Failure`` naming what is wrong; never a guess.
struct CompletionResponse {
    let tokens: [Int32]
    let top: [[TopToken]]
    let finishReason: String

    struct Failure: Error {
        let description: String
    }

    init(body: [UInt8], maxTokens: Int, topK: Int, vocabularySize: Int) throws(Failure) {
        let root: JSON
        do { root = try JSON.parse(body, path: "the response") } catch {
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            if text.contains("NaN") || text.contains("Infinity") {
                throw Failure(description: "the response is not JSON: it holds NaN or Infinity, which JSON cannot carry (a log-probability that is not a number?)")
            }
            throw Failure(description: "the response is not well-formed JSON (\(error.reason), at byte \(error.offset ?? 0))")
        }
        let choices = try Self.member("choices", of: root)?.array
        guard let choices, choices.count == 1 else { throw Failure(description: "expected \"choices\" with exactly one choice") }
        let choice = choices[0]
        guard let finish = try Self.member("finish_reason", of: choice)?.string else {
            throw Failure(description: "the choice has no finish_reason")
        }
        guard let logprobs = try Self.member("logprobs", of: choice), logprobs.members != nil else {
            throw Failure(description: "the choice has no logprobs object (the server ignored \"logprobs\": \(topK))")
        }
        let (tokens, top): ([Int32], [[TopToken]])
        if let content = try Self.member("content", of: logprobs) {
            (tokens, top) = try Self.llamaCpp(content, vocabularySize: vocabularySize)
        } else {
            (tokens, top) = try Self.openAI(logprobs, vocabularySize: vocabularySize)
        }
        guard finish == "length" || finish == "stop" else { throw Failure(description: "finish_reason \"\(finish)\" (expected length or stop)") }
        guard tokens.count == maxTokens || (finish == "stop" && (1..<maxTokens).contains(tokens.count)) else {
            throw Failure(description: "\(tokens.count) tokens for max_tokens \(maxTokens) with finish_reason \(finish)")
        }
        if let usage = try Self.member("usage", of: root), let reported = try Self.member("completion_tokens", of: usage) {
            guard let n = Self.integer(reported), n == tokens.count else {
                throw Failure(description: "usage.completion_tokens is not the \(tokens.count) tokens returned")
            }
        }
        for (position, list) in top.enumerated() {
            guard list.count >= min(topK, vocabularySize), list.count <= topK + 1 else {
                throw Failure(description: "position \(position): \(list.count) top log-probabilities where k = \(topK) were asked")
            }
            guard Set(list.map(\.id)).count == list.count else { throw Failure(description: "position \(position): a token twice in the top-k list") }
        }
        self.tokens = tokens
        self.top = top
        finishReason = finish
    }

    /// `content: [{id, logprob, top_logprobs: [{id, logprob}, …]}, …]`.
    private static func llamaCpp(_ content: JSON, vocabularySize: Int) throws(Failure) -> ([Int32], [[TopToken]]) {
        guard let positions = content.array else { throw Failure(description: "logprobs.content is not an array") }
        var tokens: [Int32] = [], top: [[TopToken]] = []
        for (position, entry) in positions.enumerated() {
            tokens.append(try id(member("id", of: entry), vocabularySize, at: position))
            _ = try logProb(member("logprob", of: entry), at: position)
            guard let list = try member("top_logprobs", of: entry)?.array else {
                throw Failure(description: "position \(position): no top_logprobs array")
            }
            var row: [TopToken] = []
            for item in list {
                row.append(TopToken(id: try id(member("id", of: item), vocabularySize, at: position),
                                    logProb: try logProb(member("logprob", of: item), at: position)))
            }
            top.append(row)
        }
        return (tokens, top)
    }

    /// `{tokens: ["token_id:N", …], token_logprobs: [x, …], top_logprobs: [{"token_id:N": x, …}, …]}`.
    private static func openAI(_ logprobs: JSON, vocabularySize: Int) throws(Failure) -> ([Int32], [[TopToken]]) {
        guard let names = try member("tokens", of: logprobs)?.array, let chosen = try member("token_logprobs", of: logprobs)?.array,
              let lists = try member("top_logprobs", of: logprobs)?.array else {
            throw Failure(description: "logprobs has neither content (llama.cpp) nor tokens, token_logprobs and top_logprobs arrays (OpenAI, vLLM)")
        }
        guard names.count == chosen.count, names.count == lists.count else {
            throw Failure(description: "logprobs has \(names.count) tokens, \(chosen.count) token_logprobs and \(lists.count) top_logprobs")
        }
        var tokens: [Int32] = [], top: [[TopToken]] = []
        for position in names.indices {
            tokens.append(try tokenID(names[position].string, vocabularySize, at: position))
            _ = try logProb(chosen[position], at: position)
            guard let members = lists[position].members else { throw Failure(description: "position \(position): top_logprobs is not an object") }
            var row: [TopToken] = []
            for m in members {
                row.append(TopToken(id: try tokenID(m.key, vocabularySize, at: position), logProb: try logProb(m.value, at: position)))
            }
            top.append(row)
        }
        return (tokens, top)
    }

    private static func member(_ name: String, of value: JSON) throws(Failure) -> JSON? {
        guard let members = value.members else { throw Failure(description: "expected an object holding \"\(name)\", found \(value.typeName)") }
        guard let found = members.first(where: { $0.key == name }) else { return nil }
        if case .null = found.value.kind { return nil }
        return found.value
    }

    private static func integer(_ value: JSON) -> Int? {
        guard case .number(let text) = value.kind else { return nil }
        return Int(text)
    }

    private static func id(_ value: JSON?, _ vocabularySize: Int, at position: Int) throws(Failure) -> Int32 {
        guard let value, let n = integer(value) else { throw Failure(description: "position \(position): a token id that is not an integer") }
        guard n >= 0, n < vocabularySize else {
            throw Failure(description: "position \(position): token id \(n) outside the local vocabulary of \(vocabularySize)")
        }
        return Int32(n)
    }

    /// "token_id:N", vLLM's form with `return_tokens_as_token_ids`.
    private static func tokenID(_ text: String?, _ vocabularySize: Int, at position: Int) throws(Failure) -> Int32 {
        guard let text, text.hasPrefix("token_id:"), let n = Int(text.dropFirst("token_id:".count)) else {
            throw Failure(description: "position \(position): the token \"\((text ?? "").prefix(40))\" is text, not \"token_id:N\"; pot needs token ids (vLLM: return_tokens_as_token_ids, which the server ignored)")
        }
        guard n >= 0, n < vocabularySize else {
            throw Failure(description: "position \(position): token id \(n) outside the local vocabulary of \(vocabularySize)")
        }
        return Int32(n)
    }

    /// A finite log-probability ≤ 0 (up to 10^-6 of rounding above, read as 0), read as the
    /// nearest binary32 (``TopToken``); one below binary32's range, a probability of 0 there,
    /// is read as its most negative finite value.
    private static func logProb(_ value: JSON?, at position: Int) throws(Failure) -> Float {
        guard let value, case .number(let text) = value.kind, let x = Double(text), let single = Float(text) else {
            throw Failure(description: "position \(position): a log-probability that is not a number")
        }
        guard x.isFinite, x <= 1e-6 else { throw Failure(description: "position \(position): log-probability \(text) is not finite and ≤ 0") }
        return max(min(single, 0), -.greatestFiniteMagnitude)
    }
}
