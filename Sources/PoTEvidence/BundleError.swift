/// Why a bundle file could not be read: the file, the byte offset and the section where
/// reading stopped, and the reason. A bundle that reads but whose claims fail is not an error
/// here; it gets a ``BundleVerification`` with failing checks.
public struct BundleError: Error, Equatable, CustomStringConvertible {
    public let path: String
    /// Offset of the offending field from the start of the file, when reading got that far.
    public let offset: Int?
    /// The section being read (`header`, `manifest`, `section 3 (PROF)`), when there is one.
    public let section: String?
    public let reason: String

    public init(path: String, offset: Int? = nil, section: String? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.section = section
        self.reason = reason
    }

    public var description: String {
        var place = path
        if let offset { place += ": at byte \(offset)" }
        if let section { place += " (\(section))" }
        return "\(place): \(reason)"
    }
}
