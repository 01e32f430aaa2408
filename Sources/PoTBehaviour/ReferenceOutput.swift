/// What a challenge needs from the reference, computed before the candidate is consulted: the
/// part of a ``ScoredChallenge`` that does not depend on the candidate.
public struct ReferenceOutput: Sendable, Equatable {
    /// The prompt under the reference's tokenizer.
    public let promptTokens: [Int32]
    /// The reference's greedy continuation, exactly K token ids.
    public let continuation: [Int32]
    /// The continuation as the reference's text.
    public let continuationText: String
    /// For ``ScoringMethod/meanTotalVariation``: the reference's next-token log-probabilities
    /// at the K positions that predict each continuation token, one full vocabulary row each;
    /// `nil` for the text score, which needs none.
    public let logProbs: [[Float]]?

    public init(promptTokens: [Int32], continuation: [Int32], continuationText: String, logProbs: [[Float]]?) {
        self.promptTokens = promptTokens
        self.continuation = continuation
        self.continuationText = continuationText
        self.logProbs = logProbs
    }
}
