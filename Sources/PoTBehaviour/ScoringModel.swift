import PoTModels

/// A local model as either side of a challenge sees it: the model, K, its tokenizer and its
/// vocabulary's identity. ``ReferenceScorer`` and ``CandidateScorer`` each hold one.
public struct ScoringModel {
    public let model: LanguageModel
    /// K, the continuation length.
    public let continuationTokens: Int
    public let vocabulary: VocabularyIdentity
    let tokenizer: Tokenizer

    public init(model: LanguageModel, continuationTokens: Int) throws(BehaviourError) {
        precondition(continuationTokens >= 1)
        self.model = model
        self.continuationTokens = continuationTokens
        do { tokenizer = try model.tokenizer() } catch { throw .scoring("cannot read a tokenizer: \(error)") }
        vocabulary = VocabularyIdentity(model: model, tokenizer: tokenizer)
    }

    /// The prompt under this model's tokenizer; an empty tokenization is refused.
    func promptTokens(_ prompt: String) throws(BehaviourError) -> [Int32] {
        let tokens = tokenizer.encode(prompt)
        guard !tokens.isEmpty else { throw .scoring("the prompt \"\(prompt)\" has no tokens") }
        return tokens
    }

    /// This model's next-token log-probabilities, teacher-forced on `tokens` + `continuation`,
    /// at the positions that predict each continuation token (the pass computes one more row,
    /// which no score reads).
    func logProbs(_ tokens: [Int32], _ continuation: [Int32]) throws(BehaviourError) -> [[Float]] {
        let p = try modelCall { () throws(ModelError) in
            try model.nextTokenLogProbs(tokens + continuation, from: tokens.count - 1)
        }
        guard p.count == continuation.count + 1 else {
            throw .scoring("\(model.path) returned \(p.count) distributions for \(continuation.count + 1) positions")
        }
        return Array(p.prefix(continuation.count))
    }
}

/// A model failure as the scoring error a run reports.
func modelCall<T>(_ body: () throws(ModelError) -> T) throws(BehaviourError) -> T {
    do { return try body() } catch { throw .scoring("\(error)") }
}
