import CBN254

/// A point of G1: y^2 = x^3 + 3 over Fq.
public struct G1: CurveGroup {
    public var raw: bn254_g1
    public init(raw: bn254_g1) { self.raw = raw }
    public static let kernel = CurveKernel<bn254_g1, bn254_g1_affine>(
        generator: bn254_g1_generator, infinity: bn254_g1_set_infinity,
        add: bn254_g1_add, dbl: bn254_g1_dbl, neg: bn254_g1_neg, mul: bn254_g1_mul,
        isInfinity: bn254_g1_is_infinity, eq: bn254_g1_eq,
        toAffine: bn254_g1_to_affine, fromAffine: bn254_g1_from_affine,
        batchToAffine: bn254_g1_batch_to_affine, isOnCurve: bn254_g1_affine_is_on_curve,
        encode: bn254_g1_encode, decode: bn254_g1_decode,
        encodeCompressed: bn254_g1_encode_compressed, decodeCompressed: bn254_g1_decode_compressed,
        encodedSize: 64)

    /// The affine coordinates, or nil for the point at infinity.
    public var coordinates: (x: Fq, y: Fq)? {
        isInfinity ? nil : (Fq(raw: affine.x), Fq(raw: affine.y))
    }

    /// The point (x, y); throws ``AlgebraError/notOnCurve`` when it is not on the curve.
    public init(x: Fq, y: Fq) throws(AlgebraError) {
        let point = bn254_g1_affine(x: x.raw, y: y.raw)
        guard withUnsafePointer(to: point, { bn254_g1_affine_is_on_curve($0) }) == 1,
              !(x.isZero && y.isZero) else { throw .notOnCurve }
        self.init(affine: point)
    }
}

/// A point of G2: the order-r subgroup of the twist y^2 = x^3 + 3/(9+u) over Fq2.
public struct G2: CurveGroup {
    public var raw: bn254_g2
    public init(raw: bn254_g2) { self.raw = raw }
    public static let kernel = CurveKernel<bn254_g2, bn254_g2_affine>(
        generator: bn254_g2_generator, infinity: bn254_g2_set_infinity,
        add: bn254_g2_add, dbl: bn254_g2_dbl, neg: bn254_g2_neg, mul: bn254_g2_mul,
        isInfinity: bn254_g2_is_infinity, eq: bn254_g2_eq,
        toAffine: bn254_g2_to_affine, fromAffine: bn254_g2_from_affine,
        batchToAffine: bn254_g2_batch_to_affine, isOnCurve: bn254_g2_affine_is_on_curve,
        encode: bn254_g2_encode, decode: bn254_g2_decode,
        encodeCompressed: bn254_g2_encode_compressed, decodeCompressed: bn254_g2_decode_compressed,
        encodedSize: 128)

    /// Whether the point lies in the order-r subgroup. Values of this type built by the
    /// public API always do; this is the check the decoders apply.
    public var isInSubgroup: Bool { withUnsafePointer(to: raw) { bn254_g2_is_in_subgroup($0) } == 1 }
}

extension bn254_g1: @retroactive @unchecked Sendable {}
extension bn254_g1_affine: @retroactive @unchecked Sendable {}
extension bn254_g2: @retroactive @unchecked Sendable {}
extension bn254_g2_affine: @retroactive @unchecked Sendable {}
