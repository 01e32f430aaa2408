import CBN254
import PoTAlgebra

/// [L_i(τ)]G1 for the Lagrange polynomials of the domain of 2^k points, from an SRS's powers
/// by an inverse NTT over G1 (`G1.inverseNTT`), so it needs no τ: Σ v_i·[L_i(τ)] is the
/// commitment [p(τ)] to the polynomial p with values v on the domain, the same point as
/// committing p's coefficients against the powers.
///
/// Values are often small (fixed-point numbers, bits, limbs, counts; negatives as r − |v|)
/// while coefficients never are: `commit(values:)` then needs only the windows the largest
/// magnitude fills, and skips zeros.
public struct LagrangeBasis: Sendable {
    public let k: Int
    public let points: [bn254_g1_affine]

    /// The basis for 2^k points from the first 2^k powers of `srs`. Costs about
    /// (k/2 + 1)·2^k scalar multiplications.
    public init(srs: SRS, k: Int, threads: Int = Parallelism.available) {
        precondition(srs.maxCoefficients >= 1 << k, "a Lagrange basis of 2^\(k) points needs as many SRS powers")
        self.k = k
        points = G1.inverseNTT(Array(srs.g1Powers[..<(1 << k)]), domain: Domain(logSize: k), threads: threads)
    }

    /// [p(τ)] for the polynomial with `values` on the domain: the small values (magnitude below
    /// 2^62) in one short-scalar MSM, the rest (random blinding values, hashes) in a
    /// full-width one, zeros in neither.
    public func commit(values: [Fr], threads: Int = Parallelism.available) -> G1 {
        precondition(values.count == points.count, "\(values.count) values on a domain of \(points.count) points")
        let small = G1.smallScalars(values)
        var smallBases: [bn254_g1_affine] = [], smallScalars: [Int64] = []
        var largeBases: [bn254_g1_affine] = [], largeScalars: [Fr] = []
        let nonzero = small.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        smallBases.reserveCapacity(nonzero)
        smallScalars.reserveCapacity(nonzero)
        for (i, s) in small.enumerated() where s != 0 {
            if s == G1.largeScalar {
                largeBases.append(points[i])
                largeScalars.append(values[i])
            } else {
                smallBases.append(points[i])
                smallScalars.append(s)
            }
        }
        let short = smallBases.withUnsafeBufferPointer { b in
            smallScalars.withUnsafeBufferPointer { G1.msm(bases: b, smallScalars: $0, threads: threads) }
        }
        return short + G1.msm(bases: largeBases, scalars: largeScalars, threads: threads)
    }
}
