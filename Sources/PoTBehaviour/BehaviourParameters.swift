/// Everything that fixes what a behavioural run asks and how it decides; the commitment binds
/// all of it, so the auditor cannot pick thresholds or prompts after seeing scores.
public struct BehaviourParameters: Sendable, Equatable {
    /// The mode name the parameters came from, or "custom".
    public let mode: String
    public let sequential: SequentialParameters
    /// K: tokens the reference generates after each prompt.
    public let continuationTokens: Int
    /// SHA-256 of the prompt bank file, hex.
    public let promptBankSHA256: String

    public init(mode: String, sequential: SequentialParameters, continuationTokens: Int, promptBankSHA256: String) {
        precondition(continuationTokens >= 1, "K must be positive")
        self.mode = mode
        self.sequential = sequential
        self.continuationTokens = continuationTokens
        self.promptBankSHA256 = promptBankSHA256
    }

    public init(mode: BehaviourMode, promptBankSHA256: String) {
        self.init(mode: mode.rawValue, sequential: mode.sequential, continuationTokens: mode.continuationTokens,
                  promptBankSHA256: promptBankSHA256)
    }

    /// One unambiguous line per field; doubles in Swift's shortest round-trip form, so equal
    /// parameters always give equal bytes.
    var canonicalBytes: [UInt8] {
        let s = sequential
        let text = """
            mode=\(mode)
            alpha=\(s.alpha)
            gamma=\(s.gamma)
            delta=\(s.delta)
            max_queries=\(s.maxQueries)
            truncation=\(s.truncation)
            continuation_tokens=\(continuationTokens)
            prompt_bank_sha256=\(promptBankSHA256)
            """
        return Array(text.utf8)
    }
}
