import PoTSystem

/// A SHA-256 digest: a tree root, a leaf or a node. Printed and parsed as 64 lowercase hex
/// digits; parsing rejects upper case so that one encoding stands for one value (an inclusion
/// proof must not survive a flipped case bit).
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Wraps a 32-byte SHA-256 output.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count == SHA256.digestSize, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Parses 64 lowercase hex digits; `nil` for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * SHA256.digestSize else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(SHA256.digestSize)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[i]), let low = Self.nibble(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
