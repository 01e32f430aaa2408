import PoTSystem

/// A published challenge commitment with everything needed to check it once K is revealed.
public struct CommitmentRecord: Codable, Sendable, Equatable {
    public var type = "commitment"
    public let runId: String
    public let mode: String
    public let alpha: Double
    public let gamma: Double
    public let delta: Double
    public let maxQueries: Int
    public let truncation: Double
    public let continuationTokens: Int
    public let promptBankSha256: String
    public let commitment: String
    public let salt: String

    public init(_ commitment: ChallengeCommitment) {
        let p = commitment.parameters
        runId = commitment.runID
        mode = p.mode
        alpha = p.sequential.alpha
        gamma = p.sequential.gamma
        delta = p.sequential.delta
        maxQueries = p.sequential.maxQueries
        truncation = p.sequential.truncation
        continuationTokens = p.continuationTokens
        promptBankSha256 = p.promptBankSHA256
        self.commitment = Hex.encode(commitment.value)
        salt = Hex.encode(commitment.salt)
    }

    /// The commitment this record states, after checking every parameter is in range.
    public func parsed() throws(BehaviourError) -> ChallengeCommitment {
        guard SequentialParameters.inRange(alpha: alpha, gamma: gamma, delta: delta, maxQueries: maxQueries, truncation: truncation),
              continuationTokens >= 1 else {
            throw .badCommitment("test parameters out of range (need 0 < α < 1, 0 < γ ≤ δ < 1, n_max ≥ 1, 0 < c < 1, K ≥ 1)")
        }
        guard let value = Hex.decode(commitment), value.count == 32, let salt = Hex.decode(salt) else {
            throw .badCommitment("the commitment or salt is not hex of the right length")
        }
        let sequential = SequentialParameters(alpha: alpha, gamma: gamma, delta: delta, maxQueries: maxQueries, truncation: truncation)
        let parameters = BehaviourParameters(mode: mode, sequential: sequential, continuationTokens: continuationTokens,
                                             promptBankSHA256: promptBankSha256)
        return ChallengeCommitment(runID: runId, parameters: parameters, salt: salt, value: value)
    }
}
