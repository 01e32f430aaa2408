import CBN254

/// An element of the target group GT, the order-r subgroup of Fq12^*.
public struct GT: Hashable, Sendable {
    public var raw: bn254_fp12
    public init(raw: bn254_fp12) { self.raw = raw }

    public static var one: GT { GT(raw: bn254_fp12_one) }
    public var isOne: Bool { withUnsafePointer(to: raw) { bn254_fp12_is_one($0) } == 1 }

    public static func * (a: GT, b: GT) -> GT {
        var r = a
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in bn254_fp12_mul(&r.raw, pa, pb) } }
        return r
    }

    /// The inverse; in GT it is the conjugate, which the kernel's general inverse also gives.
    public var inverse: GT {
        var r = self
        _ = withUnsafePointer(to: raw) { bn254_fp12_inv(&r.raw, $0) }
        return r
    }

    public func power(_ scalar: Fr) -> GT {
        var r = self
        let e = scalar.canonical
        withUnsafePointer(to: raw) { bn254_fp12_pow(&r.raw, $0, e, e.count) }
        return r
    }

    public static func == (a: GT, b: GT) -> Bool {
        withUnsafePointer(to: a.raw) { pa in withUnsafePointer(to: b.raw) { pb in bn254_fp12_eq(pa, pb) } } == 1
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes()) }

    /// 384 bytes: the twelve Fq coefficients in tower order (c0.c0.c0, c0.c0.c1, c0.c1.c0, …,
    /// c1.c2.c1), each 32 bytes big-endian (docs/encodings.md).
    public func bytes() -> [UInt8] {
        withUnsafeBytes(of: raw) { buffer in
            buffer.bindMemory(to: bn254_fp.self).flatMap { Fq(raw: $0).bytes() }
        }
    }
}

/// The optimal ate pairing e: G1 x G2 -> GT.
public func pairing(_ p: G1, _ q: G2) -> GT {
    var out = GT.one
    withUnsafePointer(to: p.affine) { pa in withUnsafePointer(to: q.affine) { qa in bn254_pairing(&out.raw, pa, qa) } }
    return out
}

/// Whether prod e(p_i, q_i) = 1, computed with one shared final exponentiation.
public func pairingCheck(_ pairs: [(G1, G2)]) -> Bool {
    let ps = G1.batchAffine(pairs.map(\.0))
    let qs = G2.batchAffine(pairs.map(\.1))
    return bn254_pairing_check(ps, qs, pairs.count) == 1
}

extension bn254_fp12: @retroactive @unchecked Sendable {}
