import Foundation

/// One measured figure: `body` runs `batch` operations and is timed `runs` times; the figure
/// is the time per operation in `unit`.
struct Benchmark {
    enum Unit: String { case ns, us, ms }

    let name: String
    let params: [String: Int]
    let unit: Unit
    let runs: Int
    let batch: Int
    let body: () -> Void

    struct Result {
        let benchmark: Benchmark
        let median: Double, min: Double, max: Double
    }

    func measure() -> Result {
        body()  // warm-up: caches, lazy tables, page faults
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            samples.append(seconds / Double(batch) * unit.perSecond)
        }
        samples.sort()
        let mid = samples.count / 2
        let median = samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
        return Result(benchmark: self, median: median, min: samples[0], max: samples[samples.count - 1])
    }
}

extension Benchmark.Unit {
    var perSecond: Double {
        switch self {
        case .ns: 1e9
        case .us: 1e6
        case .ms: 1e3
        }
    }
}

/// Prints results as they come: JSON lines (the DESIGN.md format) or a table; progress goes
/// to stderr only when it is a terminal.
struct BenchmarkReport {
    let json: Bool

    func run(_ benchmarks: [Benchmark]) {
        let showProgress = isatty(STDERR_FILENO) == 1
        for (i, benchmark) in benchmarks.enumerated() {
            if showProgress {
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(i + 1)/\(benchmarks.count)] \(benchmark.name)…".utf8))
            }
            let result = benchmark.measure()
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(json ? result.jsonLine : result.tableLine)
            fflush(stdout)
        }
    }
}

extension Benchmark.Result {
    private static func number(_ x: Double) -> String { String(format: x < 10 ? "%.3f" : "%.1f", x) }

    var jsonLine: String {
        let params = benchmark.params.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        return "{\"name\": \"\(benchmark.name)\", \"params\": {\(params.joined(separator: ", "))}, "
            + "\"median\": \(Self.number(median)), \"unit\": \"\(benchmark.unit.rawValue)\", \"runs\": \(benchmark.runs), "
            + "\"min\": \(Self.number(min)), \"max\": \(Self.number(max))}"
    }

    var tableLine: String {
        let params = benchmark.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let label = (benchmark.name + (params.isEmpty ? "" : " (\(params))")).padding(toLength: 32, withPad: " ", startingAt: 0)
        return "  \(label) \(Self.number(median)) \(benchmark.unit.rawValue)   [min \(Self.number(min)), max \(Self.number(max)), \(benchmark.runs) runs]"
    }
}
