import CNTT

extension Polynomial {
    /// Horner's rule is one dependent multiplication per coefficient; longer polynomials are
    /// split into this many coefficients per thread, each range evaluated on its own and
    /// shifted by z^(start of range).
    static let evaluationChunk = 1 << 14

    /// self(z).
    public func evaluate(at z: Fr, threads: Int = Parallelism.available) -> Fr {
        let count = coefficients.count
        let parts = max(1, min(threads, count / Self.evaluationChunk))
        var partial = [Fr](repeating: .zero, count: parts)
        coefficients.withRawElements { c in
            partial.withMutableRawElements { out in
                Parallelism.forEachRange(parts, threads: parts) { range in
                    for part in range {
                        let low = part * count / parts, high = (part + 1) * count / parts
                        var value = Fr.zero
                        withUnsafePointer(to: z.raw) { bn254_fr_poly_eval(&value.raw, c! + low, high - low, $0) }
                        out![part] = (value * z.power(UInt64(low))).raw
                    }
                }
            }
        }
        return partial.reduce(.zero, +)
    }

    /// p(z) for every p in `polynomials`: the powers of z are computed once and each value is
    /// a dot product with them, the polynomials shared out between threads.
    public static func evaluate(_ polynomials: [Polynomial], at z: Fr, threads: Int = Parallelism.available) -> [Fr] {
        let longest = polynomials.map(\.coefficients.count).max() ?? 0
        let powers = Fr.powers(ratio: z, count: longest)
        var values = [Fr](repeating: .zero, count: polynomials.count)
        values.withMutableRawElements { out in
            guard let out else { return }
            powers.withRawElements { p in
                Parallelism.forEachRange(polynomials.count, threads: threads) { range in
                    for i in range {
                        let c = polynomials[i].coefficients
                        c.withRawElements { bn254_fr_vec_dot(out + i, $0, p, c.count) }
                    }
                }
            }
        }
        return values
    }
}
