/// The member names of a JSON object, in file order, and the shapes of the objects among its
/// values, as read by the strict parser of this module (RFC 8259, duplicate keys refused).
///
/// Other stages whose records are decoded by Foundation, which silently keeps one of two equal
/// keys, check a record's shape first, so that a duplicated or unknown member is an error.
public struct JSONObjectShape: Sendable, Equatable {
    /// Member names in the order they appear; no name twice.
    public let keys: [String]
    /// The shape of every member whose value is an object.
    public let objects: [String: JSONObjectShape]

    /// Parses `bytes` as one JSON object.
    /// - Throws: ``ModelFileError`` naming `name`, the byte offset and the reason: malformed
    ///   JSON, a duplicate key, or a value that is not an object.
    public init(parsing bytes: [UInt8], name: String) throws(ModelFileError) {
        let value = try JSON.parse(bytes, path: name)
        guard value.members != nil else { throw ModelFileError(path: name, offset: 0, reason: "expected a JSON object") }
        self.init(value)
    }

    private init(_ value: JSON) {
        let members = value.members ?? []
        keys = members.map(\.key)
        var objects: [String: JSONObjectShape] = [:]
        for member in members where member.value.members != nil { objects[member.key] = JSONObjectShape(member.value) }
        self.objects = objects
    }
}
