import PoTSystem

/// The header of one GGUF file (v2 or v3, little-endian), read by the toolkit itself in
/// bounded memory: key/values are hashed as they are found, tensor data is never read.
/// Layout (ggml docs/gguf.md): magic "GGUF", u32 version, u64 tensor count, u64 key/value
/// count, the key/values, the tensor infos, padding to `general.alignment` (default 32),
/// then tensor data at offsets relative to that point.
struct GGUFHeader {
    /// Keys that describe how a model is split into files, not the model; they stay out of
    /// the metadata root so a split model and the same model in one file commit alike.
    static let splitKeys: Set<[UInt8]> = [Array("split.no".utf8), Array("split.count".utf8), Array("split.tensors.count".utf8)]
    /// Tensor names are at most 64 bytes, keys at most 65535 (docs/gguf.md).
    static let maxNameBytes: UInt64 = 64
    static let maxKeyBytes: UInt64 = 65535
    /// ggml's GGML_MAX_DIMS.
    static let maxDimensions: UInt32 = 4

    struct Split {
        /// 0-based `split.no`.
        let number: UInt16
        let count: UInt16
        /// `split.tensors.count`: tensors in the whole set (recorded in every file by the writers).
        let totalTensors: Int32?
    }

    let version: UInt32
    let alignment: UInt64
    let dataOffset: UInt64
    let tensors: [TensorLayout]
    /// Excludes `splitKeys`.
    let metadata: [MetadataEntry]
    let split: Split?

    init(file: ModelFile, index: Int) throws(ModelFileError) {
        var cursor = FileCursor(file: file)
        guard try cursor.bytes(4, "the magic number") == Array("GGUF".utf8) else {
            throw ModelFileError(path: file.path, offset: 0, reason: "not a GGUF file (the first four bytes are not \"GGUF\")")
        }
        version = try cursor.u32("the version")
        guard version == 2 || version == 3 else {
            let swapped = version.byteSwapped
            throw ModelFileError(path: file.path, offset: 4, reason: swapped == 2 || swapped == 3
                ? "big-endian GGUF is not supported" : "unsupported GGUF version \(version) (2 and 3 are read)")
        }
        let countsOffset = cursor.offset
        let tensorCount = try cursor.u64("the tensor count")
        let kvCount = try cursor.u64("the key/value count")
        // Cheapest possible entries: a key/value of 13 bytes, a tensor info of 24.
        guard kvCount <= cursor.remaining / 13, tensorCount <= cursor.remaining / 24,
              kvCount * 13 + tensorCount * 24 <= cursor.remaining else {
            throw ModelFileError(path: file.path, offset: countsOffset,
                reason: "header claims \(tensorCount) tensors and \(kvCount) key/values, more than a file of \(file.size) bytes can hold (truncated or corrupt)")
        }

        var metadata: [MetadataEntry] = []
        var keys = Set<[UInt8]>()
        var alignment: UInt64 = 32
        var splitNumber: UInt16?, splitCount: UInt16?, splitTensors: Int32?
        for _ in 0..<kvCount {
            let start = cursor.offset
            let key = try Self.string(&cursor, "a metadata key", limit: Self.maxKeyBytes)
            guard let keyText = strictUTF8(key) else { throw cursor.failure("metadata key is not valid UTF-8", at: start) }
            guard keys.insert(key).inserted else { throw cursor.failure("duplicate metadata key \(keyText.quoted)", at: start) }
            let typeOffset = cursor.offset
            let type = try cursor.u32("the type of \(keyText.quoted)")
            func scalar(_ expected: UInt32, _ name: String) throws(ModelFileError) -> UInt64 {
                guard type == expected else {
                    throw cursor.failure("\(keyText.quoted) has value type \(type), expected \(name) (\(expected))", at: typeOffset)
                }
                let size = Self.scalarSizes[expected]!
                var value: UInt64 = 0
                for (i, byte) in try cursor.bytes(size, "the value of \(keyText.quoted)").enumerated() { value |= UInt64(byte) << (8 * i) }
                return value
            }
            switch keyText {
            case "general.alignment":
                alignment = try scalar(4, "uint32")
                guard alignment != 0, alignment & (alignment - 1) == 0 else {
                    throw cursor.failure("general.alignment \(alignment) is not a power of two", at: typeOffset + 4)
                }
            case "split.no": splitNumber = UInt16(try scalar(2, "uint16"))
            case "split.count": splitCount = UInt16(try scalar(2, "uint16"))
            case "split.tensors.count": splitTensors = Int32(truncatingIfNeeded: try scalar(5, "int32"))
            default: try Self.skipValue(&cursor, type: type, key: keyText, typeOffset: typeOffset, depth: 0)
            }
            if !Self.splitKeys.contains(key) {
                metadata.append(MetadataEntry(key: keyText, leaf: try Self.leaf(file, from: start, to: cursor.offset)))
            }
        }

        // Grown entry by entry (not reserved from the claimed count): memory follows the
        // header bytes actually present.
        var infos: [(tensor: TensorLayout, relative: UInt64, header: UInt64)] = []
        var names = Set<[UInt8]>()
        for _ in 0..<tensorCount {
            let start = cursor.offset
            let nameBytes = try Self.string(&cursor, "a tensor name", limit: Self.maxNameBytes)
            guard let name = strictUTF8(nameBytes) else { throw cursor.failure("tensor name is not valid UTF-8", at: start) }
            guard names.insert(nameBytes).inserted else { throw cursor.failure("duplicate tensor name \(name.quoted)", at: start) }
            let dimsOffset = cursor.offset
            let dimensionCount = try cursor.u32("the dimension count of \(name.quoted)")
            guard dimensionCount <= Self.maxDimensions else {
                throw cursor.failure("tensor \(name.quoted) has \(dimensionCount) dimensions, more than \(Self.maxDimensions)", at: dimsOffset)
            }
            var shape: [UInt64] = []
            for _ in 0..<dimensionCount {
                let dimension = try cursor.u64("a dimension of \(name.quoted)")
                guard dimension < 1 << 63 else { throw cursor.failure("tensor \(name.quoted) has a dimension of \(dimension), beyond int64") }
                shape.append(dimension)
            }
            let typeOffset = cursor.offset
            let typeID = try cursor.u32("the type of \(name.quoted)")
            guard let type = GGMLType.lookup(typeID) else {
                throw cursor.failure("tensor \(name.quoted) has unknown ggml type \(typeID)", at: typeOffset)
            }
            let relative = try cursor.u64("the data offset of \(name.quoted)")
            guard let length = Self.byteLength(shape: shape, type: type) else {
                throw cursor.failure("tensor \(name.quoted) of type \(type.name) and shape \(shape) has no valid byte size "
                    + "(the first dimension must be a multiple of \(type.blockSize) and the size must fit 64 bits)", at: dimsOffset)
            }
            infos.append((TensorLayout(name: name, dtype: type.name, shape: shape, byteLength: length, file: index, offset: 0),
                          relative, start))
        }

        let (dataOffset, overflow) = cursor.offset.addingReportingOverflow((alignment - cursor.offset % alignment) % alignment)
        guard !overflow else { throw cursor.failure("the data section does not fit 64 bits") }
        var tensors: [TensorLayout] = []
        tensors.reserveCapacity(infos.count)
        for info in infos {
            let t = info.tensor
            guard info.relative % alignment == 0 else {
                throw ModelFileError(path: file.path, offset: info.header,
                    reason: "tensor \(t.name.quoted) data offset \(info.relative) is not a multiple of the alignment \(alignment)")
            }
            let (offset, o1) = dataOffset.addingReportingOverflow(info.relative)
            let (end, o2) = offset.addingReportingOverflow(t.byteLength)
            guard !o1, !o2, end <= file.size else {
                throw ModelFileError(path: file.path, offset: info.header,
                    reason: "tensor \(t.name.quoted) data [\(o1 ? "overflow" : String(offset)), +\(t.byteLength)) extends beyond the end of the file (\(file.size) bytes)")
            }
            tensors.append(TensorLayout(name: t.name, dtype: t.dtype, shape: t.shape, byteLength: t.byteLength, file: index, offset: offset))
        }
        try Self.checkDisjoint(tensors, path: file.path)

        self.alignment = alignment
        self.dataOffset = dataOffset
        self.tensors = tensors
        self.metadata = metadata
        switch (splitNumber, splitCount) {
        case let (number?, count?):
            guard number < count else {
                throw ModelFileError(path: file.path, offset: countsOffset, reason: "split.no \(number) is not below split.count \(count)")
            }
            split = Split(number: number, count: count, totalTensors: splitTensors)
        case (nil, nil): split = nil
        default: throw ModelFileError(path: file.path, reason: "split.no and split.count must both be present or both absent")
        }
    }

    /// Value types 0–12 of docs/gguf.md with a fixed size (all but string 8 and array 9).
    static let scalarSizes: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]

    /// A GGUF string: u64 length, then that many bytes. The length is checked against
    /// `limit` and the bytes left before anything is allocated.
    private static func string(_ cursor: inout FileCursor, _ what: String, limit: UInt64) throws(ModelFileError) -> [UInt8] {
        let start = cursor.offset
        let length = try cursor.u64("the length of \(what)")
        guard length <= limit else { throw cursor.failure("\(what) is \(length) bytes, more than \(limit)", at: start) }
        try cursor.require(length, what)
        return try cursor.bytes(Int(length), what)
    }

    /// Steps over a value, checking every length against the bytes that remain. Arrays may
    /// nest (the spec allows it); depth is capped to keep recursion bounded.
    private static func skipValue(_ cursor: inout FileCursor, type: UInt32, key: String, typeOffset: UInt64, depth: Int) throws(ModelFileError) {
        if let size = scalarSizes[type] {
            try cursor.skip(UInt64(size), "the value of \(key.quoted)")
            return
        }
        switch type {
        case 8:
            try cursor.skip(try cursor.u64("a string length in \(key.quoted)"), "a string in \(key.quoted)")
        case 9:
            guard depth < 8 else { throw cursor.failure("\(key.quoted) nests arrays deeper than 8 levels") }
            let elementOffset = cursor.offset
            let element = try cursor.u32("the element type of \(key.quoted)")
            let countOffset = cursor.offset
            let count = try cursor.u64("the element count of \(key.quoted)")
            if let size = scalarSizes[element] {
                let (bytes, overflow) = count.multipliedReportingOverflow(by: UInt64(size))
                guard !overflow, bytes <= cursor.remaining else {
                    throw cursor.failure("\(key.quoted) claims \(count) elements, more than the file holds", at: countOffset)
                }
                try cursor.skip(bytes, "the elements of \(key.quoted)")
            } else {
                // A string takes at least 8 bytes, an array at least 12.
                guard count <= cursor.remaining / 8 else {
                    throw cursor.failure("\(key.quoted) claims \(count) elements, more than the file holds", at: countOffset)
                }
                for _ in 0..<count {
                    try skipValue(&cursor, type: element, key: key, typeOffset: elementOffset, depth: depth + 1)
                }
            }
        default:
            throw cursor.failure("\(key.quoted) has unknown value type \(type)", at: typeOffset)
        }
    }

    /// H(0x00 ‖ the key/value's bytes as stored), read again in small pieces.
    private static func leaf(_ file: ModelFile, from start: UInt64, to end: UInt64) throws(ModelFileError) -> Digest {
        var hasher = SHA256()
        hasher.update(MerkleTree.leafPrefix)
        var offset = start
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while offset < end {
            let count = Int(min(UInt64(buffer.count), end - offset))
            try file.read(into: &buffer, count: count, at: offset, what: "a key/value")
            hasher.update(buffer[0..<count])
            offset += UInt64(count)
        }
        return Digest(hasher.finalize())
    }

    /// Elements / block size × block bytes, or `nil` when the first dimension is not a whole
    /// number of blocks or the size overflows 64 bits.
    static func byteLength(shape: [UInt64], type: GGMLType) -> UInt64? {
        guard (shape.first ?? 1) % type.blockSize == 0 else { return nil }
        var elements: UInt64 = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            elements = product
        }
        let (bytes, overflow) = (elements / type.blockSize).multipliedReportingOverflow(by: type.blockBytes)
        return overflow ? nil : bytes
    }

    /// Tensor data may not overlap (gaps are allowed: GGUF pads between tensors).
    static func checkDisjoint(_ tensors: [TensorLayout], path: String) throws(ModelFileError) {
        let ordered = tensors.sorted { ($0.offset, $0.byteLength) < ($1.offset, $1.byteLength) }
        for (a, b) in zip(ordered, ordered.dropFirst()) where b.offset < a.offset + a.byteLength {
            throw ModelFileError(path: path, offset: b.offset,
                reason: "tensor \(b.name.quoted) data [\(b.offset), \(b.offset + b.byteLength)) overlaps tensor \(a.name.quoted) [\(a.offset), \(a.offset + a.byteLength))")
        }
    }
}
