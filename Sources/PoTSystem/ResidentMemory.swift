import Foundation
#if canImport(Darwin)
import Darwin
#endif

/// The process's resident memory: what the memory planner starts from, what `pot prove` reports
/// and what the benchmarks gauge. Linux reports it in /proc/self/status (zero where that file
/// does not exist); macOS through mach `task_info` (MACH_TASK_BASIC_INFO).
public enum ResidentMemory {
    /// Resident bytes now (VmRSS; `resident_size` on macOS).
    public static var current: Int {
        #if os(macOS)
        return Int(clamping: machBasicInfo()?.resident_size ?? 0)
        #else
        return field("VmRSS:")
        #endif
    }

    /// The high-water mark of resident bytes (VmHWM), since start or the last `resetPeak()`; on
    /// macOS `resident_size_max`, which covers the whole process because it cannot be lowered.
    public static var peak: Int {
        #if os(macOS)
        return Int(clamping: machBasicInfo()?.resident_size_max ?? 0)
        #else
        return field("VmHWM:")
        #endif
    }

    /// Lowers the high-water mark to the current size, so a later `peak` covers only what
    /// followed. Linux only: macOS has no way to lower it, and nothing happens there.
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

    #if os(macOS)
    /// This task's port, taken once by the trap rather than from the `mach_task_self_` global,
    /// which SDKs before macOS 15.4 do not mark safe for concurrent use.
    private static let task: mach_port_t = task_self_trap()

    private static func machBasicInfo() -> mach_task_basic_info? {
        var info = mach_task_basic_info()
        var count = mach_msg_type_number_t(MemoryLayout<mach_task_basic_info>.size / MemoryLayout<natural_t>.size)
        let status = withUnsafeMutablePointer(to: &info) {
            $0.withMemoryRebound(to: integer_t.self, capacity: Int(count)) {
                task_info(task, task_flavor_t(MACH_TASK_BASIC_INFO), $0, &count)
            }
        }
        return status == KERN_SUCCESS ? info : nil
    }
    #endif
}
