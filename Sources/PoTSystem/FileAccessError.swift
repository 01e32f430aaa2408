/// Why a file could not be opened, read or written: the file and the reason in words, with the
/// byte offset when the problem is at one place in it. `description` is the toolkit's one error
/// style, `FILE: at byte N: reason`.
public struct FileAccessError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let offset: UInt64?
    public let reason: String

    public init(path: String, offset: UInt64? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        offset.map { "\(path): at byte \($0): \(reason)" } ?? "\(path): \(reason)"
    }
}
