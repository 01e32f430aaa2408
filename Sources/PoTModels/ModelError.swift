/// Why a model file could not be loaded or run; the message names the file and the reason.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    /// The model file concerned.
    public let path: String
    /// What is wrong, in words a user can act on.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
