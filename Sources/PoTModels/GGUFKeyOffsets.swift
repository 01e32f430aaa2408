import CGGML

/// Where each metadata value and tensor description of a GGUF file starts, found by walking the
/// mapped header that ggml's reader has already accepted, so that an error about a value or a
/// tensor can name its byte offset.
///
/// Layout (ggml docs/gguf.md): magic, version (u32), tensor count and key/value count (u64),
/// then per key/value a u64-length key, a u32 type and the value (arrays: u32 element type, u64
/// count, elements; strings: u64 length, bytes), then per tensor a u64-length name, u32
/// dimension count, u64 dimensions, u32 type and u64 data offset.
extension GGUFFile {
    /// Byte offset of the value of `key`, or nil when the file has no such key.
    func valueOffset(of key: String) -> Int? {
        var walk = HeaderWalk(base: mapping, size: mappedSize, offset: 24)
        for _ in 0..<gguf_get_n_kv(gguf) {
            guard let name = walk.string() else { return nil }
            let valueStart = walk.offset + 4
            if name == key { return valueStart }
            guard let type = walk.u32(), walk.skipValue(type) else { return nil }
        }
        return nil
    }

    /// Byte offset of the description (name, shape, type, offset) of tensor `name`.
    func tensorInfoOffset(of name: String) -> Int? {
        var walk = HeaderWalk(base: mapping, size: mappedSize, offset: 24)
        for _ in 0..<gguf_get_n_kv(gguf) {
            guard walk.string() != nil, let type = walk.u32(), walk.skipValue(type) else { return nil }
        }
        for _ in 0..<gguf_get_n_tensors(gguf) {
            let start = walk.offset
            guard let tensor = walk.string() else { return nil }
            if tensor == name { return start }
            guard let dimensions = walk.u32(), walk.skip(8 * Int(dimensions) + 12) else { return nil }
        }
        return nil
    }

    /// Whether the metadata has `key`, of any type.
    func has(_ key: String) -> Bool { gguf_find_key(gguf, key) >= 0 }

    /// The token id stored under `key`, checked to name one of `count` tokens; nil when absent.
    func tokenID(_ key: String, below count: Int) throws(ModelError) -> Int32? {
        guard has(key) else { return nil }
        guard let id = integer(key) else { throw error(key, "is not an integer") }
        guard (0..<count).contains(id) else { throw error(key, "token id \(id) is outside the vocabulary of \(count)") }
        return Int32(id)
    }

    /// An error about the value of metadata `key`, placed at its byte offset when present.
    func error(_ key: String, _ reason: String) -> ModelError {
        ModelError(path: path, offset: valueOffset(of: key), field: key, reason: reason)
    }
}

/// A bounds-checked cursor over the mapped header; nil or false past the end of the file.
private struct HeaderWalk {
    let base: UnsafeMutableRawPointer
    let size: Int
    var offset: Int

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= size - offset else { return false }
        offset += count
        return true
    }

    mutating func u32() -> UInt32? {
        guard size - offset >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func u64() -> UInt64? {
        guard size - offset >= 8 else { return nil }
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func string() -> String? {
        guard let length = u64(), length <= UInt64(size - offset) else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + offset, count: Int(length)), as: UTF8.self)
        offset += Int(length)
        return text
    }

    /// Steps over a value of GGUF type `type` (arrays of arrays are not GGUF ggml reads).
    mutating func skipValue(_ type: UInt32) -> Bool {
        if let size = Self.scalarBytes[type] { return skip(size) }
        switch type {
        case GGUF_TYPE_STRING.rawValue:
            return string() != nil
        case GGUF_TYPE_ARRAY.rawValue:
            guard let element = u32(), let count = u64(), count <= UInt64(size) else { return false }
            if let width = Self.scalarBytes[element] { return skip(Int(count) * width) }
            guard element == GGUF_TYPE_STRING.rawValue else { return false }
            for _ in 0..<count where string() == nil { return false }
            return true
        default:
            return false
        }
    }

    private static let scalarBytes: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
}
