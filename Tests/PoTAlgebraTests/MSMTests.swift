import CBN254
@testable import PoTAlgebra
import XCTest

/// MSM against the naive sum of scalar multiplications (the separately tested GLV path), and
/// large inputs against a closed form: bases that are known multiples g_i G make the MSM
/// equal to (sum_i k_i g_i) G, one scalar multiplication.
final class MSMTests: XCTestCase {
    func testRandomSizesAgainstNaiveSum() {
        var rng = SeededRandom(seed: 31)
        var sizes = Array(1...20) + [31, 32, 33, 64, 100, 255, 256, 257, 1000, 1024]
        for _ in 0..<6 { sizes.append(Int.random(in: 1...1024, using: &rng)) }
        for n in sizes {
            let points = (0..<n).map { _ in G1.generator * Fr.random(using: &rng) }
            let scalars = (0..<n).map { _ in Fr.random(using: &rng) }
            let expected = naive(points, scalars)
            let bases = G1.batchAffine(points)
            for threads in [1, 2] {
                XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: threads), expected, "n = \(n), \(threads) threads")
            }
        }
    }

    func testEmptyAndSinglePoint() {
        XCTAssertTrue(G1.msm(bases: [bn254_g1_affine](), scalars: [Fr](), threads: 1).isInfinity)
        XCTAssertTrue(G2.msm(bases: [bn254_g2_affine](), scalars: [Fr](), threads: 2).isInfinity)
        let p = G1.generator * Fr(7)
        for k in [Fr.zero, .one, -.one, Fr(123_456_789), Fr.random()] {
            XCTAssertEqual(G1.msm(bases: [p.affine], scalars: [k], threads: 1), p * k)
        }
    }

    func testZeroScalarsAndInfinityBases() {
        var rng = SeededRandom(seed: 32)
        let points = (0..<300).map { _ in G1.generator * Fr.random(using: &rng) }
        let bases = G1.batchAffine(points)
        XCTAssertTrue(G1.msm(bases: bases, scalars: [Fr](repeating: .zero, count: 300), threads: 2).isInfinity)

        // Every third base is infinity, every fifth scalar is zero.
        var mixedPoints = points, scalars = (0..<300).map { _ in Fr.random(using: &rng) }
        for i in stride(from: 0, to: 300, by: 3) { mixedPoints[i] = .infinity }
        for i in stride(from: 0, to: 300, by: 5) { scalars[i] = .zero }
        let mixed = G1.batchAffine(mixedPoints)
        XCTAssertEqual(G1.msm(bases: mixed, scalars: scalars, threads: 1), naive(mixedPoints, scalars))
        XCTAssertTrue(G1.msm(bases: [bn254_g1_affine](repeating: bn254_g1_affine(), count: 50),
                             scalars: scalars.prefix(50), threads: 1).isInfinity)
        // The same below the Straus limit, where the small-MSM path runs.
        let few = MSM.straussLimit
        XCTAssertEqual(G1.msm(bases: mixed.prefix(few), scalars: scalars.prefix(few), threads: 1),
                       naive(Array(mixedPoints.prefix(few)), Array(scalars.prefix(few))))
        XCTAssertTrue(G1.msm(bases: bases.prefix(few), scalars: [Fr](repeating: .zero, count: few), threads: 1).isInfinity)
    }

    /// Repeated bases make batched additions meet equal points (doubling) and opposite points
    /// (cancelling to infinity) in the same bucket; few distinct digits pile points into one
    /// bucket and exercise the queue and its Jacobian overflow.
    func testRepeatedBasesAndDegenerateDigits() {
        var rng = SeededRandom(seed: 33)
        let p = G1.generator * Fr.random(using: &rng), q = G1.generator * Fr.random(using: &rng)
        let k = Fr.random(using: &rng)
        let cases: [(String, [G1], [Fr])] = [
            ("P with equal scalars", Array(repeating: p, count: 3000), Array(repeating: k, count: 3000)),
            ("P and -P alternating", (0..<3001).map { $0 % 2 == 0 ? p : -p }, Array(repeating: k, count: 3001)),
            ("k and -k on P", Array(repeating: p, count: 2001), (0..<2001).map { $0 % 2 == 0 ? k : -k }),
            ("0/1 scalars", (0..<4000).map { $0 % 2 == 0 ? p : q }, (0..<4000).map { _ in Fr(rng.next() % 2) }),
            ("small scalars on two bases", (0..<4000).map { $0 % 3 == 0 ? p : q }, (0..<4000).map { _ in Fr(rng.next() % 5) }),
            ("r - 1 everywhere", (0..<500).map { $0 % 2 == 0 ? p : q }, Array(repeating: -.one, count: 500)),
        ]
        for (name, points, scalars) in cases {
            let expected = naive(points, scalars)
            let bases = G1.batchAffine(points)
            for threads in [1, 2] {
                XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: threads), expected, "\(name), \(threads) threads")
            }
            for vector in kernels {
                let plan = MSM.Plan(windows: 20, pointParts: 1, windowParts: 1, vector: vector)
                XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: 1, plan: plan), expected, "\(name), \(plan)")
            }
        }
    }

    /// Every window count, every split into tasks and both kernels give the same sum.
    func testEveryWindowLayoutSplitAndKernel() {
        var rng = SeededRandom(seed: 34)
        let n = 700
        let points = (0..<n).map { _ in G1.generator * Fr.random(using: &rng) }
        var scalars = (0..<n).map { _ in Fr.random(using: &rng) }
        scalars[0] = -.one
        scalars[1] = .one
        let expected = naive(points, scalars)
        let bases = G1.batchAffine(points)
        for vector in kernels {
            for windows in [17, 18, 20, 26, 31, 32, 51, 64] {
                for (pointParts, windowParts) in [(1, 1), (2, 1), (1, 2), (3, 2), (1, 5)] {
                    let plan = MSM.Plan(windows: windows, pointParts: pointParts, windowParts: windowParts, vector: vector)
                    XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: 2, plan: plan), expected, "\(plan)")
                }
            }
        }
    }

    func testThreadCountsAgree() {
        var rng = SeededRandom(seed: 35)
        let (points, multiples) = multiplesOfGenerator(5000, using: &rng)
        let scalars = (0..<5000).map { _ in Fr.random(using: &rng) }
        let expected = G1.generator * dot(scalars, multiples)
        let bases = G1.batchAffine(points)
        for threads in 1...4 {
            XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: threads), expected, "\(threads) threads")
        }
        XCTAssertEqual(G1.msm(bases: bases[100..<900], scalars: scalars[100..<900], threads: 2),
                       G1.generator * dot(Array(scalars[100..<900]), Array(multiples[100..<900])), "slices")
    }

    func testLargeAgainstClosedForm() {
        var rng = SeededRandom(seed: 36)
        let n = 1 << 16
        let (points, multiples) = multiplesOfGenerator(n, using: &rng)
        let bases = G1.batchAffine(points)
        let random = (0..<n).map { _ in Fr.random(using: &rng) }
        let bits = (0..<n).map { _ in Fr(rng.next() & 1) }
        for scalars in [random, bits] {
            let expected = G1.generator * dot(scalars, multiples)
            for threads in [1, 2] {
                XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: threads), expected, "\(threads) threads")
            }
            for vector in kernels {
                let plan = MSM.Plan(windows: 17, pointParts: 1, windowParts: 2, vector: vector)
                XCTAssertEqual(G1.msm(bases: bases, scalars: scalars, threads: 2, plan: plan), expected, "\(plan)")
            }
        }
    }

    func testG2AgainstNaiveSumAndClosedForm() {
        var rng = SeededRandom(seed: 37)
        for n in [1, 2, 3, 17, 64, 200] {
            var points = (0..<n).map { _ in G2.generator * Fr.random(using: &rng) }
            var scalars = (0..<n).map { _ in Fr.random(using: &rng) }
            if n > 2 {
                points[1] = .infinity
                points[2] = points[0]
                scalars[0] = .zero
            }
            let expected = points.indices.reduce(G2.infinity) { $0 + points[$1] * scalars[$1] }
            let bases = G2.batchAffine(points)
            for threads in [1, 2] {
                XCTAssertEqual(G2.msm(bases: bases, scalars: scalars, threads: threads), expected, "n = \(n)")
            }
        }
        let n = 4096
        let step = G2.generator * Fr.random(using: &rng)
        var points = [G2.generator]
        for _ in 1..<n { points.append(points[points.count - 1] + step) }
        let scalars = (0..<n).map { _ in Fr.random(using: &rng) }
        // points[i] = G + i step, so the sum is (sum k_i) G + (sum i k_i) step.
        let sum = scalars.reduce(Fr.zero, +)
        let weighted = scalars.indices.reduce(Fr.zero) { $0 + Fr(UInt64($1)) * scalars[$1] }
        let expected = G2.generator * sum + step * weighted
        for threads in [1, 2] {
            XCTAssertEqual(G2.msm(bases: G2.batchAffine(points), scalars: scalars, threads: threads), expected)
        }
    }

    // MARK: helpers

    /// The portable kernels, and the AVX-512 IFMA ones where this CPU has them.
    private var kernels: [Bool] { MSM.vectorKernelsAvailable ? [false, true] : [false] }

    private func naive(_ points: [G1], _ scalars: [Fr]) -> G1 {
        points.indices.reduce(G1.infinity) { $0 + points[$1] * scalars[$1] }
    }

    private func dot(_ a: [Fr], _ b: [Fr]) -> Fr {
        a.indices.reduce(Fr.zero) { $0 + a[$1] * b[$1] }
    }

    /// Points g_i G with g_i = a + i b, built by additions (fast) and returned with the g_i.
    private func multiplesOfGenerator(_ n: Int, using rng: inout SeededRandom) -> ([G1], [Fr]) {
        let a = Fr.random(using: &rng), b = Fr.random(using: &rng)
        let step = G1.generator * b
        var points = [G1.generator * a], multiples = [a]
        for _ in 1..<n {
            points.append(points[points.count - 1] + step)
            multiples.append(multiples[multiples.count - 1] + b)
        }
        return (points, multiples)
    }
}
