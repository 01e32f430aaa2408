import CNTT

/// An evaluation domain: the multiplicative subgroup H = {1, ω, ω², …, ω^(n−1)} of Fr of
/// size n = 2^k, with the precomputed twiddles of its NTT (``ntt(_:coset:output:threads:)``)
/// and a coset shift g for evaluations on gH.
///
/// A domain is immutable and safe to share between threads; keep it for as long as transforms
/// of its size are needed, since building one costs n/2 field multiplications.
public final class Domain: Sendable, Equatable, CustomStringConvertible {
    /// k, with n = 2^k.
    public let logSize: Int
    /// n, the number of points.
    public let size: Int
    /// ω, a primitive n-th root of unity: ω^i is the i-th point.
    public let generator: Fr
    public let generatorInverse: Fr
    /// 1/n, the scale of the inverse transform.
    public let sizeInverse: Fr
    /// g, the shift of the coset gH used for quotient evaluations; g^n ≠ 1 keeps gH and H disjoint.
    public let cosetShift: Fr
    public let cosetShiftInverse: Fr
    /// n/2 powers of ω in bit-reversed order (layout in ntt.h): 16·n bytes, shared by the forward
    /// and inverse transforms.
    let twiddles: [Fr]

    /// 5, which generates the whole multiplicative group of Fr, so g^n ≠ 1 for every n = 2^k.
    public static let defaultCosetShift = Fr(5)

    /// The butterfly code of the transforms: the fastest this CPU runs.
    public let kernel: NTTKernel

    /// The domain of size 2^logSize, 0 ≤ logSize ≤ 28 (the 2-adicity of Fr).
    public convenience init(logSize: Int, cosetShift: Fr = Domain.defaultCosetShift) {
        self.init(logSize: logSize, cosetShift: cosetShift, kernel: .best)
    }

    /// A domain pinned to one kernel, so that tests compare the kernels.
    init(logSize: Int, cosetShift: Fr, kernel: NTTKernel) {
        precondition((0...Fr.twoAdicity).contains(logSize),
                     "a domain has size 2^k with 0 <= k <= \(Fr.twoAdicity), got k = \(logSize)")
        self.logSize = logSize
        size = 1 << logSize
        generator = Fr.rootOfUnity(log2Order: logSize)
        generatorInverse = generator.inverse!
        sizeInverse = Fr(UInt64(size)).inverse!
        precondition(cosetShift.power(UInt64(size)) != .one,
                     "the coset shift must satisfy g^n != 1, or the coset gH would be H itself")
        self.cosetShift = cosetShift
        cosetShiftInverse = cosetShift.inverse!
        self.kernel = kernel
        var table = [Fr](repeating: .zero, count: size / 2)
        if logSize > 0 {
            let root = generator
            table.withMutableRawElements { out in
                withUnsafePointer(to: root.raw) { bn254_ntt_twiddles(out, UInt32(logSize), $0) }
            }
        }
        twiddles = table
    }

    /// The smallest domain with at least `count` points (count ≤ 2^28).
    public convenience init(capacity count: Int, cosetShift: Fr = Domain.defaultCosetShift) {
        precondition(count <= 1 << Fr.twoAdicity, "Fr has no domain with more than 2^\(Fr.twoAdicity) points")
        var logSize = 0
        while 1 << logSize < count { logSize += 1 }
        self.init(logSize: logSize, cosetShift: cosetShift)
    }

    /// ω^i, for any integer i (ω^−1 = ω^(n−1)).
    public func element(_ i: Int) -> Fr {
        generator.power(UInt64((i % size + size) % size))
    }

    /// All n points in order: 1, ω, …, ω^(n−1).
    public var elements: [Fr] { Fr.powers(ratio: generator, count: size) }

    /// Z_H(x) = x^n − 1, which vanishes exactly on the points of H.
    public func vanishing(at x: Fr) -> Fr {
        x.power(UInt64(size)) - .one
    }

    /// Z_H as a polynomial: X^n − 1.
    public var vanishingPolynomial: Polynomial {
        var coefficients = [Fr](repeating: .zero, count: size + 1)
        coefficients[0] = -.one
        coefficients[size] = .one
        return Polynomial(coefficients: coefficients)
    }

    /// Domains are equal when they have the same points and the same coset.
    public static func == (a: Domain, b: Domain) -> Bool {
        a.logSize == b.logSize && a.cosetShift == b.cosetShift
    }

    public var description: String { "Domain(2^\(logSize), coset shift \(cosetShift))" }
}
