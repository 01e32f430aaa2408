import Foundation
import PoTSystem

/// The auditor's secret K: 32 bytes from which every challenge seed is derived.
///
/// Whoever knows K can predict every prompt of a run, so K stays with the auditor until the
/// decision is final; before that only its commitment is published. `description` never
/// prints the key, so logging a key by mistake does not leak it.
public struct ChallengeKey: Sendable, Equatable, CustomStringConvertible {
    /// Key length in bytes; HMAC-SHA-256 gains nothing from longer keys.
    public static let size = 32

    /// The raw key; publish it only at reveal.
    public let bytes: [UInt8]

    /// - Throws: ``BehaviourError/badKey(_:)`` unless `bytes` has ``size`` bytes.
    public init(bytes: [UInt8]) throws(BehaviourError) {
        guard bytes.count == Self.size else {
            throw .badKey("a challenge key has \(Self.size) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh key from the operating system's cryptographic generator.
    public static func random() -> ChallengeKey {
        var generator = SystemRandomNumberGenerator()
        // Cannot throw: the length is right by construction.
        return try! ChallengeKey(bytes: (0..<size).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Reads a key file: 64 hex digits, or the JSON line `pot challenge reveal` prints (its `key`).
    public static func load(path: String) throws(BehaviourError) -> ChallengeKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .badKey("\(path): cannot read the key file")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var hex = trimmed
        if trimmed.hasPrefix("{") {
            guard let reveal = TranscriptJSON.decode(KeyReveal.self, from: trimmed) else {
                throw .badKey("\(path): a JSON key file must be the reveal record of `pot challenge reveal`")
            }
            hex = reveal.key
        }
        guard let bytes = Hex.decode(hex), bytes.count == size else {
            throw .badKey("\(path): expected \(2 * size) hex digits (a key from `pot challenge commit --new-key`)")
        }
        return try ChallengeKey(bytes: bytes)
    }

    /// The key as hex, for the reveal record and key files only.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { "ChallengeKey(redacted)" }
}
