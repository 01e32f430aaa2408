/// Why an SRS file (ours or a ceremony file being imported) was rejected. Every message names
/// the file and the reason, for the CLI to print as it is.
public enum SRSError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case badMagic(path: String, expected: String)
    case unsupportedVersion(path: String, version: UInt32, supported: UInt32)
    case truncated(path: String, expectedBytes: UInt64, actualBytes: UInt64)
    case malformed(path: String, reason: String)
    case invalidPoint(path: String, what: String, index: Int, reason: String)
    case checksumMismatch(path: String)
    case tooSmall(path: String, available: Int, requested: Int)
    /// `pot setup check`: the points decode but are not powers of one τ.
    case inconsistentPowers(path: String, reason: String)
    /// The SRS is well formed but useless or dangerous: one power, or a τ everyone knows.
    case degenerate(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "\(path): cannot open: \(reason)"
        case let .cannotWrite(path, reason): "\(path): cannot write: \(reason)"
        case let .badMagic(path, expected): "\(path): not \(expected) (bad magic bytes)"
        case let .unsupportedVersion(path, version, supported):
            "\(path): format version \(version) is not supported (this build reads version \(supported))"
        case let .truncated(path, expected, actual):
            "\(path): truncated: expected \(expected) bytes, found \(actual)"
        case let .malformed(path, reason): "\(path): malformed: \(reason)"
        case let .invalidPoint(path, what, index, reason): "\(path): \(what)[\(index)] is invalid: \(reason)"
        case let .checksumMismatch(path): "\(path): checksum mismatch: the file was altered or corrupted"
        case let .tooSmall(path, available, requested):
            "\(path): holds 2^\(available) powers, 2^\(requested) were requested"
        case let .inconsistentPowers(path, reason): "\(path): not a valid SRS: \(reason)"
        case let .degenerate(path, reason): "\(path): degenerate SRS, refused: \(reason)"
        }
    }
}
