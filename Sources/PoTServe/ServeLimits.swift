/// What one request may ask of the server.
public struct ServeLimits: Sendable, Equatable {
    /// The most top log-probabilities per generated token (`logprobs` in a request).
    public let maxTopK: Int
    /// The most tokens one request may generate (`max_tokens`); prompt and completion must
    /// also fit the model's context.
    public let maxTokens: Int
    /// The largest request body read, in bytes; a larger one is refused with 413 unread.
    public let maxBodyBytes: Int

    /// A prompt of a whole 4096-token context written as token ids takes about 30 KB; 1 MiB
    /// leaves room for long text prompts without letting a client make the server hold much.
    public static let defaultMaxBodyBytes = 1 << 20

    public init(maxTopK: Int, maxTokens: Int, maxBodyBytes: Int = defaultMaxBodyBytes) {
        precondition(maxTopK >= 0 && maxTokens >= 1 && maxBodyBytes >= 1)
        self.maxTopK = maxTopK
        self.maxTokens = maxTokens
        self.maxBodyBytes = maxBodyBytes
    }
}
