import PoTModels

/// Where a ``BehaviourRun`` gets its scores: both models loaded (``ChallengeScorer``), or the
/// candidate against reference outputs read back from disk (``OneModelAtATime``). The run
/// checks the method, products and K against the commitment before the first challenge.
public protocol ChallengeSource {
    var method: ScoringMethod { get }
    var products: MatrixProducts { get }
    /// K, the continuation length.
    var continuationTokens: Int { get }
    /// Scores challenge `index`, whose prompt is `prompt`; challenges come in order from 0.
    func score(index: Int, prompt: String) throws(BehaviourError) -> ScoredChallenge
    /// The served side of an endpoint run, for the transcript header; `nil` for local models.
    var endpoint: EndpointRecord? { get }
}

extension ChallengeSource {
    public var endpoint: EndpointRecord? { nil }
}
