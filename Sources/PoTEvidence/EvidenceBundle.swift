import Foundation
import PoTSystem

/// An evidence bundle: a manifest of claims and the parts that support them, in one file
/// (docs/bundle.md). ``encoded`` is the one writer and ``init(bytes:path:)`` the one reader.
public struct EvidenceBundle: Sendable {
    public static let magic = Array("PoT-BNDL".utf8)
    /// The version written. Version 1 (before the behavioural claim's score method and
    /// endpoint) is still read.
    public static let version = 2
    static let readableVersions: ClosedRange<Int> = 1...2
    /// Largest bundle file read, checked before reading: a demo bundle is tens of kilobytes,
    /// a training chain of thousands of step proofs a few megabytes.
    public static let maxBytes = 512 << 20
    static let maxManifestBytes = 64 << 20
    static let manifestTag = Array("MANI".utf8)

    public let manifest: Manifest
    /// Each part's bytes, in the order of `manifest.parts`.
    public let parts: [[UInt8]]

    /// A bundle whose manifest lists `parts`; the manifest's part digests are the producer's
    /// statement, and verification compares them with the bytes.
    public init(manifest: Manifest, parts: [[UInt8]]) {
        precondition(manifest.parts.count == parts.count, "the manifest lists \(manifest.parts.count) parts, \(parts.count) given")
        self.manifest = manifest
        self.parts = parts
    }

    /// The bytes of one part.
    public func bytes(of part: Int) -> [UInt8] { parts[part] }

    /// SHA-256 of the whole file: the name by which a bundle can be cited.
    public var digest: [UInt8] { SHA256.hash(encoded) }

    /// The file: magic, version, the manifest section, then one section per part.
    public var encoded: [UInt8] {
        var out = ByteSink()
        out.raw(Self.magic)
        out.u32(Self.version)
        let manifestBytes = manifest.encoded
        out.raw(Self.manifestTag)
        out.u64(manifestBytes.count)
        out.raw(manifestBytes)
        for (entry, bytes) in zip(manifest.parts, parts) {
            out.raw(entry.kind.tag)
            out.u64(bytes.count)
            out.raw(bytes)
        }
        return out.bytes
    }

    /// Writes the file under a temporary name and renames it into place.
    public func write(to path: String) throws(BundleError) {
        let partial = path + ".partial"
        do {
            try Data(encoded).write(to: URL(fileURLWithPath: partial))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw BundleError(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a bundle file, refusing one larger than ``maxBytes`` before reading it.
    public static func load(path: String) throws(BundleError) -> EvidenceBundle {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: UInt64(maxBytes)) } catch { throw BundleError(path: path, reason: error.reason) }
        return try EvidenceBundle(bytes: bytes, path: path)
    }

    /// Reads a bundle strictly: magic, version, the manifest, then exactly the parts it lists,
    /// each with its kind's tag and within its kind's size cap, and nothing after them.
    public init(bytes: [UInt8], path: String) throws(BundleError) {
        var cursor = ByteCursor(bytes, path: path)
        cursor.section = "header"
        guard bytes.count <= Self.maxBytes else {
            throw cursor.failure("\(bytes.count) bytes, more than the \(Self.maxBytes) a bundle may have", at: 0)
        }
        guard bytes.count >= Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw cursor.failure("not a PoT evidence bundle (the file does not start with \"PoT-BNDL\")", at: 0)
        }
        _ = try cursor.raw(Self.magic.count, "magic")
        let at = cursor.offset
        let version = try cursor.u32("version")
        guard Self.readableVersions.contains(version) else {
            throw cursor.failure("bundle format version \(version) is not supported (this build reads versions 1 and 2)", at: at)
        }

        cursor.section = "manifest"
        let manifestLength = try Self.sectionHeader(&cursor, tag: Self.manifestTag, name: "the manifest", limit: Self.maxManifestBytes)
        cursor.end = cursor.offset + manifestLength
        let manifest = try Manifest(reading: &cursor, version: version)
        cursor.end = bytes.count

        var parts: [[UInt8]] = []
        for (i, entry) in manifest.parts.enumerated() {
            cursor.section = "part \(i) (\(entry.kind.rawValue))"
            let length = try Self.sectionHeader(&cursor, tag: entry.kind.tag, name: "part \(i), a \(entry.kind.title),", limit: entry.kind.maxBytes)
            parts.append(try cursor.raw(length, "the \(entry.kind.title)"))
        }
        cursor.section = nil
        guard cursor.remaining == 0 else {
            throw cursor.failure("\(cursor.remaining) bytes after the last part the manifest lists")
        }
        self.init(manifest: manifest, parts: parts)
    }

    /// A section's tag, which must be `tag`, and its length, which must fit `limit` and the file.
    private static func sectionHeader(_ cursor: inout ByteCursor, tag: [UInt8], name: String, limit: Int) throws(BundleError) -> Int {
        let at = cursor.offset
        let found = try cursor.raw(4, "section tag")
        guard found == tag else {
            throw cursor.failure("expected \(name) (tag \(Manifest.printable(tag))), found tag \(Manifest.printable(found))", at: at)
        }
        let lengthAt = cursor.offset
        let length = try cursor.u64("section length")
        guard length <= UInt64(limit) else {
            throw cursor.failure("section length \(length) is more than the \(limit) bytes \(name) may have", at: lengthAt)
        }
        guard length <= UInt64(cursor.remaining) else {
            throw cursor.failure("section length \(length), but only \(cursor.remaining) bytes remain (truncated?)", at: lengthAt)
        }
        return Int(length)
    }
}
