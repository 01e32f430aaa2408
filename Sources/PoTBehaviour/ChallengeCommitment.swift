import PoTSystem

/// A hiding, binding commitment to the auditor's secret, the run id and every parameter.
///
/// value = SHA-256("PoT/behaviour/commitment/v2" ‖ 0x00 ‖ lp(salt) ‖ lp(S) ‖ lp(run id) ‖ lp(parameters)),
/// lp = 8-byte big-endian length then the bytes, parameters as ``BehaviourParameters``'s
/// canonical bytes. Publishing it before the run fixes S, both models, the thresholds, the
/// scoring and the prompt bank; the random salt is public and makes each commitment
/// distinct, so one table of precomputed hashes cannot serve many commitments.
public struct ChallengeCommitment: Sendable, Equatable {
    /// Domain-separation label of the commitment, version 2.
    public static let label = "PoT/behaviour/commitment/v2"
    public static let saltSize = 32

    public let runID: String
    public let parameters: BehaviourParameters
    public let salt: [UInt8]
    /// The 32-byte digest.
    public let value: [UInt8]

    /// Commits with a fresh random salt.
    public init(secret: AuditorSecret, runID: String, parameters: BehaviourParameters) {
        self.init(secret: secret, runID: runID, parameters: parameters, salt: RandomBytes.take(Self.saltSize))
    }

    /// Commits with a given salt (for recomputation).
    public init(secret: AuditorSecret, runID: String, parameters: BehaviourParameters, salt: [UInt8]) {
        self.runID = runID
        self.parameters = parameters
        self.salt = salt
        value = Self.digest(secret: secret, runID: runID, parameters: parameters, salt: salt)
    }

    /// A published commitment, as read back from a file or a transcript.
    public init(runID: String, parameters: BehaviourParameters, salt: [UInt8], value: [UInt8]) {
        self.runID = runID
        self.parameters = parameters
        self.salt = salt
        self.value = value
    }

    /// Whether `secret` opens this commitment.
    public func isOpened(by secret: AuditorSecret) -> Bool {
        Self.digest(secret: secret, runID: runID, parameters: parameters, salt: salt) == value
    }

    static func digest(secret: AuditorSecret, runID: String, parameters: BehaviourParameters, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(Array(label.utf8) + [0])
        hasher.update(Encoding.lengthPrefixed(salt))
        hasher.update(Encoding.lengthPrefixed(secret.bytes))
        hasher.update(Encoding.lengthPrefixed(Array(runID.utf8)))
        hasher.update(Encoding.lengthPrefixed(parameters.canonicalBytes))
        return hasher.finalize()
    }
}
