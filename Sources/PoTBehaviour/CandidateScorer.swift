import PoTModels

/// The candidate's half of a challenge: its score against the reference's output, whether that
/// output was computed a moment ago (``ChallengeScorer``) or read back from disk
/// (``OneModelAtATime``). Any failure throws: a challenge that could not be scored is never a number.
public final class CandidateScorer {
    public let local: ScoringModel
    public var model: LanguageModel { local.model }
    /// K, the continuation length.
    public var continuationTokens: Int { local.continuationTokens }
    public var vocabulary: VocabularyIdentity { local.vocabulary }
    var tokenizer: Tokenizer { local.tokenizer }

    public init(model: LanguageModel, continuationTokens: Int) throws(BehaviourError) {
        local = try ScoringModel(model: model, continuationTokens: continuationTokens)
    }

    /// Scores `prompt` given the reference's output for it under `method`; `referencePath`
    /// names the reference in errors.
    public func score(prompt: String, reference: ReferenceOutput, method: ScoringMethod,
                      referencePath: String) throws(BehaviourError) -> ScoredChallenge {
        let tokens = reference.promptTokens, continuation = reference.continuation
        switch method {
        case .meanTotalVariation:
            guard let p = reference.logProbs, p.count == continuation.count else {
                throw .scoring("the reference output has no log-probabilities for its \(continuation.count) continuation positions")
            }
            let q = try modelCall { () throws(ModelError) in
                try model.nextTokenLogProbs(tokens + continuation, from: tokens.count - 1)
            }
            guard q.count == continuation.count + 1 else {
                throw .scoring("the candidate returned \(q.count) distributions for \(continuation.count + 1) positions")
            }
            var sum = 0.0
            for position in continuation.indices {
                guard let tv = Distances.totalVariation(p[position], q[position]) else {
                    throw .scoring(
                        "continuation position \(position): the next-token distributions are not finite probabilities (reference \(referencePath), candidate \(model.path))")
                }
                sum += tv
            }
            return ScoredChallenge(promptTokens: tokens.count, continuation: continuation, continuationText: reference.continuationText,
                                   candidateText: nil, score: sum / Double(continuation.count))
        case .topKTotalVariation:
            throw .scoring("the top-k score belongs to endpoint runs (EndpointScorer); two local models compare full distributions")
        case .textEditDistance:
            let own = tokenizer.encode(prompt)
            guard !own.isEmpty else { throw .scoring("the candidate tokenizes \"\(prompt)\" to nothing") }
            let generated = try modelCall { () throws(ModelError) in
                try model.generate(prompt: own, maxTokens: continuationTokens, stop: [])
            }
            let other = tokenizer.decode(generated)
            return ScoredChallenge(promptTokens: tokens.count, continuation: continuation, continuationText: reference.continuationText,
                                   candidateText: other, score: Distances.truncatedEditDistance(reference.continuationText, other))
        }
    }
}
