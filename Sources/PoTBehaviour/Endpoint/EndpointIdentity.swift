import PoTSystem

/// What the commitment binds for a served model: no file and so no model root, but the
/// completions URL, the model name and k, hashed as
/// SHA-256("PoT/behaviour/endpoint/v1" ‖ 0x00 ‖ lp(url) ‖ lp(model) ‖ lp(k as decimal)),
/// lp = 8-byte big-endian length then the bytes; 64 hex digits, like a model root.
///
/// It names an address, not weights: what the server behind it runs is exactly what the
/// audit tests, and nothing binds it to answer the same way another day.
public enum EndpointIdentity {
    public static let label = "PoT/behaviour/endpoint/v1"

    public static func digest(url: String, model: String, topK: Int) -> String {
        var hash = SHA256()
        hash.update(Array(label.utf8) + [0])
        for part in [url, model, "\(topK)"] { hash.update(Encoding.lengthPrefixed(Array(part.utf8))) }
        return Hex.encode(hash.finalize())
    }
}
