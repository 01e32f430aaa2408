import CBN254
import PoTAlgebra

/// The few polynomial operations the batched openings need beyond `Polynomial`'s own.
enum OpeningArithmetic {
    /// Σ scale_i · p_i in one output buffer (instead of one intermediate polynomial per term).
    static func linearCombination(_ polynomials: [Polynomial], scales: [Fr]) -> Polynomial {
        precondition(polynomials.count == scales.count, "one scale per polynomial")
        var out = [Fr](repeating: .zero, count: polynomials.map(\.coefficients.count).max() ?? 0)
        out.withUnsafeMutableBufferPointer { out in
            out.withMemoryRebound(to: bn254_fr.self) { out in
                var term = bn254_fr()
                for (polynomial, scale) in zip(polynomials, scales) {
                    polynomial.coefficients.withUnsafeBufferPointer { p in
                        p.withMemoryRebound(to: bn254_fr.self) { p in
                            withUnsafePointer(to: scale.raw) { s in
                                for i in 0..<p.count {
                                    bn254_fr_mul(&term, p.baseAddress! + i, s)
                                    bn254_fr_add(out.baseAddress! + i, out.baseAddress! + i, &term)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Polynomial(coefficients: out)
    }

    /// The quotient of p by Π_{s ∈ points} (X − s); the dropped remainder is the polynomial
    /// that interpolates p on `points`.
    static func quotient(_ polynomial: Polynomial, byVanishingOn points: [Fr]) -> Polynomial {
        points.reduce(polynomial) { $0.divided(byLinear: $1).quotient }
    }

    /// Π_{s ∈ points} (z − s).
    static func vanishing(_ points: [Fr], at z: Fr) -> Fr {
        points.reduce(Fr.one) { $0 * (z - $1) }
    }

    /// Π_{k ≠ j} (points_j − points_k) for each j: the denominators of the Lagrange basis on
    /// `points`, which `interpolate` takes inverted (so that one inversion serves many sets).
    static func lagrangeDenominators(_ points: [Fr]) -> [Fr] {
        points.indices.map { j in
            points.indices.reduce(Fr.one) { j == $1 ? $0 : $0 * (points[j] - points[$1]) }
        }
    }

    /// r(z) for the polynomial r of degree < |points| with r(points_j) = values_j (Lagrange
    /// form); the points must be distinct and `inverses` the inverted `lagrangeDenominators`.
    static func interpolate(points: [Fr], values: [Fr], at z: Fr, inverses: ArraySlice<Fr>) -> Fr {
        var sum = Fr.zero
        for (j, inverse) in zip(points.indices, inverses) {
            let numerator = points.indices.reduce(Fr.one) { j == $1 ? $0 : $0 * (z - points[$1]) }
            sum += values[j] * numerator * inverse
        }
        return sum
    }

    /// 1, x, x², … (count terms).
    static func powers(of x: Fr, count: Int) -> [Fr] {
        var out: [Fr] = []
        out.reserveCapacity(count)
        var power = Fr.one
        for _ in 0..<count {
            out.append(power)
            power *= x
        }
        return out
    }
}
