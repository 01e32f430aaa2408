import PoTAlgebra
import PoTSystem

/// `runId` (docs/training.md, "Run identity"): the first 31 bytes of SHA-256 over the run's
/// configuration file as a big-endian integer, so it is always below r.
public enum RunIdentity {
    /// The run identity of a configuration file's bytes.
    public static func runId(configuration: [UInt8]) -> Fr {
        // One leading zero byte and 31 digest bytes: below 2^248 < r, so always canonical.
        try! Fr(bytes: [0] + SHA256.hash(configuration).prefix(31), bigEndian: true)
    }
}
