import CBN254
import CMSM

extension G1 {
    /// sum_i scalars[i]·bases[i] for scalars given as signed integers (the Fr element s, or
    /// r − |s| for negative s): the windows cover only the largest magnitude's bits, so a
    /// column of 20-bit values costs about a twelfth of a full-width MSM. A negative scalar
    /// adds its base negated (its digits are negated), so no base is copied.
    ///
    /// - Precondition: one scalar per base, every |scalar| < 2^62, `threads >= 1`.
    public static func msm(bases: UnsafeBufferPointer<bn254_g1_affine>, smallScalars scalars: UnsafeBufferPointer<Int64>,
                           threads: Int = MSM.defaultThreads) -> G1 {
        msm(bases: bases, smallScalars: scalars, threads: threads, vector: nil)
    }

    /// `vector` replaces the kernel's choice of the IFMA kernels (tests compare both).
    static func msm(bases: UnsafeBufferPointer<bn254_g1_affine>, smallScalars scalars: UnsafeBufferPointer<Int64>,
                    threads: Int, vector: Bool?) -> G1 {
        precondition(bases.count == scalars.count, "MSM needs one scalar per base: \(bases.count) bases, \(scalars.count) scalars")
        var largest: UInt64 = 0
        for s in scalars {
            precondition(s > -(1 << 62) && s < 1 << 62, "a small scalar has a magnitude below 2^62, got \(s)")
            largest = max(largest, s.magnitude)
        }
        guard largest > 0, let scalarPointer = scalars.baseAddress else { return .infinity }
        // The magnitude's bits and one for the carry of the signed recoding.
        let bits = UInt32(64 - largest.leadingZeroBitCount + 1)
        var plan = bn254_msm_g1_plan_bits(bases.count, UInt32(min(threads, 64)), bits)
        if let vector { plan.vector = vector ? 1 : 0 }
        return G1(raw: MSM.run(MSM.g1, infinity: G1.infinity.raw, bases: bases, plan: plan, threads: threads) { digits, plan, begin, end in
            bn254_msm_small_digits(digits, scalarPointer, plan, begin, end)
        })
    }

    /// Marks a scalar of ``smallScalars(_:)`` that is not small.
    public static let largeScalar = Int64.min

    /// Each scalar as a small signed integer when its value or its negation is below 2^62,
    /// else ``largeScalar`` (such a scalar needs the full-width MSM).
    public static func smallScalars(_ scalars: [Fr]) -> [Int64] {
        var out = [Int64](repeating: 0, count: scalars.count)
        scalars.withRawElements { s in out.withUnsafeMutableBufferPointer { bn254_msm_small_scalars($0.baseAddress, s, scalars.count) } }
        return out
    }
}
