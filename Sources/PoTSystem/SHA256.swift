import COpenSSL

/// Streaming SHA-256 over OpenSSL's EVP interface: the hash used outside circuits.
public struct SHA256: ~Copyable {
    /// Size of a digest in bytes.
    public static let digestSize = 32
    private let context: OpaquePointer

    /// SHA-256 fetched once: `EVP_sha256()` makes every init look the algorithm up again in
    /// OpenSSL 3, which costs more than hashing a short message (transcripts hash hundreds).
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, Self.algorithm ?? EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not allocate a SHA-256 context (out of memory)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Absorbs `bytes`.
    public mutating func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { buffer in
            _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
    }

    /// Returns the digest; the hasher is consumed.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.digestSize)
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(context, &out, &length)
        return out
    }

    /// SHA-256 of one buffer.
    public static func hash<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// HMAC-SHA-256 (RFC 2104) over OpenSSL.
public enum HMACSHA256 {
    /// The 32-byte tag of `message` under `key`.
    public static func authenticate<Key: ContiguousBytes, Message: ContiguousBytes>(
        _ message: Message, key: Key
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: SHA256.digestSize)
        var length: UInt32 = 0
        key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count),
                         m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
            }
        }
        return out
    }
}
