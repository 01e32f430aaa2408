import PoTSystem

/// The key K every challenge seed is derived from:
///
///     K = HMAC-SHA-256(S, "PoT/behaviour/key/v2" ‖ 0x00 ‖ commitment ‖ lp(contribution))
///
/// S is the auditor's committed secret, `commitment` the 32-byte published commitment value
/// and the contribution the bytes given after publication (the candidate owner's nonce or a
/// public beacon value). Neither side chooses K: the auditor fixed S before seeing the
/// contribution, and the contributor does not know S. The commitment value in the message
/// ties K to one commitment, so one contribution cannot serve two.
public struct ChallengeKey: Sendable, Equatable, CustomStringConvertible {
    /// Domain-separation label of the derivation, version 2.
    public static let label = "PoT/behaviour/key/v2"

    public let bytes: [UInt8]

    public init(secret: AuditorSecret, commitment: ChallengeCommitment, contribution: Contribution) {
        var message = Array(Self.label.utf8)
        message.append(0)
        message += commitment.value
        message += Encoding.lengthPrefixed(contribution.bytes)
        bytes = HMACSHA256.authenticate(message, key: secret.bytes)
    }

    /// A key given as bytes, for known-answer checks of the seed derivation.
    /// - Throws: ``BehaviourError/badKey(_:)`` unless `bytes` has 32 bytes.
    public init(bytes: [UInt8]) throws(BehaviourError) {
        guard bytes.count == 32 else { throw .badKey("a challenge key has 32 bytes, not \(bytes.count)") }
        self.bytes = bytes
    }

    public var description: String { "ChallengeKey(redacted)" }
}
