/// The endpoint of a run, in the transcript header: what was queried and how, never a header
/// value. Its ``identity`` is what the commitment binds in the endpoint's role (in place of
/// a model root), so the URL, the model name and k cannot change after the commitment.
public struct EndpointRecord: TranscriptRecord {
    /// "candidate" or "reference".
    public let role: String
    /// The completions URL, as resolved (no user information, no query).
    public let url: String
    /// The `model` field of every request.
    public let model: String
    /// k, the `logprobs` asked for at each position.
    public let topK: Int
    /// Names of the headers sent (their values, which may hold keys, are never recorded).
    public let headerNames: [String]
    /// The model root the server announced for `model` when the run started
    /// (`pot_commitment.model_root` in its `GET …/v1/models`, as `pot serve` publishes it);
    /// absent when it announced none (vLLM, llama.cpp). The server's word, recorded by the
    /// auditor: neither the identity nor the answers bind it.
    public var servedModelRoot: String? = nil

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case role, url, model, topK = "top_k", headerNames = "header_names", servedModelRoot = "served_model_root"
    }

    public init(role: EndpointRole, url: String, model: String, topK: Int, headerNames: [String], servedModelRoot: String? = nil) {
        self.role = role.rawValue
        self.url = url
        self.model = model
        self.topK = topK
        self.headerNames = headerNames
        self.servedModelRoot = servedModelRoot
    }

    /// The digest the commitment binds for this endpoint (``EndpointIdentity``).
    public var identity: String { EndpointIdentity.digest(url: url, model: model, topK: topK) }
}

/// Which side of the comparison is served.
public enum EndpointRole: String, Sendable {
    case candidate, reference
}

/// What an endpoint answered for one challenge, in its transcript line: enough to compute the
/// score again from the local model alone, and the digest of the raw response body.
public struct EndpointAnswerRecord: TranscriptRecord {
    /// SHA-256 of the response body as received, hex.
    public let responseSha256: String
    /// "token-ids", or "text" when the server refused a prompt of token ids.
    public let promptForm: String
    /// The server's finish_reason: "length", or "stop" for a continuation shorter than K.
    public let finishReason: String
    /// Per continuation position, the ids of the returned top-k list.
    public let topIds: [[Int32]]
    /// Per continuation position, their log-probabilities, in the same order (binary32, as
    /// ``TopToken`` reads them).
    public let topLogprobs: [[Float]]

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case responseSha256 = "response_sha256", promptForm = "prompt_form", finishReason = "finish_reason"
        case topIds = "top_ids", topLogprobs = "top_logprobs"
    }

    /// The top-k lists as ``TopToken``s; `nil` if the two arrays do not line up.
    public var top: [[TopToken]]? {
        guard topIds.count == topLogprobs.count, zip(topIds, topLogprobs).allSatisfy({ $0.count == $1.count }) else { return nil }
        return zip(topIds, topLogprobs).map { zip($0, $1).map { TopToken(id: $0, logProb: $1) } }
    }
}

/// The last line of a run that stopped because a challenge could not be scored: which one
/// and why. It carries no score, and a transcript that ends with it has no decision.
public struct ErrorRecord: TranscriptRecord {
    public var type = "error"
    public let index: Int
    public let error: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case type, index, error }

    public init(index: Int, error: String) {
        self.index = index
        self.error = error
    }
}
