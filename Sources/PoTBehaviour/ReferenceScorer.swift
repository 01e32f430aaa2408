import PoTModels

/// The reference's half of a challenge: its tokens, greedy continuation and, for the
/// distribution score, its next-token log-probabilities. Needs no candidate, so a local audit
/// can run it over every challenge before the candidate is loaded (``OneModelAtATime``).
public final class ReferenceScorer {
    public let local: ScoringModel
    public var model: LanguageModel { local.model }
    /// K, the continuation length.
    public var continuationTokens: Int { local.continuationTokens }
    public var vocabulary: VocabularyIdentity { local.vocabulary }
    var tokenizer: Tokenizer { local.tokenizer }

    public init(model: LanguageModel, continuationTokens: Int) throws(BehaviourError) {
        local = try ScoringModel(model: model, continuationTokens: continuationTokens)
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

    func promptTokens(_ prompt: String) throws(BehaviourError) -> [Int32] { try local.promptTokens(prompt) }

    func logProbs(_ tokens: [Int32], _ continuation: [Int32]) throws(BehaviourError) -> [[Float]] {
        try local.logProbs(tokens, continuation)
    }
}
