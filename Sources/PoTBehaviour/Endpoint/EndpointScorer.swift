import PoTModels

/// A run where one side is served: for each challenge the endpoint continues the prompt (the
/// local model's token ids) greedily for K tokens with its top-k log-probabilities, the local
/// model is teacher-forced on prompt + that continuation, and the score is the mean of
/// ``Distances/topKTotalVariation(full:top:)`` over the positions. The continuation recorded is
/// the endpoint's, whichever side it plays: both distributions are then taken on the same
/// contexts, and only the local model can be teacher-forced. One model is loaded.
///
/// Any failure (a query that fails after its retries, a response that is not what was asked,
/// a distribution that is not one) throws: the run writes an error line and stops, with no score.
public final class EndpointScorer: ChallengeSource {
    public let local: ScoringModel
    public let client: EndpointClient
    public let role: EndpointRole

    public var method: ScoringMethod { .topKTotalVariation }
    /// The local model's; the server's arithmetic is its own and unknown.
    public var products: MatrixProducts { local.model.products }
    public var continuationTokens: Int { local.continuationTokens }
    public var endpoint: EndpointRecord? {
        var record = client.settings.record(role: role)
        record.servedModelRoot = client.announcedModelRoot
        return record
    }

    public init(local: ScoringModel, client: EndpointClient, role: EndpointRole) {
        self.local = local
        self.client = client
        self.role = role
    }

    public func score(index: Int, prompt: String) throws(BehaviourError) -> ScoredChallenge {
        let tokens = try local.promptTokens(prompt)
        let answer = try client.complete(tokens: tokens, text: prompt, maxTokens: continuationTokens,
                                         vocabularySize: local.vocabulary.size)
        return try local.topKScore(promptTokens: tokens, continuation: answer.tokens, top: answer.top, record: answer.record)
    }
}

extension ScoringModel {
    /// The score of recorded answers: what a run computes after the query, and what
    /// ``TranscriptVerifier`` computes again from a transcript line and the local model.
    public func topKScore(promptTokens tokens: [Int32], continuation: [Int32], top: [[TopToken]],
                      record: EndpointAnswerRecord) throws(BehaviourError) -> ScoredChallenge {
        guard !continuation.isEmpty, top.count == continuation.count else {
            throw .scoring("the endpoint's answer has \(top.count) top-k lists for \(continuation.count) tokens")
        }
        let p = try logProbs(tokens, continuation)
        var sum = 0.0
        for position in continuation.indices {
            guard let tv = Distances.topKTotalVariation(full: p[position], top: top[position]) else {
                throw .scoring("continuation position \(position): the local model's distribution or the endpoint's top-k list is not a probability distribution (local \(model.path))")
            }
            sum += tv
        }
        return ScoredChallenge(promptTokens: tokens.count, continuation: continuation,
                               continuationText: tokenizer.decode(continuation), candidateText: nil,
                               score: sum / Double(continuation.count), endpoint: record)
    }
}
