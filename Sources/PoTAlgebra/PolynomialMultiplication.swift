import CNTT

extension Polynomial {
    /// Below this many coefficients in the shorter factor, schoolbook multiplication
    /// (m·n products) beats three transforms of size ≥ m + n.
    static let schoolbookLimit = 32

    public static func * (a: Polynomial, b: Polynomial) -> Polynomial {
        a.multiplied(by: b)
    }

    /// The product, through the NTT when both factors are long: both are evaluated on a domain
    /// of size ≥ deg a + deg b + 1 (left in bit-reversed order, which the pointwise product
    /// does not mind), multiplied pointwise, and interpolated back.
    public func multiplied(by other: Polynomial, threads: Int = Parallelism.available) -> Polynomial {
        guard !isZero, !other.isZero else { return .zero }
        let (m, n) = (coefficients.count, other.coefficients.count)
        if min(m, n) <= Self.schoolbookLimit { return schoolbook(other) }
        let domain = Domain(capacity: m + n - 1)
        var x = coefficients + [Fr](repeating: .zero, count: domain.size - m)
        var y = other.coefficients + [Fr](repeating: .zero, count: domain.size - n)
        domain.ntt(&x, output: .bitReversed, threads: threads)
        domain.ntt(&y, output: .bitReversed, threads: threads)
        let size = domain.size
        x.withMutableRawElements { px in y.withRawElements { py in bn254_fr_vec_mul(px, px, py, size) } }
        domain.inverseNTT(&x, input: .bitReversed, threads: threads)
        return Polynomial(coefficients: x)
    }

    /// out[i + j] += a[i]·b[j], one scaled row of b per coefficient of a.
    func schoolbook(_ other: Polynomial) -> Polynomial {
        let n = other.coefficients.count
        var out = [Fr](repeating: .zero, count: coefficients.count + n - 1)
        var row = [Fr](repeating: .zero, count: n)
        out.withMutableRawElements { o in
            row.withMutableRawElements { r in
                other.coefficients.withRawElements { b in
                    for (i, c) in coefficients.enumerated() {
                        withUnsafePointer(to: c.raw) { bn254_fr_vec_scale(r, b, $0, n) }
                        bn254_fr_vec_add(o! + i, o! + i, r, n)
                    }
                }
            }
        }
        return Polynomial(coefficients: out)
    }
}
