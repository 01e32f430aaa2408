import PoTAlgebra
import PoTSystem

/// A Fiat–Shamir transcript over SHA-256: the prover and the verifier absorb the same labelled
/// messages in the same order and squeeze the same challenges. The byte-exact construction is
/// in docs/transcript.md; a change to it changes every proof, so it carries a version tag.
///
/// The state is a 32-byte chaining value rather than one running hash, because challenges are
/// squeezed in the middle of a transcript and `SHA256` cannot be forked.
public struct Transcript: Sendable {
    /// Prefix of the first hash input: keeps transcript hashes apart from every other SHA-256
    /// use in the toolkit (Merkle leaves and nodes start with 0x00 / 0x01).
    static let domainTag = Array("PoT-Transcript-v1".utf8)

    /// One byte per kind of message, so that values of different types never frame alike.
    enum Kind: UInt8 {
        case protocolLabel = 0x00
        case bytes = 0x01
        case scalar = 0x02
        case g1 = 0x03
        case g2 = 0x04
        case challenge = 0x10
    }

    private var state: [UInt8]

    /// Starts a transcript for one protocol; `protocolLabel` separates protocols (and their
    /// versions) that might otherwise absorb the same messages.
    public init(protocolLabel: String) {
        var hasher = SHA256()
        hasher.update(Self.domainTag)
        hasher.update(Self.frame(.protocolLabel, label: protocolLabel, data: []))
        state = hasher.finalize()
    }

    /// kind ‖ u32be(|label|) ‖ label ‖ u64be(|data|) ‖ data: lengths first, so no two
    /// different (label, data) pairs give the same bytes.
    static func frame(_ kind: Kind, label: String, data: [UInt8]) -> [UInt8] {
        let labelBytes = Array(label.utf8)
        var out: [UInt8] = [kind.rawValue]
        out.reserveCapacity(13 + labelBytes.count + data.count)
        out += bigEndian(UInt64(labelBytes.count), bytes: 4)
        out += labelBytes
        out += bigEndian(UInt64(data.count), bytes: 8)
        out += data
        return out
    }

    package static func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private mutating func absorb(_ kind: Kind, label: String, data: [UInt8]) {
        var hasher = SHA256()
        hasher.update(state)
        hasher.update(Self.frame(kind, label: label, data: data))
        state = hasher.finalize()
    }

    /// Absorbs an arbitrary byte string (public inputs, digests, parameters).
    public mutating func absorb(_ label: String, bytes: [UInt8]) { absorb(.bytes, label: label, data: bytes) }

    /// Absorbs a scalar as its canonical 32-byte big-endian encoding.
    public mutating func absorb(_ label: String, scalar: Fr) { absorb(.scalar, label: label, data: scalar.bytes()) }

    /// Absorbs a G1 point in its uncompressed 64-byte encoding (docs/encodings.md).
    public mutating func absorb(_ label: String, point: G1) { absorb(.g1, label: label, data: point.encoded()) }

    /// Absorbs a G2 point in its uncompressed 128-byte encoding (docs/encodings.md).
    public mutating func absorb(_ label: String, point: G2) { absorb(.g2, label: label, data: point.encoded()) }

    /// A challenge in Fr that depends on everything absorbed so far and on `label`. 64 hash
    /// bytes, read as a little-endian integer, are reduced modulo r, so the distance from
    /// uniform is below 2^-258 (docs/transcript.md). The squeeze itself is absorbed first, so
    /// two squeezes in a row give different challenges.
    public mutating func challenge(_ label: String) -> Fr {
        absorb(.challenge, label: label, data: [])
        let wide = expand(0) + expand(1)
        return Fr(wideBytes: wide)
    }

    /// SHA-256(state ‖ counter): 33-byte inputs, which no absorb produces (a frame alone is
    /// at least 13 bytes), so output blocks are separated from chaining steps.
    private func expand(_ counter: UInt8) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(state)
        hasher.update([counter])
        return hasher.finalize()
    }
}
