import PoTAlgebra

/// `pot bench ntt`: the forward NTT over Fr. Name and unit fixed by issue 3: ntt_fr (ms),
/// params log_n and threads.
public enum NTTWorkloads {
    public static let logSizes = [12, 14, 16, 18, 20]
    public static let threadCounts = [1, 2]

    /// One forward transform, in place, of a random vector: natural-order coefficients to
    /// natural-order evaluations, bit-reversal permutation included. The domain and its
    /// twiddles are built here, outside the timed body, as a prover builds them once per size.
    public static func all() -> [Workload] {
        var rng = SeededRandom(seed: 3)
        return logSizes.flatMap { logSize in
            let domain = Domain(logSize: logSize)
            let buffer = Buffer(values: (0..<domain.size).map { _ in Fr.random(using: &rng) })
            return threadCounts.map { threads in
                Workload(name: "ntt_fr", params: ["log_n": logSize, "threads": threads], unit: .ms, batch: 1) {
                    // Each run transforms the previous run's output: same work, no copy timed.
                    domain.ntt(&buffer.values, threads: threads)
                }
            }
        }
    }

    /// The vector a workload transforms in place across runs (workloads are `@Sendable`, and
    /// `pot bench` runs one at a time).
    private final class Buffer: @unchecked Sendable {
        var values: [Fr]
        init(values: [Fr]) { self.values = values }
    }
}
