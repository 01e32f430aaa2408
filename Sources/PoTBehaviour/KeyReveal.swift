/// What `pot challenge reveal` publishes once the decision is final and the transcript verifies.
public struct KeyReveal: TranscriptRecord {
    public var type = "reveal"
    public let runId: String
    public let commitment: String
    /// The auditor's secret S, hex; with the transcript's contribution it gives the key.
    public let secret: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case type, runId = "run_id", commitment, secret }

    public init(runId: String, commitment: String, secret: String) {
        self.runId = runId
        self.commitment = commitment
        self.secret = secret
    }
}
