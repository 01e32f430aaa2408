import CBN254

/// An element of the BN254 base field Fq (the coordinates of curve points).
public struct Fq: PrimeField {
    public var raw: bn254_fp
    public init(raw: bn254_fp) { self.raw = raw }
    public static let kernel = PrimeFieldKernel<bn254_fp>(
        zero: bn254_fp_zero, one: bn254_fp_one,
        modulus: withUnsafeBytes(of: bn254_fp_modulus) { Array($0.bindMemory(to: UInt64.self)) },
        add: bn254_fp_add, sub: bn254_fp_sub, mul: bn254_fp_mul, neg: bn254_fp_neg, sqr: bn254_fp_sqr,
        inv: bn254_fp_inv, batchInv: bn254_fp_batch_inv, pow: bn254_fp_pow,
        isZero: bn254_fp_is_zero, eq: bn254_fp_eq,
        fromCanonical: bn254_fp_from_canonical, toCanonical: bn254_fp_to_canonical,
        fromBytesBE: bn254_fp_from_bytes_be, fromBytesLE: bn254_fp_from_bytes_le,
        toBytesBE: bn254_fp_to_bytes_be, toBytesLE: bn254_fp_to_bytes_le,
        fromWideLE: bn254_fp_from_bytes_wide_le)

    /// A square root when one exists (which of the two roots is unspecified).
    public var squareRoot: Fq? {
        var r = self
        return withUnsafePointer(to: raw) { bn254_fp_sqrt(&r.raw, $0) } == 1 ? r : nil
    }
}

/// An element of the BN254 scalar field Fr (the field of circuits, witnesses and scalars).
public struct Fr: PrimeField {
    public var raw: bn254_fr
    public init(raw: bn254_fr) { self.raw = raw }
    public static let kernel = PrimeFieldKernel<bn254_fr>(
        zero: bn254_fr_zero, one: bn254_fr_one,
        modulus: withUnsafeBytes(of: bn254_fr_modulus) { Array($0.bindMemory(to: UInt64.self)) },
        add: bn254_fr_add, sub: bn254_fr_sub, mul: bn254_fr_mul, neg: bn254_fr_neg, sqr: bn254_fr_sqr,
        inv: bn254_fr_inv, batchInv: bn254_fr_batch_inv, pow: bn254_fr_pow,
        isZero: bn254_fr_is_zero, eq: bn254_fr_eq,
        fromCanonical: bn254_fr_from_canonical, toCanonical: bn254_fr_to_canonical,
        fromBytesBE: bn254_fr_from_bytes_be, fromBytesLE: bn254_fr_from_bytes_le,
        toBytesBE: bn254_fr_to_bytes_be, toBytesLE: bn254_fr_to_bytes_le,
        fromWideLE: bn254_fr_from_bytes_wide_le)

    /// Fr has 2-adicity 28: multiplicative subgroups of every order 2^k, k <= 28, exist.
    public static let twoAdicity = 28

    /// A primitive 2^k-th root of unity, k <= 28 (the NTT domains).
    public static func rootOfUnity(log2Order k: Int) -> Fr {
        precondition((0...twoAdicity).contains(k), "Fr has roots of unity of order 2^k for k <= 28 only")
        var root = Fr(raw: bn254_fr_root_of_unity_2_28)
        for _ in k..<twoAdicity { root = root.squared }
        return root
    }
}

extension bn254_fp: @retroactive @unchecked Sendable {}
extension bn254_fr: @retroactive @unchecked Sendable {}
