import PoTAlgebra

extension SRS {
    /// Whether the G1 points are the successive powers of the τ in [τ]G2: with random 128-bit
    /// ρ_i, A = Σ ρ_i·[τ^i]G1 and B = Σ ρ_i·[τ^(i+1)]G1 (i < n − 1) must satisfy
    /// e(A, [τ]G2) = e(B, [1]G2) — two multi-scalar multiplications and two pairings instead of
    /// 2n pairings. A single wrong point passes with probability 2^-128. Together with the
    /// loader's checks (every point canonical, on its curve, in its subgroup, not infinity;
    /// [τ^0]G1 and [1]G2 the standard generators) this makes the file a valid SRS.
    public func powersAreConsistent<G: RandomNumberGenerator>(using generator: inout G) -> Bool {
        powersAreConsistent(using: &generator, slice: 1 << 18)
    }

    /// Sums the MSMs over slices of `slice` powers, so that the ρ_i and the MSM's digits stay
    /// small beside the SRS itself.
    func powersAreConsistent<G: RandomNumberGenerator>(using generator: inout G, slice: Int) -> Bool {
        let pairs = g1Powers.count - 1
        guard pairs > 0 else { return true }
        var a = G1.infinity, b = G1.infinity
        g1Powers.withUnsafeBufferPointer { powers in
            for start in stride(from: 0, to: pairs, by: slice) {
                let end = min(start + slice, pairs)
                let rhos = (start..<end).map { _ in
                    // Below 2^128 < r, so always canonical.
                    try! Fr(canonical: [generator.next(), generator.next(), 0, 0])
                }
                a += linearCombination(bases: UnsafeBufferPointer(rebasing: powers[start..<end]), scalars: rhos)
                b += linearCombination(bases: UnsafeBufferPointer(rebasing: powers[(start + 1)...end]), scalars: rhos)
            }
        }
        return pairingCheck([(a, tauG2), (-b, g2)])
    }

    /// ``powersAreConsistent(using:)`` with the system's secure generator, so that whoever
    /// wrote the file cannot predict the ρ_i.
    public func powersAreConsistent() -> Bool {
        var generator = SystemRandomNumberGenerator()
        return powersAreConsistent(using: &generator)
    }
}
