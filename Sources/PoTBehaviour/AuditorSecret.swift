import Foundation
import PoTSystem

/// The auditor's secret S: 32 bytes, committed to before the run and revealed after it.
///
/// S alone does not fix the challenges: the challenge key is HMAC(S, contribution)
/// (``ChallengeKey``), and the contribution is given only after the commitment to S is
/// published, so the auditor cannot try secrets until one gives a favourable run. Whoever
/// knows S and the contribution can predict every prompt, so S stays with the auditor until
/// the decision is final. `description` never prints it.
public struct AuditorSecret: Sendable, Equatable, CustomStringConvertible {
    /// Length in bytes; HMAC-SHA-256 gains nothing from longer keys.
    public static let size = 32

    public let bytes: [UInt8]

    /// - Throws: ``BehaviourError/badKey(_:)`` unless `bytes` has ``size`` bytes.
    public init(bytes: [UInt8]) throws(BehaviourError) {
        guard bytes.count == Self.size else {
            throw .badKey("an auditor secret has \(Self.size) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh secret from the operating system's cryptographic generator.
    public static func random() -> AuditorSecret {
        // Cannot throw: the length is right by construction.
        try! AuditorSecret(bytes: RandomBytes.take(size))
    }

    /// Reads a secret file: 64 hex digits, or the reveal record `pot challenge reveal` prints.
    public static func load(path: String) throws(BehaviourError) -> AuditorSecret {
        // A secret is 64 hex digits or one reveal line: 64 KiB is far more than either.
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: 1 << 16) } catch { throw .badKey("\(error)") }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw .badKey("\(path): the secret file is not UTF-8 text") }
        var hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if hex.hasPrefix("{") {
            let reveal: KeyReveal
            do { reveal = try TranscriptJSON.decode(KeyReveal.self, from: hex, at: path) } catch {
                throw .badKey("\(path): a JSON secret file must be the reveal record of `pot challenge reveal` (\(error))")
            }
            hex = reveal.secret
        }
        guard let bytes = Hex.decode(hex), bytes.count == size else {
            throw .badKey("\(path): expected \(2 * size) hex digits (a secret from `pot challenge commit --new-secret`)")
        }
        return try AuditorSecret(bytes: bytes)
    }

    /// The secret as hex, for the secret file and the reveal record only.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { "AuditorSecret(redacted)" }
}

/// Bytes from the operating system's cryptographic generator.
enum RandomBytes {
    static func take(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
