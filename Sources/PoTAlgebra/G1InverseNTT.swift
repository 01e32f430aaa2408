import CBN254

extension G1 {
    /// The inverse NTT over G1: out_i = (1/n)·Σ_j ω^(−ij)·points_j on the domain of size
    /// n = points.count. Of the SRS powers [τ^j]G1 it gives [L_i(τ)]G1, the commitments to
    /// the Lagrange polynomials of the domain, without knowing τ.
    ///
    /// Each butterfly multiplies a point by a twiddle, so this costs (n/2)·log2(n) + n scalar
    /// multiplications (about 590,000 at n = 2^16): it is done once per SRS and size.
    public static func inverseNTT(_ points: [bn254_g1_affine], domain: Domain, threads: Int = Parallelism.available) -> [bn254_g1_affine] {
        let n = domain.size
        precondition(points.count == n, "an inverse NTT over a domain of \(n) points needs \(n) points, got \(points.count)")
        guard n > 1 else { return points }
        let k = domain.logSize
        // Bit-reversed input, Cooley–Tukey butterflies in place.
        var a = [bn254_g1](repeating: bn254_g1(), count: n)
        for (i, p) in points.enumerated() {
            var r = 0
            for b in 0..<k where i >> b & 1 == 1 { r |= 1 << (k - 1 - b) }
            withUnsafePointer(to: p) { bn254_g1_from_affine(&a[r], $0) }
        }
        // ω^(−t) for t < n/2, as canonical limbs for the scalar multiplications.
        let twiddles = Fr.powers(ratio: domain.generatorInverse, count: n / 2).flatMap(\.canonical)
        twiddles.withUnsafeBufferPointer { limbs in
            a.withUnsafeMutableBufferPointer { buffer in
                butterflies(buffer.baseAddress!, n: n, twiddles: limbs.baseAddress!, threads: threads)
                let scale = domain.sizeInverse.canonical
                Parallelism.forEachRange(n, threads: threads) { range in
                    for i in range { bn254_g1_mul(buffer.baseAddress! + i, buffer.baseAddress! + i, scale) }
                }
            }
        }
        return G1.batchAffine(a.map { G1(raw: $0) })
    }

    /// The log2(n) stages of radix-2 butterflies on bit-reversed points; `twiddles` holds
    /// ω^(−t) for t < n/2, four limbs each.
    private static func butterflies(_ a: UnsafeMutablePointer<bn254_g1>, n: Int, twiddles: UnsafePointer<UInt64>, threads: Int) {
        var half = 1
        while half < n {
            let stride = n / (2 * half)
            Parallelism.forEachRange(n / 2, threads: threads) { range in
                for b in range {
                    let (top, bottom) = (a + b / half * 2 * half + b % half, a + b / half * 2 * half + b % half + half)
                    var v = bottom.pointee
                    if b % half != 0 { bn254_g1_mul(&v, bottom, twiddles + 4 * (b % half) * stride) }
                    var negated = bn254_g1()
                    bn254_g1_neg(&negated, &v)
                    bn254_g1_add(bottom, top, &negated)
                    bn254_g1_add(top, top, &v)
                }
            }
            half *= 2
        }
    }
}
