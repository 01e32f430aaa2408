import PoTSystem

/// The header of one safetensors file, read by the toolkit itself: u64 little-endian N,
/// N bytes of UTF-8 JSON (padded with spaces), then the data buffer. Each tensor has
/// `dtype`, `shape` and `data_offsets` [begin, end) relative to the buffer; `__metadata__`
/// maps strings to strings. As in the reference implementation, the tensors must tile the
/// buffer exactly: no gap, no overlap, nothing after the last one.
struct SafetensorsHeader {
    /// The reference implementation's limit on N.
    static let maxHeaderBytes: UInt64 = 100_000_000

    /// Bits per element by dtype name. Sub-byte types need a whole number of bytes in all.
    static let dtypeBits: [String: UInt64] = [
        "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8,
        "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
        "I32": 32, "U32": 32, "F32": 32,
        "I64": 64, "U64": 64, "F64": 64, "C64": 64,
        "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    ]

    let dataOffset: UInt64
    let tensors: [TensorLayout]
    let metadata: [MetadataEntry]
    /// `__metadata__` as pairs, for comparing shards.
    let metadataPairs: [(key: String, value: String)]

    init(file: ModelFile, index: Int) throws(ModelFileError) {
        var cursor = FileCursor(file: file)
        let headerLength = try cursor.u64("the 8-byte header length")
        guard headerLength <= Self.maxHeaderBytes else {
            throw ModelFileError(path: file.path, offset: 0, reason: "header length \(headerLength) exceeds the safetensors limit of \(Self.maxHeaderBytes) bytes")
        }
        guard headerLength <= cursor.remaining else {
            throw ModelFileError(path: file.path, offset: 0,
                reason: "header length \(headerLength) runs past the end of the file (\(file.size) bytes)")
        }
        let dataOffset = 8 + headerLength
        var parser = JSONParser(FileCursor(file: file, from: 8, end: dataOffset))
        try parser.beginObject()

        var entries: [(tensor: TensorLayout, begin: UInt64, header: UInt64)] = []
        var pairs: [(key: String, value: String)] = []
        var names = Set<[UInt8]>()
        var first = true
        while let (key, keyOffset) = try parser.nextMember(first: first) {
            first = false
            guard names.insert(key.bytes).inserted else {
                throw ModelFileError(path: file.path, offset: keyOffset, reason: "duplicate key \(key.quoted) in the header")
            }
            let value = try parser.value()
            if key.bytes == Array("__metadata__".utf8) {
                pairs = try Self.metadata(value, path: file.path)
            } else {
                entries.append(try Self.tensor(key, value, keyOffset: keyOffset, file: file, index: index, dataOffset: dataOffset))
            }
        }
        try parser.end()

        let bufferLength = file.size - dataOffset
        var expected: UInt64 = 0
        var previous: String?
        for entry in entries.sorted(by: { ($0.begin, $0.tensor.byteLength) < ($1.begin, $1.tensor.byteLength) }) {
            let t = entry.tensor
            let end = entry.begin + t.byteLength
            guard entry.begin == expected else {
                let reason = entry.begin < expected
                    ? "tensor \(t.name.quoted) data [\(entry.begin), \(end)) overlaps tensor \(previous!.quoted), which ends at \(expected)"
                    : "tensor \(t.name.quoted) data starts at \(entry.begin), leaving bytes [\(expected), \(entry.begin)) of the buffer unused"
                throw ModelFileError(path: file.path, offset: entry.header, reason: reason)
            }
            guard end <= bufferLength else {
                throw ModelFileError(path: file.path, offset: entry.header,
                    reason: "tensor \(t.name.quoted) data [\(entry.begin), \(end)) extends beyond the end of the file (the buffer holds \(bufferLength) bytes)")
            }
            expected = end
            previous = t.name
        }
        guard expected == bufferLength else {
            throw ModelFileError(path: file.path, offset: dataOffset + expected,
                reason: "\(bufferLength - expected) bytes after the last tensor belong to no tensor")
        }

        self.dataOffset = dataOffset
        self.tensors = entries.map(\.tensor)
        self.metadataPairs = pairs
        self.metadata = pairs.map { MetadataEntry(key: $0.key, leaf: Self.metadataLeaf(key: $0.key, value: $0.value)) }
    }

    /// A `__metadata__` entry is committed as a GGUF string key/value would be stored:
    /// H(0x00 ‖ u64 len ‖ key ‖ u32 8 ‖ u64 len ‖ value), so both formats share one rule.
    static func metadataLeaf(key: String, value: String) -> Digest {
        var bytes: [UInt8] = []
        bytes.appendString(key)
        bytes.appendInteger(UInt32(8))
        bytes.appendString(value)
        return MerkleTree.leaf(bytes)
    }

    private static func metadata(_ value: JSON, path: String) throws(ModelFileError) -> [(key: String, value: String)] {
        guard let members = value.members else {
            throw ModelFileError(path: path, offset: value.offset, reason: "__metadata__ must be an object, found \(value.typeName)")
        }
        var pairs: [(key: String, value: String)] = []
        for member in members {
            guard let text = member.value.string else {
                throw ModelFileError(path: path, offset: member.value.offset,
                    reason: "__metadata__ value of \(member.key.quoted) must be a string, found \(member.value.typeName)")
            }
            pairs.append((member.key, text))
        }
        return pairs
    }

    private static func tensor(_ name: String, _ value: JSON, keyOffset: UInt64, file: ModelFile, index: Int, dataOffset: UInt64)
        throws(ModelFileError) -> (tensor: TensorLayout, begin: UInt64, header: UInt64)
    {
        let path = file.path
        func fail(_ reason: String, _ at: JSON? = nil) -> ModelFileError {
            ModelFileError(path: path, offset: at?.offset ?? keyOffset, reason: "tensor \(name.quoted): \(reason)")
        }
        guard let members = value.members else { throw fail("expected an object, found \(value.typeName)", value) }
        for member in members where !["dtype", "shape", "data_offsets"].contains(member.key) {
            throw fail("unknown field \(member.key.quoted)", member.value)
        }
        let dtypeValue = try value.member("dtype", path: path)
        guard let dtype = dtypeValue.string else { throw fail("dtype must be a string", dtypeValue) }
        guard let bits = dtypeBits[dtype] else { throw fail("unknown dtype \(dtype.quoted)", dtypeValue) }
        let shapeValue = try value.member("shape", path: path)
        guard let dims = shapeValue.array else { throw fail("shape must be an array", shapeValue) }
        var shape: [UInt64] = []
        var elements: UInt64 = 1
        var overflow = false
        for dim in dims {
            guard let d = dim.uint64 else { throw fail("shape entries must be non-negative integers", dim) }
            shape.append(d)
            let (product, o) = elements.multipliedReportingOverflow(by: d)
            overflow = overflow || o
            elements = product
        }
        let (totalBits, o) = elements.multipliedReportingOverflow(by: bits)
        guard !overflow, !o else { throw fail("shape \(shape) is too large: its size overflows 64 bits", shapeValue) }
        guard totalBits % 8 == 0 else { throw fail("shape \(shape) of \(dtype) is not a whole number of bytes", shapeValue) }
        let offsetsValue = try value.member("data_offsets", path: path)
        guard let offsets = offsetsValue.array, offsets.count == 2, let begin = offsets[0].uint64, let end = offsets[1].uint64 else {
            throw fail("data_offsets must be two non-negative integers", offsetsValue)
        }
        guard begin <= end else { throw fail("data_offsets [\(begin), \(end)) end before they begin", offsetsValue) }
        guard end - begin == totalBits / 8 else {
            throw fail("data_offsets [\(begin), \(end)) hold \(end - begin) bytes but \(dtype) \(shape) needs \(totalBits / 8)", offsetsValue)
        }
        guard begin <= file.size - dataOffset else {
            throw fail("data_offsets [\(begin), \(end)) start beyond the end of the file (the buffer holds \(file.size - dataOffset) bytes)", offsetsValue)
        }
        let layout = TensorLayout(name: name, dtype: dtype, shape: shape, byteLength: end - begin, file: index, offset: dataOffset + begin)
        return (layout, begin, keyOffset)
    }
}
