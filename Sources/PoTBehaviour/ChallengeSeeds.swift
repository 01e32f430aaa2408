import PoTSystem

/// Per-challenge seeds s_i = HMAC-SHA-256(K, label ‖ run id ‖ i).
///
/// HMAC is a pseudorandom function, so without K the seeds of unseen challenges look random
/// even to someone who has seen the earlier ones; the run id keeps two runs under one key
/// from sharing prompts. The run id is length-prefixed so that no (run id, i) pair can
/// encode the same bytes as another.
public enum ChallengeSeeds {
    /// Domain-separation label of seed derivation, version 1.
    public static let label = "PoT/behaviour/seed/v1"

    /// s_i for challenge `index` (0-based) of run `runID`.
    public static func seed(key: ChallengeKey, runID: String, index: Int) -> [UInt8] {
        var message = Array(label.utf8)
        message.append(0)
        message += Encoding.lengthPrefixed(Array(runID.utf8))
        message += Encoding.bigEndian(UInt64(index))
        return HMACSHA256.authenticate(message, key: key.bytes)
    }
}

/// Byte encodings shared by the seed and commitment inputs.
enum Encoding {
    static func bigEndian(_ x: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: x >> (56 - 8 * $0)) } }

    /// An 8-byte big-endian length, then the bytes.
    static func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] { bigEndian(UInt64(bytes.count)) + bytes }
}
