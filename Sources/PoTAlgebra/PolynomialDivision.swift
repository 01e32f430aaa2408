import CNTT

extension Polynomial {
    /// Euclidean division by the vanishing polynomial Z_H = X^n − 1 of `domain`:
    /// self = quotient·Z_H + remainder with deg remainder < n (the remainder is zero exactly
    /// when self vanishes on every point of the domain).
    public func divided(byVanishingOf domain: Domain) -> (quotient: Polynomial, remainder: Polynomial) {
        let n = domain.size
        let count = coefficients.count
        guard count > n else { return (.zero, self) }
        // a_i = q_(i−n) − q_i for i ≥ n, so q_j = a_(j+n) + q_(j+n): start from q_j = a_(j+n)
        // and, block by block from the top, add the finished block n places above.
        var quotient = Array(coefficients[n...])
        let quotientCount = quotient.count
        quotient.withMutableRawElements { q in
            var high = quotientCount - n
            while high > 0 {
                let low = max(0, high - n)
                bn254_fr_vec_add(q! + low, q! + low, q! + low + n, high - low)
                high = low
            }
        }
        // a_i = r_i − q_i below degree n.
        var remainder = Array(coefficients[0..<n])
        let overlap = min(n, quotient.count)
        remainder.withMutableRawElements { r in quotient.withRawElements { q in bn254_fr_vec_add(r, r, q, overlap) } }
        return (Polynomial(coefficients: quotient), Polynomial(coefficients: remainder))
    }

    /// Division by (X − z): self = quotient·(X − z) + remainder, and the remainder is the
    /// constant self(z). The quotient alone is (self − self(z))/(X − z), the KZG opening witness.
    public func divided(byLinear z: Fr) -> (quotient: Polynomial, remainder: Fr) {
        guard !isZero else { return (.zero, .zero) }
        var quotient = [Fr](repeating: .zero, count: coefficients.count - 1)
        var remainder = Fr.zero
        let count = coefficients.count
        quotient.withMutableRawElements { q in
            coefficients.withRawElements { c in
                withUnsafePointer(to: z.raw) { bn254_fr_poly_div_linear(q, &remainder.raw, c, count, $0) }
            }
        }
        return (Polynomial(coefficients: quotient), remainder)
    }
}
