import XCTest
import PoTAlgebra
@testable import PoTCommitments

/// Committing a column from its values in the Lagrange basis gives the same point as
/// committing its coefficients against the SRS powers, for every kind of column a witness has.
final class LagrangeBasisTests: XCTestCase {
    func testValueCommitmentsEqualCoefficientCommitments() {
        let k = 7, n = 1 << 7
        let srs = SRS.insecure(k: 8, tau: Fr(0x1a9_7a05))
        let basis = LagrangeBasis(srs: srs, k: k, threads: 2)
        let domain = Domain(logSize: k)
        var rng = SeededRandom(seed: 9)
        func small(_ bits: Int) -> Fr {
            let v = rng.next() % (1 << UInt64(bits))
            return rng.next() % 2 == 0 ? Fr(v) : -Fr(v)
        }
        let columns: [(String, [Fr])] = [
            ("random", (0..<n).map { _ in Fr.random(using: &rng) }),
            ("signed fixed point", (0..<n).map { _ in small(40) }),
            ("bits", (0..<n).map { _ in Fr(rng.next() % 2) }),
            ("zeros", [Fr](repeating: .zero, count: n)),
            ("small with random blinding rows", (0..<n).map { i in i >= n - 6 ? Fr.random(using: &rng) : small(16) }),
            ("negatives only", (0..<n).map { _ in -Fr(1 + rng.next() % 1000) }),
        ]
        let prover = KZGProver(srs: srs)
        for (name, values) in columns {
            let coefficients = Evaluations(values: values, domain: domain).interpolate()
            XCTAssertEqual(basis.commit(values: values, threads: 2), prover.commit(coefficients), name)
        }
    }
}
