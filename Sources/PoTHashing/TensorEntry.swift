/// A tensor as committed: its description and the root of its bytes. Its leaf in the model's
/// tensor tree is H(0x00 ‖ str(name) ‖ str(dtype) ‖ u32 rank ‖ u64 dims… ‖ u64 byte length ‖
/// root), integers little-endian, str(s) = u64 byte length ‖ UTF-8 bytes.
public struct TensorEntry: Sendable, Equatable {
    public let name: String
    public let dtype: String
    public let shape: [UInt64]
    public let byteLength: UInt64
    public let root: Digest

    public init(name: String, dtype: String, shape: [UInt64], byteLength: UInt64, root: Digest) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteLength = byteLength
        self.root = root
    }

    /// The preimage of the leaf, after the 0x00 prefix.
    public var encoding: [UInt8] {
        var out: [UInt8] = []
        out.appendString(name)
        out.appendString(dtype)
        out.appendInteger(UInt32(shape.count))
        for dimension in shape { out.appendInteger(dimension) }
        out.appendInteger(byteLength)
        out += root.bytes
        return out
    }

    public var leaf: Digest { MerkleTree.leaf(encoding) }

    var json: JSON {
        .object(["name": .string(name), "dtype": .string(dtype), "shape": .array(shape.map { .number($0) }),
                 "byte_length": .number(byteLength), "root": .string(root.hex)])
    }

    /// Reads an entry written by `json`, naming `path` and the offset of what is wrong.
    init(json: JSON, path: String) throws(ModelFileError) {
        func fail(_ at: JSON, _ reason: String) -> ModelFileError { ModelFileError(path: path, offset: at.offset, reason: reason) }
        guard let members = json.members else { throw fail(json, "a tensor entry must be an object, found \(json.typeName)") }
        guard members.map(\.key) == ["name", "dtype", "shape", "byte_length", "root"] else {
            throw fail(json, "a tensor entry has the keys name, dtype, shape, byte_length, root in this order")
        }
        let values = members.map(\.value)
        guard let name = values[0].string else { throw fail(values[0], "name must be a string") }
        guard let dtype = values[1].string else { throw fail(values[1], "dtype must be a string") }
        guard let dims = values[2].array else { throw fail(values[2], "shape must be an array") }
        var shape: [UInt64] = []
        for dim in dims {
            guard let d = dim.uint64 else { throw fail(dim, "shape entries must be non-negative integers") }
            shape.append(d)
        }
        guard let byteLength = values[3].uint64 else { throw fail(values[3], "byte_length must be a non-negative integer") }
        guard let hex = values[4].string, let root = Digest(hex: hex) else { throw fail(values[4], "root must be 64 lowercase hex digits") }
        self.init(name: name, dtype: dtype, shape: shape, byteLength: byteLength, root: root)
    }
}

extension [UInt8] {
    mutating func appendInteger<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendString(_ s: String) {
        appendInteger(UInt64(s.utf8.count))
        append(contentsOf: s.utf8)
    }
}
