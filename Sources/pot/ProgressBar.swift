import Foundation
import PoTSystem

/// A one-line progress bar on stderr, drawn only when stderr is a terminal, so pipes and
/// logs stay clean. Redraws at most ten times a second.
final class ProgressBar {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?

    init(_ label: String) { self.label = label }

    func update(_ done: UInt64, of total: UInt64) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
        lastDraw = now
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let seconds = (now - start).seconds
        let rate = seconds > 0 ? Double(done) / seconds / 1e9 : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "%@ [%@] %3.0f%%  %@ / %@  %.2f GB/s", label, bar, fraction * 100,
                          Self.size(done), Self.size(total), rate)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Clears the line.
    func finish() {
        if enabled, lastDraw != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func size(_ bytes: UInt64) -> String {
        let b = Double(bytes)
        return b >= 1e9 ? String(format: "%.2f GB", b / 1e9) : b >= 1e6 ? String(format: "%.1f MB", b / 1e6) : String(format: "%.0f kB", b / 1e3)
    }
}

/// A status line on stderr for long work without a byte count, drawn only on a terminal.
final class StatusLine {
    private let enabled = isatty(STDERR_FILENO) == 1

    func show(_ text: String) {
        if enabled { FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8)) }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
