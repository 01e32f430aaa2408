import CBN254
import PoTAlgebra
import PoTSystem

/// The toolkit's SRS file, version 1 (docs/srs.md):
///
///     0    8   magic "PoT-SRS\0"
///     8    4   version (u32 LE) = 1
///     12   4   flags (u32 LE): bit 0 insecure development, bit 1 imported
///     16   4   k (u32 LE)
///     20   4   reserved, 0
///     24   8   n = number of G1 powers (u64 LE), n >= 2^k
///     32   128 [1]G2, uncompressed (EIP-197)
///     160  128 [τ]G2
///     288  64n [τ^i]G1, i = 0 ..< n, uncompressed (EIP-196)
///     end  32  SHA-256 of every byte before it
///
/// G2 comes first so that a verifier reads its key from the first 352 bytes.
extension SRS {
    static let magic: [UInt8] = Array("PoT-SRS".utf8) + [0]
    static let formatVersion: UInt32 = 1
    static let headerSize = 32
    static let g1Size = 64, g2Size = 128
    /// Points decoded per read: 1 MiB of file, a bounded buffer beside the final array.
    static let chunkPoints = 1 << 14

    /// The size in bytes of a version-1 file holding `g1Count` G1 powers.
    static func fileSize(g1Count: Int) -> UInt64 {
        UInt64(headerSize + 2 * g2Size + g1Size * g1Count + SHA256.digestSize)
    }

    /// Writes the SRS in the version-1 format, atomically (a temporary file renamed into place).
    public func write(to path: String) throws(SRSError) {
        let writer = try BinaryWriter(path: path)
        do throws(SRSError) {
            var hasher = SHA256()
            try Self.emit(&hasher, writer, Self.magic + Self.formatVersion.littleEndianBytes + flags.rawValue.littleEndianBytes
                + UInt32(k).littleEndianBytes + UInt32(0).littleEndianBytes + UInt64(g1Powers.count).littleEndianBytes)
            try Self.emit(&hasher, writer, g2.encoded() + tauG2.encoded())
            for start in stride(from: 0, to: g1Powers.count, by: Self.chunkPoints) {
                let end = min(start + Self.chunkPoints, g1Powers.count)
                var chunk = [UInt8](repeating: 0, count: (end - start) * Self.g1Size)
                g1Powers.withUnsafeBufferPointer { points in
                    chunk.withUnsafeMutableBufferPointer { out in
                        for i in start..<end {
                            bn254_g1_encode(out.baseAddress! + (i - start) * Self.g1Size, points.baseAddress! + i)
                        }
                    }
                }
                try Self.emit(&hasher, writer, chunk)
            }
            try writer.write(hasher.finalize())
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Reads an SRS file, checking its header, its checksum and every point (canonical, on the
    /// curve, in the subgroup). With `k`, only the first 2^k powers are kept: a large file
    /// serves a small circuit without holding all of it in memory.
    public static func load(path: String, k requestedK: Int? = nil) throws(SRSError) -> SRS {
        precondition((requestedK ?? 0) >= 0, "k is a log2 size, at least 0")
        let reader = try BinaryReader(path: path)
        var hasher = SHA256()

        guard reader.size >= UInt64(magic.count), try reader.read(magic.count) == magic else {
            throw .badMagic(path: path, expected: "a PoT SRS file")
        }
        hasher.update(magic)
        let header = try read(&hasher, reader, headerSize - magic.count)
        let version = UInt32(littleEndianBytes: Array(header[0..<4]))
        guard version == formatVersion else {
            throw .unsupportedVersion(path: path, version: version, supported: formatVersion)
        }
        let flags = Flags(rawValue: UInt32(littleEndianBytes: Array(header[4..<8])))
        guard Flags.known.isSuperset(of: flags) else {
            throw .malformed(path: path, reason: "unknown flag bits 0x\(String(flags.rawValue, radix: 16))")
        }
        let fileK = Int(UInt32(littleEndianBytes: Array(header[8..<12])))
        guard fileK <= Fr.twoAdicity else { throw .malformed(path: path, reason: "k = \(fileK) exceeds Fr's 2-adicity 28") }
        guard UInt32(littleEndianBytes: Array(header[12..<16])) == 0 else {
            throw .malformed(path: path, reason: "reserved header field is not zero")
        }
        let storedCount = UInt64(littleEndianBytes: Array(header[16..<24]))
        guard storedCount >= UInt64(1) << fileK, storedCount <= UInt64(1) << 32 else {
            throw .malformed(path: path, reason: "\(storedCount) G1 powers do not fit k = \(fileK)")
        }
        let g1Count = Int(storedCount)
        let expectedSize = fileSize(g1Count: g1Count)
        guard reader.size >= expectedSize else {
            throw .truncated(path: path, expectedBytes: expectedSize, actualBytes: reader.size)
        }
        guard reader.size == expectedSize else {
            throw .malformed(path: path, reason: "\(reader.size - expectedSize) bytes after the checksum")
        }
        let k = requestedK ?? fileK
        guard k <= fileK else { throw .tooSmall(path: path, available: fileK, requested: k) }

        let g2 = try decodeG2(read(&hasher, reader, g2Size), path: path, what: "[1]G2")
        let tauG2 = try decodeG2(read(&hasher, reader, g2Size), path: path, what: "[τ]G2")
        guard g2 == .generator else { throw .malformed(path: path, reason: "[1]G2 is not the standard generator") }

        let kept = requestedK == nil ? g1Count : 1 << k
        // Grown chunk by chunk as the points are read, never sized from the header alone: a
        // sparse file whose header claims 2^28 powers must not cost 16 GiB before one is read.
        var powers: [bn254_g1_affine] = []
        var index = 0
        while index < g1Count {
            let count = min(chunkPoints, g1Count - index)
            let chunk = try read(&hasher, reader, count * g1Size)
            let decodeCount = max(0, min(count, kept - index))
            if decodeCount > 0 {
                powers.append(contentsOf: repeatElement(bn254_g1_affine(), count: decodeCount))
                try decodeG1(chunk, count: decodeCount, into: &powers, at: index, path: path)
            }
            index += count
        }
        let stored = try reader.read(SHA256.digestSize)
        guard hasher.finalize() == stored else { throw .checksumMismatch(path: path) }
        guard G1(affine: powers[0]) == .generator else {
            throw .malformed(path: path, reason: "[τ^0]G1 is not the standard generator")
        }
        let srs = SRS(k: k, flags: flags, g1Powers: powers, g2: g2, tauG2: tauG2)
        try srs.checkAnchorable(path: path)
        return srs
    }

    private static func emit(_ hasher: inout SHA256, _ writer: BinaryWriter, _ bytes: [UInt8]) throws(SRSError) {
        hasher.update(bytes)
        try writer.write(bytes)
    }

    private static func read(_ hasher: inout SHA256, _ reader: BinaryReader, _ count: Int) throws(SRSError) -> [UInt8] {
        let bytes = try reader.read(count)
        hasher.update(bytes)
        return bytes
    }

    static func decodeG2(_ bytes: [UInt8], path: String, what: String) throws(SRSError) -> G2 {
        let point: G2
        do { point = try G2(bytes: bytes) } catch {
            throw .invalidPoint(path: path, what: what, index: 0, reason: error.description)
        }
        guard !point.isInfinity else { throw .invalidPoint(path: path, what: what, index: 0, reason: "the point at infinity") }
        return point
    }

    /// Decodes `count` uncompressed G1 points from `chunk` into `powers[start...]` on every
    /// core: decoding (Montgomery conversions and a curve check per point) is the load's cost.
    static func decodeG1(_ chunk: [UInt8], count: Int, into powers: inout [bn254_g1_affine], at start: Int, path: String) throws(SRSError) {
        let failure = LowestFailure()
        chunk.withUnsafeBufferPointer { bytes in
            powers.withUnsafeMutableBufferPointer { out in
                forEachRange(count) { range in
                    for i in range {
                        let point = out.baseAddress! + start + i
                        if bn254_g1_decode(point, bytes.baseAddress! + i * g1Size) != BN254_OK
                            || bn254_g1_affine_is_infinity(point) == 1 { failure.record(i) }
                    }
                }
            }
        }
        guard let i = failure.first else { return }
        let encoding = Array(chunk[(i * g1Size)..<((i + 1) * g1Size)])
        let reason: String
        do { _ = try G1(bytes: encoding); reason = "the point at infinity" } catch { reason = error.description }
        throw .invalidPoint(path: path, what: "[τ^i]G1", index: start + i, reason: reason)
    }
}
