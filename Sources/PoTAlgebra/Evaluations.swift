import CNTT

/// A polynomial of degree < n given by its values on a domain: values[i] = p(s·ω^i), with
/// s = 1 on the domain itself and s = g (the domain's coset shift) on the coset gH.
///
/// Products of evaluations are evaluations of the product as long as its degree stays below n;
/// quotient computations therefore work on the coset of an extended domain (see
/// ``Domain/extended(byLog:)``).
public struct Evaluations: Equatable, Sendable {
    public let domain: Domain
    public let onCoset: Bool
    public internal(set) var values: [Fr]

    public init(values: [Fr], domain: Domain, onCoset: Bool = false) {
        precondition(values.count == domain.size,
                     "evaluations on a domain of size \(domain.size) need \(domain.size) values, got \(values.count)")
        self.values = values
        self.domain = domain
        self.onCoset = onCoset
    }

    /// The point of values[i]: s·ω^i.
    public func point(_ i: Int) -> Fr {
        onCoset ? domain.cosetShift * domain.element(i) : domain.element(i)
    }

    /// The polynomial of degree < n through the values.
    public func interpolate(threads: Int = Parallelism.available) -> Polynomial {
        var coefficients = values
        domain.inverseNTT(&coefficients, coset: onCoset, threads: threads)
        return Polynomial(coefficients: coefficients)
    }

    // MARK: pointwise arithmetic

    public static func + (a: Evaluations, b: Evaluations) -> Evaluations { pointwise(a, b, bn254_fr_vec_add) }
    public static func - (a: Evaluations, b: Evaluations) -> Evaluations { pointwise(a, b, bn254_fr_vec_sub) }
    public static func * (a: Evaluations, b: Evaluations) -> Evaluations { pointwise(a, b, bn254_fr_vec_mul) }

    public func scaled(by c: Fr) -> Evaluations {
        var out = self
        let n = values.count
        out.values.withMutableRawElements { p in withUnsafePointer(to: c.raw) { bn254_fr_vec_scale(p, p, $0, n) } }
        return out
    }

    private static func pointwise(
        _ a: Evaluations, _ b: Evaluations,
        _ kernel: (UnsafeMutablePointer<bn254_fr>?, UnsafePointer<bn254_fr>?, UnsafePointer<bn254_fr>?, Int) -> Void
    ) -> Evaluations {
        precondition(a.domain == b.domain && a.onCoset == b.onCoset, "pointwise operations need the same points")
        var out = a
        let n = a.values.count
        out.values.withMutableRawElements { o in b.values.withRawElements { kernel(o, o, $0, n) } }
        return out
    }
}

extension Polynomial {
    /// The values on `domain` (on its coset gH with `onCoset`). The degree must be below the
    /// domain size: a larger polynomial is not determined by n values.
    public func evaluations(on domain: Domain, onCoset: Bool = false, threads: Int = Parallelism.available) -> Evaluations {
        precondition(coefficients.count <= domain.size,
                     "a polynomial of degree \(coefficients.count - 1) does not fit a domain of size \(domain.size)")
        var values = coefficients + [Fr](repeating: .zero, count: domain.size - coefficients.count)
        domain.ntt(&values, coset: onCoset, threads: threads)
        return Evaluations(values: values, domain: domain, onCoset: onCoset)
    }
}
