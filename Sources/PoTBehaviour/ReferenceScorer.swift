import PoTModels

/// The reference's half of a challenge: its tokens, greedy continuation and, for the
/// distribution score, its next-token log-probabilities. Needs no candidate, so a local audit
/// can run it over every challenge before the candidate is loaded (``OneModelAtATime``).
public final class ReferenceScorer {
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

    /// The reference's output for `prompt`; log-probabilities only where `method` reads them.
    public func output(prompt: String, method: ScoringMethod) throws(BehaviourError) -> ReferenceOutput {
        let tokens = try promptTokens(prompt)
        // Exactly K tokens: an end-of-sequence token does not stop the continuation, so every
        // score averages K positions. An instruct model often ends a plain-text prompt at once,
        // and a one-position score would carry far less evidence than the mode assumes.
        let continuation = try modelCall { () throws(ModelError) in
            try model.generate(prompt: tokens, maxTokens: continuationTokens, stop: [])
        }
        let logProbs = method == .meanTotalVariation ? try self.logProbs(tokens, continuation) : nil
        return ReferenceOutput(promptTokens: tokens, continuation: continuation,
                               continuationText: tokenizer.decode(continuation), logProbs: logProbs)
    }

    func promptTokens(_ prompt: String) throws(BehaviourError) -> [Int32] {
        let tokens = tokenizer.encode(prompt)
        guard !tokens.isEmpty else { throw .scoring("the prompt \"\(prompt)\" has no tokens") }
        return tokens
    }

    /// The reference's next-token log-probabilities at the positions that predict each
    /// continuation token (the pass computes one more row, which no score reads).
    func logProbs(_ tokens: [Int32], _ continuation: [Int32]) throws(BehaviourError) -> [[Float]] {
        let p = try modelCall { () throws(ModelError) in
            try model.nextTokenLogProbs(tokens + continuation, from: tokens.count - 1)
        }
        guard p.count == continuation.count + 1 else {
            throw .scoring("the reference returned \(p.count) distributions for \(continuation.count + 1) positions")
        }
        return Array(p.prefix(continuation.count))
    }
}

/// A model failure as the scoring error a run reports.
func modelCall<T>(_ body: () throws(ModelError) -> T) throws(BehaviourError) -> T {
    do { return try body() } catch { throw .scoring("\(error)") }
}
