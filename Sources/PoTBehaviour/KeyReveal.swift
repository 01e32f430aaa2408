/// What `pot challenge reveal` publishes once the decision is final.
public struct KeyReveal: Codable, Sendable, Equatable {
    public var type = "reveal"
    public let runId: String
    public let commitment: String
    public let key: String

    public init(runId: String, commitment: String, key: String) {
        self.runId = runId
        self.commitment = commitment
        self.key = key
    }
}
