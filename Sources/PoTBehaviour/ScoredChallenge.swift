/// The result of running one challenge on both models.
public struct ScoredChallenge: Sendable, Equatable {
    /// Tokens of the prompt under the reference's tokenizer.
    public let promptTokens: Int
    /// The reference's greedy continuation, exactly K token ids of the reference (in an
    /// endpoint run, the endpoint's continuation in the local model's ids).
    public let continuation: [Int32]
    /// The reference's continuation as text.
    public let continuationText: String
    /// The candidate's own continuation as text (text-level scoring only).
    public let candidateText: String?
    /// The score in [0, 1].
    public let score: Double
    /// For an endpoint run: what the endpoint answered (``EndpointScorer``).
    public var endpoint: EndpointAnswerRecord? = nil
}
