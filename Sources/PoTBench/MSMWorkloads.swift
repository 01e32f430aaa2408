import CBN254
import PoTAlgebra

/// `pot bench msm`: G1 multi-scalar multiplication. Name, params and unit are fixed by
/// issue 3: msm_g1 with log_n and threads, in ms.
public enum MSMWorkloads {
    public static let logSizes = [12, 14, 16, 18, 20]
    public static let threadCounts = [1, 2]

    public static func all() -> [Workload] {
        let n = 1 << logSizes.max()!
        var rng = SeededRandom(seed: 3)
        let scalars = (0..<n).map { _ in Fr.random(using: &rng) }
        let bases = chainedBases(n, using: &rng)
        return logSizes.flatMap { logN in
            threadCounts.map { threads in
                Workload(name: "msm_g1", params: ["log_n": logN, "threads": threads], unit: .ms, batch: 1) {
                    let size = 1 << logN
                    blackHole(G1.msm(bases: bases[..<size], scalars: scalars[..<size], threads: threads).raw)
                }
            }
        }
    }

    /// P, P + Q, P + 2Q, ...: a million distinct bases in about a second (one addition each and
    /// a single batched conversion to affine) instead of a scalar multiplication each.
    static func chainedBases(_ n: Int, using rng: inout SeededRandom) -> [bn254_g1_affine] {
        let step = G1.generator * Fr.random(using: &rng)
        var points = [G1](repeating: G1.generator * Fr.random(using: &rng), count: n)
        for i in 1..<n { points[i] = points[i - 1] + step }
        return G1.batchAffine(points)
    }
}
