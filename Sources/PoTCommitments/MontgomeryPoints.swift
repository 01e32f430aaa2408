import CBN254
import PoTAlgebra

/// Points as snarkjs (`toRprLEM`) and halo2curves (`write_raw`) store them: each coordinate
/// is the field element's Montgomery form x·2^256 mod p as four 64-bit little-endian limbs,
/// x before y, c0 before c1 in Fq2. The point at infinity is all zero.
///
/// Decoding goes through the canonical value (multiply by 2^-256) rather than reusing the
/// limbs as our own Montgomery form, so it does not depend on how the kernels store elements.
enum MontgomeryPoints {
    static let g1Size = 64, g2Size = 128

    /// 2^-256 mod p.
    static let rInverse: Fq = Fq(2).power(256).inverse!

    /// The coordinate at `bytes[offset ..< offset + 32]`, or nil when the limbs are not
    /// below p (not a reduced Montgomery form).
    static func coordinate(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> bn254_fp? {
        var limbs = [UInt64](repeating: 0, count: 4)
        for limb in 0..<4 {
            for byte in 0..<8 { limbs[limb] |= UInt64(bytes[offset + 8 * limb + byte]) << UInt64(8 * byte) }
        }
        var value = bn254_fp()
        guard bn254_fp_from_canonical(&value, limbs) == BN254_OK else { return nil }
        withUnsafePointer(to: rInverse.raw) { r in withUnsafeMutablePointer(to: &value) { bn254_fp_mul($0, $0, r) } }
        return value
    }

    /// Decodes `count` G1 points at `bytes[0...]` into `out[start...]` on every core; the
    /// lowest failing index and why, or nil when all are finite points on the curve.
    static func decodeG1(_ bytes: UnsafeBufferPointer<UInt8>, count: Int, into out: UnsafeMutableBufferPointer<bn254_g1_affine>, at start: Int) -> (index: Int, reason: String)? {
        let failure = LowestFailure()
        forEachRange(count) { range in
            for i in range {
                guard let x = coordinate(bytes, at: i * g1Size), let y = coordinate(bytes, at: i * g1Size + 32) else {
                    failure.record(i)
                    continue
                }
                out[start + i] = bn254_g1_affine(x: x, y: y)
                if bn254_g1_affine_is_on_curve(out.baseAddress! + start + i) != 1 { failure.record(i) }
            }
        }
        guard let i = failure.first else { return nil }
        guard coordinate(bytes, at: i * g1Size) != nil, coordinate(bytes, at: i * g1Size + 32) != nil else {
            return (i, "a coordinate is not a reduced Montgomery form (limbs ≥ p)")
        }
        return (i, bn254_g1_affine_is_infinity(out.baseAddress! + start + i) == 1 ? "the point at infinity" : "not on the curve")
    }

    /// One G2 point, checked to be on the twist, in the order-r subgroup, and finite.
    static func decodeG2(_ bytes: [UInt8]) -> Result<G2, MontgomeryPointError> {
        bytes.withUnsafeBufferPointer { b in
            let coordinates = (0..<4).map { coordinate(b, at: 32 * $0) }
            guard let xc0 = coordinates[0], let xc1 = coordinates[1], let yc0 = coordinates[2], let yc1 = coordinates[3] else {
                return .failure(.init(reason: "a coordinate is not a reduced Montgomery form (limbs ≥ p)"))
            }
            // Re-encode in the EIP-197 layout (c1 before c0, big-endian) so that the one
            // decoder with the curve and subgroup checks judges the point.
            let encoding = [xc1, xc0, yc1, yc0].flatMap { Fq(raw: $0).bytes() }
            do throws(AlgebraError) {
                let point = try G2(bytes: encoding)
                return point.isInfinity ? .failure(.init(reason: "the point at infinity")) : .success(point)
            } catch {
                return .failure(.init(reason: error.description))
            }
        }
    }
}

struct MontgomeryPointError: Error {
    let reason: String
}

extension BinaryReader {
    /// Reads `count` consecutive Montgomery-form G1 points from the current offset, one
    /// bounded chunk at a time; `what` names the array in errors.
    func readMontgomeryG1(count: Int, what: String) throws(SRSError) -> [bn254_g1_affine] {
        // Grown as chunks are read, not sized from the header's claim (see SRS.load).
        var points: [bn254_g1_affine] = []
        var index = 0
        while index < count {
            let chunkCount = min(SRS.chunkPoints, count - index)
            let chunk = try read(chunkCount * MontgomeryPoints.g1Size)
            points.append(contentsOf: repeatElement(bn254_g1_affine(), count: chunkCount))
            let failure = chunk.withUnsafeBufferPointer { bytes in
                points.withUnsafeMutableBufferPointer { out in
                    MontgomeryPoints.decodeG1(bytes, count: chunkCount, into: out, at: index)
                }
            }
            if let failure { throw .invalidPoint(path: path, what: what, index: index + failure.index, reason: failure.reason) }
            index += chunkCount
        }
        return points
    }

    /// Reads one Montgomery-form G2 point.
    func readMontgomeryG2(what: String, index: Int) throws(SRSError) -> G2 {
        switch MontgomeryPoints.decodeG2(try read(MontgomeryPoints.g2Size)) {
        case let .success(point): return point
        case let .failure(error): throw .invalidPoint(path: path, what: what, index: index, reason: error.reason)
        }
    }
}
