import PoTSystem

/// Reads a file front to back in caller-sized pieces, so that a multi-gigabyte SRS never sits
/// in memory twice; regular files only (a FIFO or device is refused at once); every failure
/// names the file.
final class BinaryReader {
    let path: String
    let size: UInt64
    private(set) var offset: UInt64 = 0
    private let file: InputFile

    init(path: String) throws(SRSError) {
        self.path = path
        do { file = try InputFile(path: path) } catch { throw .cannotOpen(path: path, reason: error.reason) }
        size = file.size
    }

    /// Exactly `count` bytes, or `.truncated` when the file ends first.
    func read(_ count: Int) throws(SRSError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard UInt64(count) <= size - offset else {
            throw .truncated(path: path, expectedBytes: offset + UInt64(count), actualBytes: size)
        }
        let bytes: [UInt8]
        do { bytes = try file.read(count, at: offset) } catch { throw .cannotOpen(path: path, reason: error.description) }
        offset += UInt64(count)
        return bytes
    }

    func seek(to position: UInt64) throws(SRSError) {
        guard position <= size else { throw .truncated(path: path, expectedBytes: position, actualBytes: size) }
        offset = position
    }

    func readUInt32() throws(SRSError) -> UInt32 { UInt32(littleEndianBytes: try read(4)) }
    func readUInt64() throws(SRSError) -> UInt64 { UInt64(littleEndianBytes: try read(8)) }
}

/// Writes a file under a temporary name and renames it into place only when complete, so an
/// interrupted run never leaves a truncated SRS under the real name.
final class BinaryWriter {
    let path: String
    private let output: OutputFile

    init(path: String) throws(SRSError) {
        self.path = path
        do { output = try OutputFile(path: path, force: true) } catch { throw .cannotWrite(path: path, reason: error.reason) }
    }

    func write(_ bytes: [UInt8]) throws(SRSError) {
        do { try output.write(bytes) } catch { throw .cannotWrite(path: path, reason: error.reason) }
    }

    /// Moves the finished file to its final name, replacing any older file there.
    func commit() throws(SRSError) {
        do { try output.commit() } catch { throw .cannotWrite(path: path, reason: error.reason) }
    }

    /// Removes the partial file after a failure.
    func abandon() {
        output.abandon()
    }
}

extension FixedWidthInteger {
    /// The value of `bytes` read as a little-endian integer of this width.
    init(littleEndianBytes bytes: [UInt8]) {
        precondition(bytes.count == MemoryLayout<Self>.size)
        self = bytes.reversed().reduce(0) { $0 << 8 | Self($1) }
    }

    /// The little-endian bytes of the value.
    var littleEndianBytes: [UInt8] {
        (0..<MemoryLayout<Self>.size).map { UInt8(truncatingIfNeeded: self >> (8 * $0)) }
    }
}
