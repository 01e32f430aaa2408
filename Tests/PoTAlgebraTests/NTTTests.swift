import CBN254
@testable import PoTAlgebra
import XCTest

/// The transforms against direct evaluation in Swift field arithmetic (Horner on the exported
/// kernels, nothing from CNTT), with both butterfly kernels and at every split of a transform
/// into column and block passes.
final class NTTTests: XCTestCase {
    /// The scalar kernel, and the vector one where this CPU has it.
    static let kernels: [NTTKernel] = NTTKernel.best == .scalar ? [.scalar] : [.scalar, .avx512IFMA]

    /// Σ c_i x^i with the Swift operators only.
    static func naive(_ c: [Fr], at x: Fr) -> Fr {
        c.reversed().reduce(Fr.zero) { $0 * x + $1 }
    }

    static func randomVector(_ count: Int, seed: UInt64) -> [Fr] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in Fr.random(using: &rng) }
    }

    static func reverseBits(_ i: Int, _ bits: Int) -> Int {
        (0..<bits).reduce(0) { ($0 << 1) | ((i >> $1) & 1) }
    }

    func testMatchesNaiveDFTForSmallSizes() {
        for k in 0...8 {
            let c = Self.randomVector(1 << k, seed: UInt64(k))
            let root = Fr.rootOfUnity(log2Order: k)
            let expected = (0..<(1 << k)).map { Self.naive(c, at: root.power(UInt64($0))) }
            for kernel in Self.kernels {
                let domain = Domain(logSize: k, cosetShift: 5, kernel: kernel)
                for threads in [1, 2] {
                    var values = c
                    domain.ntt(&values, threads: threads)
                    XCTAssertEqual(values, expected, "2^\(k), \(kernel), \(threads) threads")
                    values = c
                    domain.ntt(&values, output: .bitReversed, threads: threads)
                    XCTAssertEqual(values, (0..<domain.size).map { expected[Self.reverseBits($0, k)] }, "2^\(k) bit-reversed")
                }
            }
        }
    }

    /// Sizes from 2^7 up give the vector kernel blocks whose last stages have groups shorter
    /// than its eight lanes.
    func testEverySplitIntoColumnAndBlockPasses() {
        for k in [1, 6, 7, 9, 10] {
            let c = Self.randomVector(1 << k, seed: 10 + UInt64(k))
            let root = Fr.rootOfUnity(log2Order: k)
            let expected = (0..<(1 << k)).map { Self.naive(c, at: root.power(UInt64($0))) }
            for kernel in Self.kernels {
                let domain = Domain(logSize: k, cosetShift: 5, kernel: kernel)
                for logRows in 0...k {
                    var values = c
                    values.withMutableRawElements { domain.transform($0!, inverse: false, logRows: logRows, threads: 3) }
                    XCTAssertEqual(values, (0..<domain.size).map { expected[Self.reverseBits($0, k)] },
                                   "2^\(k), 2^\(logRows) rows, \(kernel)")
                    values.withMutableRawElements { domain.transform($0!, inverse: true, logRows: logRows, threads: 3) }
                    XCTAssertEqual(values, c.map { $0 * Fr(UInt64(domain.size)) }, "inverse 2^\(k), 2^\(logRows) rows, \(kernel)")
                }
            }
        }
    }

    func testKernelsAgreeOnLargerTransforms() throws {
        guard Self.kernels.count > 1 else { throw XCTSkip("this CPU has no AVX-512 IFMA: only the scalar kernel runs") }
        for k in [11, 12, 15, 16, 17] {
            let c = Self.randomVector(1 << k, seed: 60 + UInt64(k))
            let domains = Self.kernels.map { Domain(logSize: k, cosetShift: 5, kernel: $0) }
            var outputs: [[Fr]] = []
            for domain in domains {
                var values = c
                domain.ntt(&values, coset: true, threads: 2)
                outputs.append(values)
                domain.inverseNTT(&values, coset: true, threads: 2)
                XCTAssertEqual(values, c, "2^\(k), \(domain.kernel)")
            }
            XCTAssertEqual(outputs[0], outputs[1], "2^\(k)")
        }
    }

    func testInverseUndoesForward() {
        for k in [1, 2, 5, 11, 12, 15, 16] {
            let domain = Domain(logSize: k)
            let c = Self.randomVector(domain.size, seed: 20 + UInt64(k))
            var values = c
            domain.ntt(&values)
            domain.inverseNTT(&values)
            XCTAssertEqual(values, c, "2^\(k)")
            domain.ntt(&values, output: .bitReversed)
            domain.inverseNTT(&values, input: .bitReversed)
            XCTAssertEqual(values, c, "2^\(k) through bit-reversed order")
        }
    }

    /// Values whose Montgomery limbs sit at the edges of the 52-bit conversion and of the
    /// final subtractions: r − 1, r − 2, 2^253 and powers of two across limb boundaries.
    func testKernelsAgreeOnExtremeValues() throws {
        guard Self.kernels.count > 1 else { throw XCTSkip("this CPU has no AVX-512 IFMA: only the scalar kernel runs") }
        let r = Fr.modulus
        let raws: [bn254_fr] = [
            bn254_fr(v: (r[0] - 1, r[1], r[2], r[3])), bn254_fr(v: (r[0] - 2, r[1], r[2], r[3])),
            bn254_fr(v: (0, 0, 0, 1 << 61)), bn254_fr(v: (1 << 52, 0, 0, 0)), bn254_fr(v: (0, 1 << 40, 0, 0)),
            bn254_fr(v: (UInt64.max, UInt64.max, UInt64.max, r[3] - 1)),
        ]
        let special = raws.map { Fr(raw: $0) } + [.zero, .one, -.one]
        let c = (0..<1024).map { special[$0 % special.count] }
        let domains = Self.kernels.map { Domain(logSize: 10, cosetShift: 5, kernel: $0) }
        for logRows in [0, 3, 10] {
            var outputs: [[Fr]] = []
            for domain in domains {
                var values = c
                values.withMutableRawElements { domain.transform($0!, inverse: false, logRows: logRows, threads: 1) }
                outputs.append(values)
                values.withMutableRawElements { domain.transform($0!, inverse: true, logRows: logRows, threads: 1) }
                XCTAssertEqual(values, c.map { $0 * 1024 }, "\(domain.kernel), 2^\(logRows) rows")
            }
            XCTAssertEqual(outputs[0], outputs[1], "2^\(logRows) rows")
        }
        let product = Evaluations(values: c, domain: domains[1]) * Evaluations(values: c.reversed(), domain: domains[1])
        XCTAssertEqual(product.values, zip(c, c.reversed()).map { $0 * $1 }, "vector products")
    }

    func testLargeTransformsAtSampledPoints() {
        for k in [17, 18] {
            let domain = Domain(logSize: k)
            let c = Self.randomVector(domain.size, seed: 30 + UInt64(k))
            var values = c
            domain.ntt(&values)
            var rng = SeededRandom(seed: 31)
            for j in [0, 1, domain.size / 2, domain.size - 1] + (0..<4).map({ _ in Int(rng.next() % UInt64(domain.size)) }) {
                XCTAssertEqual(values[j], Self.naive(c, at: domain.element(j)), "2^\(k) at ω^\(j)")
            }
            domain.inverseNTT(&values)
            XCTAssertEqual(values, c)
        }
    }

    func testCosetTransformMatchesDirectEvaluation() {
        for k in [0, 1, 3, 8] {
            let domain = Domain(logSize: k)
            let c = Self.randomVector(domain.size, seed: 40 + UInt64(k))
            var values = c
            domain.ntt(&values, coset: true)
            XCTAssertEqual(values, (0..<domain.size).map { Self.naive(c, at: domain.cosetShift * domain.element($0)) }, "2^\(k)")
            domain.inverseNTT(&values, coset: true)
            XCTAssertEqual(values, c)
        }
        let domain = Domain(logSize: 13, cosetShift: 7)
        let c = Self.randomVector(domain.size, seed: 41)
        var values = c
        domain.ntt(&values, coset: true)
        for j in [0, 1, 4095, 8191] {
            XCTAssertEqual(values[j], Self.naive(c, at: 7 * domain.element(j)))
        }
        domain.inverseNTT(&values, coset: true)
        XCTAssertEqual(values, c)
    }

    func testOneAndTwoThreadsGiveIdenticalResults() {
        for k in [12, 14, 16, 17] {
            let domain = Domain(logSize: k)
            let c = Self.randomVector(domain.size, seed: 50 + UInt64(k))
            var results: [[Fr]] = []
            for threads in [1, 2] {
                var values = c
                domain.ntt(&values, coset: k % 2 == 0, threads: threads)
                results.append(values)
                domain.inverseNTT(&values, coset: k % 2 == 0, threads: threads)
                XCTAssertEqual(values, c)
            }
            XCTAssertEqual(results[0], results[1], "2^\(k)")
        }
    }

    func testSizeOneDomain() {
        let domain = Domain(logSize: 0)
        XCTAssertEqual(domain.generator, .one)
        XCTAssertEqual(domain.elements, [.one])
        var values: [Fr] = [42]
        domain.ntt(&values)
        XCTAssertEqual(values, [42])
        domain.ntt(&values, coset: true)
        XCTAssertEqual(values, [42], "a constant has the same value at g")
        domain.inverseNTT(&values, coset: true)
        XCTAssertEqual(values, [42])
    }

    func testDomainPointsAndVanishingPolynomial() {
        let domain = Domain(logSize: 4)
        let points = domain.elements
        XCTAssertEqual(Set(points).count, 16)
        XCTAssertEqual(domain.generator.power(16), .one)
        XCTAssertEqual(domain.generator.power(8), -.one)
        XCTAssertEqual(domain.generator * domain.generatorInverse, .one)
        XCTAssertEqual(domain.sizeInverse * 16, .one)
        XCTAssertEqual(domain.element(17), domain.generator)
        for x in points {
            XCTAssertEqual(domain.vanishing(at: x), .zero)
            XCTAssertNotEqual(domain.vanishing(at: domain.cosetShift * x), .zero)
            XCTAssertEqual(domain.vanishingPolynomial.evaluate(at: x), .zero)
        }
        XCTAssertEqual(domain.vanishing(at: 3), Fr(3).power(16) - .one)
        XCTAssertEqual(Domain(capacity: 17).size, 32)
        XCTAssertEqual(Domain(capacity: 16).size, 16)
        XCTAssertEqual(Domain(capacity: 1).size, 1)
        XCTAssertEqual(Domain(capacity: 0).size, 1)
        XCTAssertEqual(Domain(logSize: 4), domain)
        XCTAssertNotEqual(Domain(logSize: 4, cosetShift: 7), domain)
        XCTAssertNotEqual(Domain.defaultCosetShift.power(1 << 28), .one, "g = 5 lies outside every domain")
    }

    func testTwiddleTablePrefixServesSmallerDomains() {
        let large = Domain(logSize: 10), small = Domain(logSize: 6)
        XCTAssertEqual(Array(large.twiddles[0..<small.twiddles.count]), small.twiddles)
        XCTAssertEqual(large.twiddles.count, 512)
        for i in [0, 1, 2, 3, 100, 511] {
            XCTAssertEqual(large.twiddles[i], large.generator.power(UInt64(Self.reverseBits(i, 9))))
        }
    }
}
