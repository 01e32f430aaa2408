import Foundation
import PoTSystem

/// One measured figure: `body` runs `batch` operations; `pot bench` times it `runs` times and
/// reports the time per operation in `unit` (or, for a rate unit, `batch` bytes per second;
/// for a size unit, what `gauge` reads after each run). The same workloads feed package-benchmark
/// (`Benchmarks/`), so the two never measure different code.
public struct Workload: Sendable {
    public enum Unit: String, Sendable {
        case ns, us, ms
        /// Throughput: `batch` is the number of bytes one call of `body` processes.
        case gbPerSecond = "GB/s"
        /// Throughput: `batch` is the number of tokens one call of `body` processes.
        case tokensPerSecond = "tok/s"
        /// Throughput: `batch` is the number of multiply-accumulates one call of `body` does.
        case gmacPerSecond = "GMAC/s"
        /// A size read by `gauge` after each run (e.g. peak resident memory), not a time.
        case mib = "MiB"
        /// A size in bytes read by `gauge` (e.g. a proof's length).
        case bytes = "B"
        /// A count of table rows read by `gauge` (a circuit's size).
        case rows
    }

    /// Fixed per group by the issue that asks for it, so figures compare across versions.
    public let name: String
    public let params: [String: Int]
    /// Parameters that are names rather than numbers (e.g. `circuit`), printed with `params`.
    public let labels: [String: String]
    public let unit: Unit
    /// Operations per call of `body`.
    public let batch: Int
    public let body: @Sendable () -> Void
    /// Untimed work before each timed run (e.g. dropping a file from the page cache).
    public let prepare: (@Sendable () -> Void)?
    /// The figure for units that are not times, read after each run.
    public let gauge: (@Sendable () -> Double)?

    public init(name: String, params: [String: Int] = [:], labels: [String: String] = [:], unit: Unit, batch: Int,
                prepare: (@Sendable () -> Void)? = nil, gauge: (@Sendable () -> Double)? = nil,
                body: @escaping @Sendable () -> Void) {
        precondition(unit.isSize == (gauge != nil), "a size figure needs a gauge, a time or rate figure none")
        self.name = name
        self.params = params
        self.labels = labels
        self.unit = unit
        self.batch = batch
        self.prepare = prepare
        self.gauge = gauge
        self.body = body
    }

    public struct Result: Sendable {
        public let workload: Workload
        public let runs: Int
        public let median: Double, min: Double, max: Double
    }

    /// Times `runs` calls of `body` after one warm-up call, each after `prepare`.
    public func measure(runs: Int) -> Result {
        body()  // warm-up: caches, lazy tables, page faults
        var samples: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            prepare?()
            let elapsed = clock.measure(body)
            samples.append(gauge?() ?? unit.sample(seconds: elapsed.seconds, batch: batch))
        }
        samples.sort()
        let mid = samples.count / 2
        let median = samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
        return Result(workload: self, runs: runs, median: median, min: samples[0], max: samples[samples.count - 1])
    }
}

extension Workload.Unit {
    /// One sample from the duration of a run of `batch` operations (or bytes).
    func sample(seconds: Double, batch: Int) -> Double {
        switch self {
        case .ns: seconds / Double(batch) * 1e9
        case .us: seconds / Double(batch) * 1e6
        case .ms: seconds / Double(batch) * 1e3
        case .gbPerSecond: Double(batch) / seconds / 1e9
        case .tokensPerSecond: Double(batch) / seconds
        case .gmacPerSecond: Double(batch) / seconds / 1e9
        case .mib, .bytes, .rows: .nan  // gauged, never timed (see init)
        }
    }

    var isSize: Bool { self == .mib || self == .bytes || self == .rows }
}

/// Prints results as they come: JSON lines (the DESIGN.md format) or a table; progress goes
/// to stderr only when it is a terminal.
public struct WorkloadReport {
    public let json: Bool
    public let runs: Int

    public init(json: Bool, runs: Int) {
        self.json = json
        self.runs = runs
    }

    /// Measures each workload in turn and prints its line as soon as it is known.
    public func run(_ workloads: [Workload]) {
        let showProgress = isatty(STDERR_FILENO) == 1
        for (i, workload) in workloads.enumerated() {
            if showProgress {
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(i + 1)/\(workloads.count)] \(workload.name)…".utf8))
            }
            let result = workload.measure(runs: runs)
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(json ? result.jsonLine : result.tableLine)
            fflush(nil)  // each figure appears as soon as it is measured, also in a pipe
        }
    }
}

extension Workload.Result {
    private static func number(_ x: Double) -> String { String(format: x < 10 ? "%.3f" : "%.1f", x) }

    /// One line of the DESIGN.md benchmark format.
    public var jsonLine: String {
        let params = (workload.params.map { ($0.key, "\($0.value)") } + workload.labels.map { ($0.key, "\"\($0.value)\"") })
            .sorted { $0.0 < $1.0 }.map { "\"\($0.0)\": \($0.1)" }
        return "{\"name\": \"\(workload.name)\", \"params\": {\(params.joined(separator: ", "))}, "
            + "\"median\": \(Self.number(median)), \"unit\": \"\(workload.unit.rawValue)\", \"runs\": \(runs), "
            + "\"min\": \(Self.number(min)), \"max\": \(Self.number(max))}"
    }

    public var tableLine: String {
        let params = (workload.params.map { ($0.key, "\($0.value)") } + workload.labels.map { ($0.key, $0.value) })
            .sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        // Padded to a column of 32, never cut: labels with several params run longer.
        let text = workload.name + (params.isEmpty ? "" : " (\(params))")
        let label = text + String(repeating: " ", count: Swift.max(0, 32 - text.count))
        return "  \(label) \(Self.number(median)) \(workload.unit.rawValue)   [min \(Self.number(min)), max \(Self.number(max)), \(runs) runs]"
    }
}

/// The resident-memory gauge of the size figures (`infer_peak_rss`, `prove_peak_rss`): the
/// high-water mark is reset before each run, so a figure covers one workload.
enum PeakResident {
    @Sendable static func reset() { ResidentMemory.resetPeak() }
    @Sendable static func mib() -> Double { Double(ResidentMemory.peak) / Double(1 << 20) }
}
