/// Why a model file could not be loaded or run; the message names the file, where in it the
/// problem is when that is known (a byte offset, a metadata key or a tensor), and the reason.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    /// The model file concerned.
    public let path: String
    /// Byte offset in the file of what is wrong, when known.
    public let offset: Int?
    /// The metadata key or tensor that is wrong, when there is one.
    public let field: String?
    /// What is wrong, in words a user can act on.
    public let reason: String

    public init(path: String, offset: Int? = nil, field: String? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.field = field
        self.reason = reason
    }

    /// `FILE: at byte N (FIELD): reason`, leaving out what is not known.
    public var description: String {
        let place = [offset.map { "at byte \($0)" }, field.map { "(\($0))" }].compactMap { $0 }
        return place.isEmpty ? "\(path): \(reason)" : "\(path): \(place.joined(separator: " ")): \(reason)"
    }
}
