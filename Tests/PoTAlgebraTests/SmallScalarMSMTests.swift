import CBN254
@testable import PoTAlgebra
import XCTest

/// The short-scalar MSM against the full-width one on the same values as Fr elements (the
/// separately tested bucket method), and the inverse NTT over G1 against the Lagrange basis
/// computed from a known τ.
final class SmallScalarMSMTests: XCTestCase {
    private func field(_ s: Int64) -> Fr { s < 0 ? -Fr(s.magnitude) : Fr(UInt64(s)) }

    func testShortScalarsEqualTheFullWidthMSM() {
        var rng = SeededRandom(seed: 41)
        let limit: Int64 = 1 << 62 - 1
        let cases: [(String, [Int64])] = [
            ("bits", (0..<3000).map { _ in Int64(rng.next() % 2) }),
            ("signed 20-bit", (0..<3000).map { _ in Int64(rng.next() % (1 << 21)) - (1 << 20) }),
            ("signed 40-bit with zeros", (0..<5000).map { i in i % 3 == 0 ? 0 : Int64(rng.next() % (1 << 41)) - (1 << 40) }),
            ("extremes", (0..<600).map { i in [limit, -limit, 1, -1, 0, 1 << 61][i % 6] }),
            ("one value", [-7]),
        ]
        for (name, scalars) in cases {
            let points = (0..<scalars.count).map { _ in G1.generator * Fr.random(using: &rng) }
            let bases = G1.batchAffine(points)
            let expected = G1.msm(bases: bases, scalars: scalars.map(field), threads: 1)
            for threads in [1, 2] {
                for vector in [false, MSM.vectorKernelsAvailable] {
                    let sum = bases.withUnsafeBufferPointer { b in
                        scalars.withUnsafeBufferPointer { G1.msm(bases: b, smallScalars: $0, threads: threads, vector: vector) }
                    }
                    XCTAssertEqual(sum, expected, "\(name), \(threads) threads, vector \(vector)")
                }
            }
        }
    }

    func testSmallScalarsAreRecognised() {
        let values: [Fr] = [0, 5, -Fr(5), Fr(1 << 62 - 1), -Fr(1 << 62 - 1), Fr(1 << 62), -Fr(1 << 62), Fr(3).power(200)]
        XCTAssertEqual(G1.smallScalars(values), [0, 5, -5, 1 << 62 - 1, -(1 << 62 - 1), G1.largeScalar, G1.largeScalar, G1.largeScalar])
    }

    func testInverseNTTGivesTheLagrangeBasis() {
        let tau = Fr(0x7a0_5eed)
        for k in [1, 3, 6] {
            let domain = Domain(logSize: k)
            let n = domain.size
            let powers = G1.batchAffine(Fr.powers(ratio: tau, count: n).map { G1.generator * $0 })
            // L_i(τ) = ω^i·(τ^n − 1) / (n·(τ − ω^i))
            let vanishing = tau.power(UInt64(n)) - .one
            let expected = (0..<n).map { i -> G1 in
                let w = domain.generator.power(UInt64(i))
                return G1.generator * (w * vanishing * domain.sizeInverse * (tau - w).inverse!)
            }
            XCTAssertEqual(G1.inverseNTT(powers, domain: domain, threads: 2).map(G1.init(affine:)), expected, "k = \(k)")
        }
    }
}
