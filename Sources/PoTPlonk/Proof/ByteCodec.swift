import CBN254
import Foundation
import PoTSystem
import PoTAlgebra

/// Why a key or proof file was rejected; every message names the file and the reason.
public enum PlonkFileError: Error, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case badMagic(path: String, expected: String)
    case unsupportedVersion(path: String, version: UInt32, supported: UInt32)
    case truncated(path: String)
    case malformed(path: String, reason: String)
    case tooLarge(path: String, bytes: UInt64, limit: UInt64)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): "\(path): cannot read: \(reason)"
        case let .cannotWrite(path, reason): "\(path): cannot write: \(reason)"
        case let .badMagic(path, expected): "\(path): not \(expected) (bad magic bytes)"
        case let .unsupportedVersion(path, version, supported):
            "\(path): format version \(version) is not supported (this build reads version \(supported))"
        case let .truncated(path): "\(path): truncated"
        case let .malformed(path, reason): "\(path): malformed: \(reason)"
        case let .tooLarge(path, bytes, limit): "\(path): \(bytes) bytes, more than the \(limit) this kind of file may have"
        }
    }
}

/// Builds the little-endian byte layout of keys and proofs (docs/plonk-format.md).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func string(_ s: String) {
        let b = Array(s.utf8)
        u32(UInt32(b.count))
        bytes += b
    }
    /// A scalar: 32 bytes, canonical, big-endian (as the transcript absorbs it).
    mutating func scalar(_ x: Fr) { bytes += x.bytes() }
    /// Many scalars at once (a key's columns), without an array per element.
    mutating func scalars(_ xs: [Fr]) {
        let start = bytes.count
        bytes += [UInt8](repeating: 0, count: 32 * xs.count)
        bytes.withUnsafeMutableBufferPointer { out in
            xs.withRawElements { x in
                for i in 0..<xs.count { bn254_fr_to_bytes_be(out.baseAddress! + start + 32 * i, x! + i) }
            }
        }
    }
    /// A G1 point, compressed (32 bytes, docs/encodings.md).
    mutating func point(_ p: G1) { bytes += p.compressed() }
    /// A G2 point, uncompressed (128 bytes).
    mutating func point(_ p: G2) { bytes += p.encoded() }
}

/// Reads what `ByteWriter` wrote, rejecting short input, non-canonical scalars and points off
/// the curve or outside the subgroup, with the file's name in every error.
struct ByteReader {
    let path: String
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    var remaining: Int { bytes.count - offset }

    /// Checks the magic bytes and the format version every file starts with.
    mutating func header(magic: [UInt8], version: UInt32, what: String) throws(PlonkFileError) {
        guard remaining >= magic.count, try raw(magic.count) == magic else { throw .badMagic(path: path, expected: what) }
        let found = try u32()
        guard found == version else { throw .unsupportedVersion(path: path, version: found, supported: version) }
    }

    mutating func raw(_ count: Int) throws(PlonkFileError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated(path: path) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u32() throws(PlonkFileError) -> UInt32 {
        try raw(4).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// A count that must not exceed `limit` (so a corrupt length cannot ask for unbounded memory).
    mutating func count(_ what: String, limit: Int) throws(PlonkFileError) -> Int {
        let v = try u32()
        guard v <= limit else { throw .malformed(path: path, reason: "\(what) count \(v) exceeds \(limit)") }
        return Int(v)
    }

    mutating func string(_ what: String, limit: Int = 4096) throws(PlonkFileError) -> String {
        let b = try raw(try count(what, limit: limit))
        guard let s = String(validating: b, as: UTF8.self) else { throw .malformed(path: path, reason: "\(what) is not UTF-8") }
        return s
    }

    mutating func scalar(_ what: String) throws(PlonkFileError) -> Fr {
        let b = try raw(32)
        do { return try Fr(bytes: b) } catch { throw .malformed(path: path, reason: "\(what): \(error)") }
    }

    /// `count` scalars at once (a key's columns): decoded in place, without an array per element.
    mutating func scalars(_ count: Int, _ what: String) throws(PlonkFileError) -> [Fr] {
        guard count >= 0, count <= remaining / 32 else { throw .truncated(path: path) }
        var out = [Fr](repeating: .zero, count: count)
        let start = offset
        let bad: Int? = bytes.withUnsafeBufferPointer { input in
            out.withMutableRawElements { o in
                for i in 0..<count where bn254_fr_from_bytes_be(o! + i, input.baseAddress! + start + 32 * i) != BN254_OK {
                    return i
                }
                return nil
            }
        }
        if let bad { throw .malformed(path: path, reason: "\(what) \(bad): not a canonical element of Fr") }
        offset += 32 * count
        return out
    }

    mutating func g1(_ what: String) throws(PlonkFileError) -> G1 {
        let b = try raw(32)
        do { return try G1(bytes: b) } catch { throw .malformed(path: path, reason: "\(what): \(error)") }
    }

    mutating func g2(_ what: String) throws(PlonkFileError) -> G2 {
        let b = try raw(128)
        do { return try G2(bytes: b) } catch { throw .malformed(path: path, reason: "\(what): \(error)") }
    }

    func expectEnd() throws(PlonkFileError) {
        guard remaining == 0 else { throw .malformed(path: path, reason: "\(remaining) bytes after the end") }
    }
}

/// Whole key and proof files: regular files only (PoTSystem.InputFile), capped before they are
/// read, written atomically.
enum FileBytes {
    static func read(_ path: String, limit: UInt64) throws(PlonkFileError) -> [UInt8] {
        let file: InputFile
        do { file = try InputFile(path: path) } catch { throw .cannotRead(path: path, reason: error.reason) }
        guard file.size <= limit else { throw .tooLarge(path: path, bytes: file.size, limit: limit) }
        do { return try file.read(Int(file.size), at: 0) } catch { throw .cannotRead(path: path, reason: error.reason) }
    }

    static func write(_ bytes: [UInt8], to path: String) throws(PlonkFileError) {
        do { try OutputFile.write(bytes, to: path, force: true) } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }
}
