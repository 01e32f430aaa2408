#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PoTHashing

/// `pot bench hash FILE`: committing to a model file, names and units fixed by issue 6.
///
/// - `hash_throughput` (GB/s): file bytes per second of a whole commitment (headers parsed,
///   metadata and every tensor hashed), params `threads` (1, 2) and `cold`: 0 for a file in
///   the page cache, 1 for a file dropped from it before each run with
///   `posix_fadvise(DONTNEED)` (best effort: the kernel may keep pages another process maps).
/// - `hash_peak_rss` (MiB): the process's peak resident size after the runs above and a
///   two-thread run; it includes the runtime and the benchmark itself, so it bounds hashing's
///   own footprint from above.
public enum HashWorkloads {
    public static func all(path: String) throws -> [Workload] {
        let layout = try ModelLayout.open(path: path)
        let bytes = layout.files.reduce(0) { $0 + Int($1.size) }
        @Sendable func hash(threads: Int) {
            do {
                blackHole(try ModelCommitment(layout: layout, threads: threads, tool: "pot bench").modelRoot)
            } catch {
                fatalError("hashing \(path) failed during the benchmark: \(error)")
            }
        }
        let dropCache: @Sendable () -> Void = { for file in layout.files { file.dropCachedPages() } }
        var workloads: [Workload] = []
        for cold in [0, 1] {
            for threads in [1, 2] {
                workloads.append(Workload(name: "hash_throughput", params: ["threads": threads, "cold": cold], unit: .gbPerSecond,
                                          batch: bytes, prepare: cold == 1 ? dropCache : nil) { hash(threads: threads) })
            }
        }
        workloads.append(Workload(name: "hash_peak_rss", params: ["threads": 2], unit: .mib, batch: 1, gauge: peakResidentMiB) {
            hash(threads: 2)
        })
        return workloads
    }

    /// The process's peak resident set size so far (`ru_maxrss`: KiB on Linux, bytes on macOS).
    @Sendable static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }
}
