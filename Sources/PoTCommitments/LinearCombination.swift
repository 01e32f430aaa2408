import CBN254
import PoTAlgebra

/// Σ scalars_i · bases_i over the first `scalars.count` bases: every commitment, opening proof
/// and SRS check reduces to this multi-scalar multiplication.
func linearCombination(bases: UnsafeBufferPointer<bn254_g1_affine>, scalars: [Fr]) -> G1 {
    precondition(scalars.count <= bases.count, "more scalars than bases")
    return G1.msm(bases: UnsafeBufferPointer(rebasing: bases[0..<scalars.count]), scalars: scalars)
}

/// Σ scalars_i · points_i for a few points in projective form (verifier-side combinations).
func linearCombination(points: [G1], scalars: [Fr]) -> G1 {
    G1.msm(bases: G1.batchAffine(points), scalars: scalars)
}
