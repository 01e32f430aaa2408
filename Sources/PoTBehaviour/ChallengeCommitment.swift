import PoTSystem

/// A hiding, binding commitment to the challenge key, the run id and the test parameters.
///
/// value = SHA-256(label ‖ 0x00 ‖ len‖salt ‖ len‖K ‖ len‖run id ‖ len‖parameters), each field
/// with an 8-byte length. Publishing it before the run fixes K (and so every prompt) and the
/// thresholds; the random salt is public and makes each commitment distinct, so one table of
/// precomputed hashes cannot serve many commitments.
public struct ChallengeCommitment: Sendable, Equatable {
    /// Domain-separation label of the commitment, version 1.
    public static let label = "PoT/behaviour/commitment/v1"
    public static let saltSize = 32

    public let runID: String
    public let parameters: BehaviourParameters
    public let salt: [UInt8]
    /// The 32-byte digest.
    public let value: [UInt8]

    /// Commits with a fresh random salt.
    public init(key: ChallengeKey, runID: String, parameters: BehaviourParameters) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltSize).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.init(key: key, runID: runID, parameters: parameters, salt: salt)
    }

    /// Commits with a given salt (for recomputation).
    public init(key: ChallengeKey, runID: String, parameters: BehaviourParameters, salt: [UInt8]) {
        self.runID = runID
        self.parameters = parameters
        self.salt = salt
        value = Self.digest(key: key, runID: runID, parameters: parameters, salt: salt)
    }

    /// A published commitment, as read back from a transcript.
    public init(runID: String, parameters: BehaviourParameters, salt: [UInt8], value: [UInt8]) {
        self.runID = runID
        self.parameters = parameters
        self.salt = salt
        self.value = value
    }

    /// Whether `key` opens this commitment.
    public func isOpened(by key: ChallengeKey) -> Bool {
        Self.digest(key: key, runID: runID, parameters: parameters, salt: salt) == value
    }

    static func digest(key: ChallengeKey, runID: String, parameters: BehaviourParameters, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(Array(label.utf8) + [0])
        hasher.update(Encoding.lengthPrefixed(salt))
        hasher.update(Encoding.lengthPrefixed(key.bytes))
        hasher.update(Encoding.lengthPrefixed(Array(runID.utf8)))
        hasher.update(Encoding.lengthPrefixed(parameters.canonicalBytes))
        return hasher.finalize()
    }
}
