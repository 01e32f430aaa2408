import CBN254
import PoTAlgebra

/// Reads a snarkjs powers-of-tau file (`.ptau`, the Perpetual Powers of Tau and Hermez
/// ceremony outputs), as snarkjs's `binfileutils.js` and `powersoftau_new.js` lay it out:
///
///     "ptau"  u32 LE version (1)  u32 LE number of sections
///     per section: u32 LE id, u64 LE byte size, then the bytes
///     section 1 header:  u32 n8 (= 32), n8 bytes q (LE, the base-field prime), u32 power, u32 ceremony power
///     section 2 tauG1:   (2^(power+1) − 1) × G1, [τ^i]G1 (x, y: Montgomery form, LE limbs)
///     section 3 tauG2:   2^power × G2, [τ^i]G2 (x.c0, x.c1, y.c0, y.c1)
///     sections 4–7 (alphaTauG1, betaTauG1, betaG2, contributions) and the phase-2 Lagrange
///     sections of "prepared" files are not needed for KZG and are skipped.
public enum PtauImport {
    static let magic = Array("ptau".utf8)
    static let supportedVersion: UInt32 = 1

    struct Section {
        let offset: UInt64
        let size: UInt64
    }

    /// The first 2^k powers of the ceremony (all 2^power when `k` is nil).
    public static func read(path: String, k requestedK: Int? = nil) throws(SRSError) -> SRS {
        precondition((requestedK ?? 0) >= 0, "k is a log2 size, at least 0")
        let reader = try BinaryReader(path: path)
        guard reader.size >= 4, try reader.read(4) == magic else { throw .badMagic(path: path, expected: "a snarkjs .ptau file") }
        let version = try reader.readUInt32()
        guard version == supportedVersion else {
            throw .unsupportedVersion(path: path, version: version, supported: supportedVersion)
        }
        let sections = try readSectionTable(reader)

        let header = try unique(1, "header", in: sections, path: path)
        try reader.seek(to: header.offset)
        let n8 = try reader.readUInt32()
        guard n8 == 32 else { throw .malformed(path: path, reason: "field elements of \(n8) bytes: not a BN254 ceremony") }
        let prime = try reader.read(32)
        guard prime == Fq.modulus.flatMap(\.littleEndianBytes) else {
            throw .malformed(path: path, reason: "the ceremony's curve is not BN254 (alt_bn128)")
        }
        let power = Int(try reader.readUInt32())
        _ = try reader.readUInt32()  // ceremony power: the size of the ceremony the file was cut from
        guard reader.offset - header.offset == header.size else {
            throw .malformed(path: path, reason: "header section of \(header.size) bytes, expected 44")
        }
        guard power <= Fr.twoAdicity else { throw .malformed(path: path, reason: "power \(power) exceeds Fr's 2-adicity 28") }
        let k = requestedK ?? power
        guard k <= power else { throw .tooSmall(path: path, available: power, requested: k) }

        let tauG1 = try unique(2, "tauG1", in: sections, path: path)
        let tauG2 = try unique(3, "tauG2", in: sections, path: path)
        let expectedG1 = (UInt64(2) << power - 1) * UInt64(MontgomeryPoints.g1Size)
        let expectedG2 = (UInt64(1) << power) * UInt64(MontgomeryPoints.g2Size)
        guard tauG1.size == expectedG1, tauG2.size == expectedG2 else {
            throw .malformed(path: path, reason: "tauG1/tauG2 sections of \(tauG1.size)/\(tauG2.size) bytes do not match power \(power)")
        }

        try reader.seek(to: tauG1.offset)
        let powers = try reader.readMontgomeryG1(count: 1 << k, what: "tauG1")
        try reader.seek(to: tauG2.offset)
        let g2 = try reader.readMontgomeryG2(what: "tauG2", index: 0)
        let tauTimesG2 = try reader.readMontgomeryG2(what: "tauG2", index: 1)
        guard G1(affine: powers[0]) == .generator, g2 == .generator else {
            throw .malformed(path: path, reason: "tauG1[0] or tauG2[0] is not the standard BN254 generator")
        }
        let srs = SRS(k: k, flags: .imported, g1Powers: powers, g2: g2, tauG2: tauTimesG2)
        try srs.checkAnchorable(path: path)
        return srs
    }

    /// Section id → every (offset, size) with that id, checked to lie inside the file.
    static func readSectionTable(_ reader: BinaryReader) throws(SRSError) -> [UInt32: [Section]] {
        let count = try reader.readUInt32()
        var sections: [UInt32: [Section]] = [:]
        for _ in 0..<count {
            let id = try reader.readUInt32()
            let size = try reader.readUInt64()
            let offset = reader.offset
            guard size <= reader.size - offset else {
                let (end, overflow) = offset.addingReportingOverflow(size)
                if !overflow { throw .truncated(path: reader.path, expectedBytes: end, actualBytes: reader.size) }
                throw .malformed(path: reader.path, reason: "at byte \(offset - 8): section \(id) claims \(size) bytes, "
                    + "the file has \(reader.size - offset) after its header")
            }
            sections[id, default: []].append(Section(offset: offset, size: size))
            try reader.seek(to: offset + size)
        }
        return sections
    }

    static func unique(_ id: UInt32, _ name: String, in sections: [UInt32: [Section]], path: String) throws(SRSError) -> Section {
        guard let found = sections[id] else { throw .malformed(path: path, reason: "no \(name) section (id \(id))") }
        guard found.count == 1 else { throw .malformed(path: path, reason: "\(found.count) \(name) sections (id \(id))") }
        return found[0]
    }
}
