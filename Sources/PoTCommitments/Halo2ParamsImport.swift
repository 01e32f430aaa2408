import CBN254
import PoTAlgebra

/// Reads halo2's `ParamsKZG<Bn256>` as halo2-based tools write it with `SerdeFormat::RawBytes`
/// (ezkl's `gen_srs` among them):
///
///     u32 LE k
///     2^k × G1  g         = [τ^i]G1, 64 bytes each (x, y: Montgomery form, LE limbs)
///     2^k × G1  g_lagrange (the Lagrange basis; not used here, skipped)
///     G2  g2              = [1]G2, 128 bytes (x.c0, x.c1, y.c0, y.c1)
///     G2  s_g2            = [τ]G2
///
/// halo2's default `SerdeFormat::Processed` (compressed points, 32 + 64 bytes) is recognised
/// by its size and refused with a message saying so.
public enum Halo2ParamsImport {
    /// The first 2^k powers of the file at `path` (all of them when `k` is nil).
    public static func read(path: String, k requestedK: Int? = nil) throws(SRSError) -> SRS {
        precondition((requestedK ?? 0) >= 0, "k is a log2 size, at least 0")
        let reader = try BinaryReader(path: path)
        let fileK = Int(try reader.readUInt32())
        guard fileK <= Fr.twoAdicity else {
            throw .malformed(path: path, reason: "k = \(fileK) in the first 4 bytes is not a halo2 KZG params file for BN254")
        }
        let n = UInt64(1) << fileK
        let rawSize = 4 + 2 * n * UInt64(MontgomeryPoints.g1Size) + 2 * UInt64(MontgomeryPoints.g2Size)
        let processedSize = 4 + 2 * n * 32 + 2 * 64
        guard reader.size != processedSize else {
            throw .malformed(path: path, reason: "compressed (SerdeFormat::Processed) halo2 params are not supported; write them with SerdeFormat::RawBytes")
        }
        guard reader.size >= rawSize else { throw .truncated(path: path, expectedBytes: rawSize, actualBytes: reader.size) }
        guard reader.size == rawSize else {
            throw .malformed(path: path, reason: "\(reader.size - rawSize) bytes after s_g2 (expected a RawBytes ParamsKZG of k = \(fileK))")
        }
        let k = requestedK ?? fileK
        guard k <= fileK else { throw .tooSmall(path: path, available: fileK, requested: k) }

        let powers = try reader.readMontgomeryG1(count: 1 << k, what: "g")
        try reader.seek(to: rawSize - 2 * UInt64(MontgomeryPoints.g2Size))
        let g2 = try reader.readMontgomeryG2(what: "g2", index: 0)
        let tauG2 = try reader.readMontgomeryG2(what: "s_g2", index: 0)
        guard G1(affine: powers[0]) == .generator, g2 == .generator else {
            throw .malformed(path: path, reason: "g[0] or g2 is not the standard BN254 generator")
        }
        let srs = SRS(k: k, flags: .imported, g1Powers: powers, g2: g2, tauG2: tauG2)
        try srs.checkAnchorable(path: path)
        return srs
    }
}
