import Foundation

/// The process's resident memory as Linux reports it in /proc/self/status: what the memory
/// planner starts from, what `pot prove` reports and what the benchmarks gauge. Zero where the
/// file does not exist.
public enum ResidentMemory {
    /// Resident bytes now (VmRSS).
    public static var current: Int { field("VmRSS:") }

    /// The high-water mark of resident bytes (VmHWM), since start or the last `resetPeak()`.
    public static var peak: Int { field("VmHWM:") }

    /// Lowers the high-water mark to the current size, so a later `peak` covers only what
    /// followed.
    public static func resetPeak() {
        guard let f = fopen("/proc/self/clear_refs", "w") else { return }
        fputs("5", f)
        fclose(f)
    }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kib = Int(line.split(separator: " ")[1]) else { return 0 }
        return kib * 1024
    }
}
