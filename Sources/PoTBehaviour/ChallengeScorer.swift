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
        let tokens = referenceTokenizer.encode(prompt)
        guard !tokens.isEmpty else { throw .scoring("the prompt \"\(prompt)\" has no tokens") }
        do {
            // Exactly K tokens: an end-of-sequence token does not stop the continuation, so every
            // score averages K positions. An instruct model often ends a plain-text prompt at once,
            // and a one-position score would carry far less evidence than the mode assumes.
            let continuation = try reference.generate(prompt: tokens, maxTokens: continuationTokens, stop: [])
            let text = referenceTokenizer.decode(continuation)
            switch method {
            case .meanTotalVariation:
                let score = try totalVariation(tokens, continuation)
                return ScoredChallenge(promptTokens: tokens.count, continuation: continuation, continuationText: text,
                                       candidateText: nil, score: score)
            case .textEditDistance:
                let own = candidateTokenizer.encode(prompt)
                guard !own.isEmpty else { throw BehaviourError.scoring("the candidate tokenizes \"\(prompt)\" to nothing") }
                let other = candidateTokenizer.decode(try candidate.generate(prompt: own, maxTokens: continuationTokens, stop: []))
                return ScoredChallenge(promptTokens: tokens.count, continuation: continuation, continuationText: text,
                                       candidateText: other, score: Distances.truncatedEditDistance(text, other))
            }
        } catch let error as BehaviourError {
            throw error
        } catch {
            throw .scoring("\(error)")
        }
    }

    /// Mean TV over the positions that predict each continuation token.
    private func totalVariation(_ prompt: [Int32], _ continuation: [Int32]) throws -> Double {
        let sequence = prompt + continuation
        // Only the positions that predict a continuation token are read.
        let first = prompt.count - 1
        let p = try reference.nextTokenLogProbs(sequence, from: first)
        let q = try candidate.nextTokenLogProbs(sequence, from: first)
        guard p.count == sequence.count - first, q.count == sequence.count - first else {
            throw BehaviourError.scoring("a model returned \(p.count) and \(q.count) distributions for \(sequence.count - first) positions")
        }
        var sum = 0.0
        for position in first..<(sequence.count - 1) {
            guard let tv = Distances.totalVariation(p[position - first], q[position - first]) else {
                throw BehaviourError.scoring(
                    "position \(position): the next-token distributions are not finite probabilities (reference \(reference.path), candidate \(candidate.path))")
            }
            sum += tv
        }
        return sum / Double(continuation.count)
    }
}
