import Benchmark
import PoTBench

/// Each `pot bench algebra` workload as a package-benchmark benchmark. One iteration runs
/// the workload's whole batch, so wall-clock figures are per batch (the name says its size);
/// the malloc counts show that the kernels allocate nothing.
let benchmarks: @Sendable () -> Void = {
    for workload in AlgebraWorkloads.all() {
        Benchmark(
            "\(workload.name) ×\(workload.batch)",
            configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(3))
        ) { benchmark in
            for _ in benchmark.scaledIterations { workload.body() }
        }
    }
}
