import PoTModels

/// Runs challenges on a reference and a candidate model and scores each one.
///
/// With one vocabulary the score is the mean total-variation distance (``ScoringMethod``);
/// otherwise the text-level distance. Any failure of either model throws: a challenge that
/// could not be scored is never recorded as a number.
public final class ChallengeScorer {
    public let reference: LanguageModel
    public let candidate: LanguageModel
    public let method: ScoringMethod
    /// K, the continuation length.
    public let continuationTokens: Int
    private let referenceTokenizer: Tokenizer
    private let candidateTokenizer: Tokenizer

    /// The matrix products both models run with; scores depend on them in the last digits.
    public var products: MatrixProducts { reference.products }

    /// Both models must run the same matrix products (``MatrixProducts``), so that a transcript
    /// names the one arithmetic its scores came from.
    public init(reference: LanguageModel, candidate: LanguageModel, continuationTokens: Int) throws(BehaviourError) {
        precondition(continuationTokens >= 1)
        guard reference.products == candidate.products else {
            throw .scoring("the reference runs \(reference.products.rawValue) products, the candidate \(candidate.products.rawValue)")
        }
        self.reference = reference
        self.candidate = candidate
        self.continuationTokens = continuationTokens
        do {
            referenceTokenizer = try reference.tokenizer()
            candidateTokenizer = try candidate.tokenizer()
        } catch { throw .scoring("cannot read a tokenizer: \(error)") }
        let sameVocabulary = referenceTokenizer.vocabulary.tokens == candidateTokenizer.vocabulary.tokens
            && reference.hyper.vocabularySize == candidate.hyper.vocabularySize
        method = sameVocabulary ? .meanTotalVariation : .textEditDistance
    }

    /// Scores the challenge whose prompt is `prompt`.
    public func score(prompt: String) throws(BehaviourError) -> ScoredChallenge {
        let tokens = try promptTokens(prompt)
        // Exactly K tokens: an end-of-sequence token does not stop the continuation, so every
        // score averages K positions. An instruct model often ends a plain-text prompt at once,
        // and a one-position score would carry far less evidence than the mode assumes.
        let continuation = try modelCall { () throws(ModelError) in
            try reference.generate(prompt: tokens, maxTokens: continuationTokens, stop: [])
        }
        return try scored(prompt, tokens, continuation, referenceLogProbs: nil)
    }

    /// Scores a recorded challenge again, teacher-forcing the recorded continuation rather than
    /// generating one, and reports where that continuation is not this machine's greedy choice.
    ///
    /// Other matrix products round differently, so near a tie between the two likeliest tokens
    /// they may pick the other one; generating again would then score a different text. Scoring
    /// the recorded tokens keeps the comparison about the same text, and the reported gaps say
    /// how close to a tie each disagreement is.
    public func rescore(prompt: String, continuation: [Int32]) throws(BehaviourError) -> (ScoredChallenge, [GreedyTie]) {
        let tokens = try promptTokens(prompt)
        let vocabulary = Int32(reference.hyper.vocabularySize)
        guard continuation.allSatisfy({ $0 >= 0 && $0 < vocabulary }) else {
            throw .scoring("the continuation has a token id outside the reference's vocabulary of \(vocabulary)")
        }
        let p = try referenceLogProbs(tokens, continuation)
        var ties: [GreedyTie] = []
        for (position, token) in continuation.enumerated() {
            let row = p[position]
            let top = row.indices.max { row[$0] < row[$1] }!
            if Int32(top) != token {
                ties.append(GreedyTie(position: position, recorded: token, top: Int32(top), gap: Double(row[top]) - Double(row[Int(token)])))
            }
        }
        return (try scored(prompt, tokens, continuation, referenceLogProbs: p), ties)
    }

    /// The reference's token count for `prompt` and its text for `continuation`: what a
    /// transcript line states about a challenge besides its score.
    public func describe(prompt: String, continuation: [Int32]) -> (promptTokens: Int, continuationText: String) {
        (referenceTokenizer.encode(prompt).count, referenceTokenizer.decode(continuation))
    }

    private func promptTokens(_ prompt: String) throws(BehaviourError) -> [Int32] {
        let tokens = referenceTokenizer.encode(prompt)
        guard !tokens.isEmpty else { throw .scoring("the prompt \"\(prompt)\" has no tokens") }
        return tokens
    }

    private func scored(_ prompt: String, _ tokens: [Int32], _ continuation: [Int32],
                        referenceLogProbs: [[Float]]?) throws(BehaviourError) -> ScoredChallenge {
        let text = referenceTokenizer.decode(continuation)
        switch method {
        case .meanTotalVariation:
            let p: [[Float]]
            if let referenceLogProbs { p = referenceLogProbs } else { p = try self.referenceLogProbs(tokens, continuation) }
            let q = try modelCall { () throws(ModelError) in
                try candidate.nextTokenLogProbs(tokens + continuation, from: tokens.count - 1)
            }
            guard q.count == continuation.count + 1 else {
                throw .scoring("the candidate returned \(q.count) distributions for \(continuation.count + 1) positions")
            }
            var sum = 0.0
            for position in continuation.indices {
                guard let tv = Distances.totalVariation(p[position], q[position]) else {
                    throw .scoring(
                        "continuation position \(position): the next-token distributions are not finite probabilities (reference \(reference.path), candidate \(candidate.path))")
                }
                sum += tv
            }
            return ScoredChallenge(promptTokens: tokens.count, continuation: continuation, continuationText: text,
                                   candidateText: nil, score: sum / Double(continuation.count))
        case .textEditDistance:
            let own = candidateTokenizer.encode(prompt)
            guard !own.isEmpty else { throw .scoring("the candidate tokenizes \"\(prompt)\" to nothing") }
            let generated = try modelCall { () throws(ModelError) in
                try candidate.generate(prompt: own, maxTokens: continuationTokens, stop: [])
            }
            let other = candidateTokenizer.decode(generated)
            return ScoredChallenge(promptTokens: tokens.count, continuation: continuation, continuationText: text,
                                   candidateText: other, score: Distances.truncatedEditDistance(text, other))
        }
    }

    /// The reference's next-token log-probabilities at the positions that predict each
    /// continuation token, then one more.
    private func referenceLogProbs(_ tokens: [Int32], _ continuation: [Int32]) throws(BehaviourError) -> [[Float]] {
        let p = try modelCall { () throws(ModelError) in
            try reference.nextTokenLogProbs(tokens + continuation, from: tokens.count - 1)
        }
        guard p.count == continuation.count + 1 else {
            throw .scoring("the reference returned \(p.count) distributions for \(continuation.count + 1) positions")
        }
        return p
    }

    private func modelCall<T>(_ body: () throws(ModelError) -> T) throws(BehaviourError) -> T {
        do { return try body() } catch { throw .scoring("\(error)") }
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
