/// Why a model file (or a shard of it) cannot be committed to: the file, the byte offset the
/// problem was found at when there is one, and the reason in words.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    /// Offset in the file of the field that is wrong, or `nil` when the file as a whole is
    /// (missing, unreadable, inconsistent with its siblings).
    public let offset: UInt64?
    public let reason: String

    public init(path: String, offset: UInt64? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        if let offset { "\(path): at byte \(offset): \(reason)" } else { "\(path): \(reason)" }
    }
}
