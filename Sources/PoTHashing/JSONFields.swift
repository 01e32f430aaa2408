/// Typed reads of one JSON object's members, for the documents the toolkit writes
/// (commitments, inclusion proofs); every error names the file and the offset.
struct JSONFields {
    let object: JSON
    let path: String

    func value(_ key: String) throws(ModelFileError) -> JSON { try object.member(key, path: path) }

    func failure(_ at: JSON, _ reason: String) -> ModelFileError {
        ModelFileError(path: path, offset: at.offset, reason: reason)
    }

    func string(_ key: String) throws(ModelFileError) -> String {
        let value = try value(key)
        guard let s = value.string else { throw failure(value, "\(key) must be a string") }
        return s
    }

    func integer(_ key: String) throws(ModelFileError) -> UInt64 {
        let value = try value(key)
        guard let n = value.uint64 else { throw failure(value, "\(key) must be a non-negative integer") }
        return n
    }

    func digest(_ key: String) throws(ModelFileError) -> Digest { try digest(value(key), named: key) }

    /// A digest that is not a member by itself (e.g. an element of an array), named `name` in errors.
    func digest(_ value: JSON, named name: String) throws(ModelFileError) -> Digest {
        guard let s = value.string, let d = Digest(hex: s) else { throw failure(value, "\(name) must be 64 lowercase hex digits") }
        return d
    }
}
