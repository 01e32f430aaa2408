import PoTModels

/// Runs challenges on a reference and a candidate model, both loaded, and scores each one.
///
/// With one vocabulary the score is the mean total-variation distance (``ScoringMethod``);
/// otherwise the text-level distance. Any failure of either model throws: a challenge that
/// could not be scored is never recorded as a number. The two halves are ``ReferenceScorer``
/// and ``CandidateScorer``, which ``OneModelAtATime`` runs in turn.
public final class ChallengeScorer: ChallengeSource {
    public let referenceScorer: ReferenceScorer
    public let candidateScorer: CandidateScorer
    public let method: ScoringMethod

    public var reference: LanguageModel { referenceScorer.model }
    public var candidate: LanguageModel { candidateScorer.model }
    /// K, the continuation length.
    public var continuationTokens: Int { referenceScorer.continuationTokens }
    /// The matrix products both models run with; scores depend on them in the last digits.
    public var products: MatrixProducts { reference.products }

    /// Both models must run the same matrix products (``MatrixProducts``), so that a transcript
    /// names the one arithmetic its scores came from.
    public init(reference: LanguageModel, candidate: LanguageModel, continuationTokens: Int) throws(BehaviourError) {
        precondition(continuationTokens >= 1)
        guard reference.products == candidate.products else {
            throw .scoring("the reference runs \(reference.products.rawValue) products, the candidate \(candidate.products.rawValue)")
        }
        referenceScorer = try ReferenceScorer(model: reference, continuationTokens: continuationTokens)
        candidateScorer = try CandidateScorer(model: candidate, continuationTokens: continuationTokens)
        method = VocabularyIdentity.method(reference: referenceScorer.vocabulary, candidate: candidateScorer.vocabulary)
    }

    /// Scores the challenge whose prompt is `prompt`.
    public func score(prompt: String) throws(BehaviourError) -> ScoredChallenge {
        let output = try referenceScorer.output(prompt: prompt, method: method)
        return try candidateScorer.score(prompt: prompt, reference: output, method: method, referencePath: reference.path)
    }

    public func score(index: Int, prompt: String) throws(BehaviourError) -> ScoredChallenge { try score(prompt: prompt) }

    /// Scores a recorded challenge again, teacher-forcing the recorded continuation rather than
    /// generating one, and reports where that continuation is not this machine's greedy choice.
    ///
    /// Other matrix products round differently, so near a tie between the two likeliest tokens
    /// they may pick the other one; generating again would then score a different text. Scoring
    /// the recorded tokens keeps the comparison about the same text, and the reported gaps say
    /// how close to a tie each disagreement is.
    public func rescore(prompt: String, continuation: [Int32]) throws(BehaviourError) -> (ScoredChallenge, [GreedyTie]) {
        let tokens = try referenceScorer.promptTokens(prompt)
        let vocabulary = Int32(reference.hyper.vocabularySize)
        guard continuation.allSatisfy({ $0 >= 0 && $0 < vocabulary }) else {
            throw .scoring("the continuation has a token id outside the reference's vocabulary of \(vocabulary)")
        }
        let p = try referenceScorer.logProbs(tokens, continuation)
        var ties: [GreedyTie] = []
        for (position, token) in continuation.enumerated() {
            let row = p[position]
            let top = row.indices.max { row[$0] < row[$1] }!
            if Int32(top) != token {
                ties.append(GreedyTie(position: position, recorded: token, top: Int32(top), gap: Double(row[top]) - Double(row[Int(token)])))
            }
        }
        let output = ReferenceOutput(promptTokens: tokens, continuation: continuation,
                                     continuationText: referenceScorer.tokenizer.decode(continuation),
                                     logProbs: method == .meanTotalVariation ? p : nil)
        return (try candidateScorer.score(prompt: prompt, reference: output, method: method, referencePath: reference.path), ties)
    }

    /// The reference's token count for `prompt` and its text for `continuation`: what a
    /// transcript line states about a challenge besides its score.
    public func describe(prompt: String, continuation: [Int32]) -> (promptTokens: Int, continuationText: String) {
        (referenceScorer.tokenizer.encode(prompt).count, referenceScorer.tokenizer.decode(continuation))
    }
}

/// A position where a recorded continuation token is not the reference's greedy choice on
/// this machine.
public struct GreedyTie: Sendable, Equatable {
    /// 0-based position in the continuation.
    public let position: Int
    public let recorded: Int32
    /// The token this machine finds likeliest.
    public let top: Int32
    /// log p(top) − log p(recorded), in nats; ≥ 0.
    public let gap: Double
}
