import Foundation

/// Reads a file front to back in caller-sized pieces, so that a multi-gigabyte SRS never sits
/// in memory twice; every failure names the file.
final class BinaryReader {
    let path: String
    let size: UInt64
    private(set) var offset: UInt64 = 0
    private let handle: FileHandle

    init(path: String) throws(SRSError) {
        self.path = path
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType != .typeDirectory else {
                throw SRSError.cannotOpen(path: path, reason: "is a directory")
            }
            size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch let error as SRSError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    deinit { try? handle.close() }

    /// Exactly `count` bytes, or `.truncated` when the file ends first.
    func read(_ count: Int) throws(SRSError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard offset + UInt64(count) <= size else {
            throw .truncated(path: path, expectedBytes: offset + UInt64(count), actualBytes: size)
        }
        let data: Data?
        do { data = try handle.read(upToCount: count) } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        guard let data, data.count == count else {
            throw .truncated(path: path, expectedBytes: offset + UInt64(count), actualBytes: offset + UInt64(data?.count ?? 0))
        }
        offset += UInt64(count)
        return [UInt8](data)
    }

    func seek(to position: UInt64) throws(SRSError) {
        guard position <= size else { throw .truncated(path: path, expectedBytes: position, actualBytes: size) }
        do { try handle.seek(toOffset: position) } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        offset = position
    }

    func readUInt32() throws(SRSError) -> UInt32 { UInt32(littleEndianBytes: try read(4)) }
    func readUInt64() throws(SRSError) -> UInt64 { UInt64(littleEndianBytes: try read(8)) }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

/// Writes a file under a temporary name and renames it into place only when complete, so an
/// interrupted run never leaves a truncated SRS under the real name.
final class BinaryWriter {
    let path: String
    private let partialPath: String
    private let handle: FileHandle

    init(path: String) throws(SRSError) {
        self.path = path
        partialPath = path + ".partial"
        guard FileManager.default.createFile(atPath: partialPath, contents: nil) else {
            throw .cannotWrite(path: path, reason: "cannot create \(partialPath)")
        }
        do { handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partialPath)) } catch {
            throw .cannotWrite(path: path, reason: BinaryReader.reason(error))
        }
    }

    func write(_ bytes: [UInt8]) throws(SRSError) {
        do { try handle.write(contentsOf: bytes) } catch {
            throw .cannotWrite(path: path, reason: BinaryReader.reason(error))
        }
    }

    /// Closes the file and moves it to its final name, replacing any older file there.
    func commit() throws(SRSError) {
        do {
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partialPath, toPath: path)
        } catch {
            throw .cannotWrite(path: path, reason: BinaryReader.reason(error))
        }
    }

    /// Removes the partial file after a failure.
    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partialPath)
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
