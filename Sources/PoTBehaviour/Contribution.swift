import PoTSystem

/// The bytes mixed into the challenge key after the commitment is published: a nonce the
/// candidate's owner draws, or a public randomness beacon's value for a round that had not
/// happened when the commitment was published (the commitment names which, in
/// ``BehaviourParameters/contributionSource``).
public struct Contribution: Sendable, Equatable {
    /// Fewest bytes accepted: less would let an auditor who guesses the nonce grind.
    public static let minimumSize = 16
    /// Most bytes accepted; beacon values are 32 or 64 bytes.
    public static let maximumSize = 1024

    public let bytes: [UInt8]

    /// - Throws: ``BehaviourError/badContribution(_:)`` for a length outside 16…1024 bytes.
    public init(bytes: [UInt8]) throws(BehaviourError) {
        guard (Self.minimumSize...Self.maximumSize).contains(bytes.count) else {
            throw .badContribution("a contribution has \(Self.minimumSize) to \(Self.maximumSize) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh 32-byte nonce from the operating system's cryptographic generator.
    public static func nonce() -> Contribution {
        try! Contribution(bytes: RandomBytes.take(32))
    }

    public var hex: String { Hex.encode(bytes) }
}

/// A contribution as published: the commitment it answers and its bytes.
public struct ContributionRecord: TranscriptRecord {
    public var type = "contribution"
    /// The commitment value (hex) this contribution was given for.
    public let commitment: String
    public let value: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case type, commitment, value }

    public init(commitment: ChallengeCommitment, contribution: Contribution) {
        self.commitment = Hex.encode(commitment.value)
        value = contribution.hex
    }

    /// The contribution, once checked to answer `commitment`.
    public func contribution(for commitment: ChallengeCommitment) throws(BehaviourError) -> Contribution {
        guard self.commitment == Hex.encode(commitment.value) else {
            throw .badContribution("the contribution answers commitment \(self.commitment), not \(Hex.encode(commitment.value))")
        }
        guard let bytes = Hex.decode(value) else { throw .badContribution("the contribution value is not hex") }
        return try Contribution(bytes: bytes)
    }
}

extension ContributionRecord {
    /// Reads a contribution line strictly and checks it answers `commitment`.
    /// - Throws: ``BehaviourError/badContribution(_:)`` naming `place` and the reason.
    public static func read(_ line: String, at place: String, for commitment: ChallengeCommitment) throws(BehaviourError) -> Contribution {
        let record: ContributionRecord
        do { record = try TranscriptJSON.decode(ContributionRecord.self, from: line, at: place) } catch {
            throw .badContribution(error.description)
        }
        do { return try record.contribution(for: commitment) } catch { throw .badContribution("\(place): \(error)") }
    }
}
