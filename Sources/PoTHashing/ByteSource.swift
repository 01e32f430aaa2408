/// Bytes read front to back by the header parsers, which report errors at `offset`.
protocol ByteSource {
    /// The file named in errors.
    var path: String { get }
    /// Offset of the next byte, counted from the start of the file.
    var offset: UInt64 { get }
    /// The next byte without consuming it; `nil` at the end.
    mutating func peek() throws(ModelFileError) -> UInt8?
    /// Consumes the byte `peek` returned.
    mutating func advance()
}

extension ByteSource {
    func failure(_ reason: String, at offset: UInt64? = nil) -> ModelFileError {
        ModelFileError(path: path, offset: offset ?? self.offset, reason: reason)
    }
}

/// A region of a model file read through a small buffer, so a header of any size is parsed
/// in bounded memory. Reading past `end` is an error naming the field being read.
struct FileCursor: ByteSource {
    let file: ModelFile
    /// First offset that is not part of the region.
    let end: UInt64
    private(set) var offset: UInt64
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var bufferStart: UInt64 = 0
    private var bufferCount = 0

    init(file: ModelFile, from start: UInt64 = 0, end: UInt64? = nil) {
        self.file = file
        self.offset = start
        self.end = min(end ?? file.size, file.size)
    }

    var path: String { file.path }
    var remaining: UInt64 { end - offset }

    mutating func peek() throws(ModelFileError) -> UInt8? {
        guard offset < end else { return nil }
        if offset < bufferStart || offset >= bufferStart + UInt64(bufferCount) {
            let count = Int(min(UInt64(buffer.count), end - offset))
            try file.read(into: &buffer, count: count, at: offset, what: "the header")
            bufferStart = offset
            bufferCount = count
        }
        return buffer[Int(offset - bufferStart)]
    }

    mutating func advance() { offset += 1 }

    /// Checks that `count` more bytes exist before reading or skipping them.
    func require(_ count: UInt64, _ what: @autoclosure () -> String) throws(ModelFileError) {
        guard count <= remaining else {
            let place = end == file.size ? "the file is truncated: it ends at byte \(end)"
                                         : "the header ends at byte \(end)"
            throw failure("\(place) inside \(what()) (\(count) bytes needed, \(remaining) left)")
        }
    }

    mutating func bytes(_ count: Int, _ what: @autoclosure () -> String) throws(ModelFileError) -> [UInt8] {
        try require(UInt64(count), what())
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            out.append(try peek()!)
            advance()
        }
        return out
    }

    mutating func skip(_ count: UInt64, _ what: @autoclosure () -> String) throws(ModelFileError) {
        try require(count, what())
        offset += count
    }

    mutating func u32(_ what: @autoclosure () -> String) throws(ModelFileError) -> UInt32 {
        try integer(UInt32.self, what())
    }

    mutating func u64(_ what: @autoclosure () -> String) throws(ModelFileError) -> UInt64 {
        try integer(UInt64.self, what())
    }

    /// A little-endian integer. `what` is only evaluated for an error message: headers hold
    /// millions of fields, and formatting a description for each would dominate parsing.
    private mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(ModelFileError) -> T {
        try require(UInt64(T.bitWidth / 8), what())
        var value: T = 0
        for i in 0..<(T.bitWidth / 8) {
            value |= T(try peek()!) << (8 * i)
            advance()
        }
        return value
    }
}

/// Bytes already in memory: commitment and proof files.
struct ArraySource: ByteSource {
    let path: String
    let bytes: [UInt8]
    private var index = 0

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    var offset: UInt64 { UInt64(index) }
    mutating func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }
}
