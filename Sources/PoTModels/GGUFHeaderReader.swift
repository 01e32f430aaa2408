import CGGML
import Foundation

/// ggml's GGUF reader run over the mapped file, so that a header it rejects is reported with a
/// position (where its last read began) and ggml's own reason instead of a bare failure.
enum GGUFHeaderReader {
    /// What one reading of a header saw: the map, the start of the last read and ggml's errors.
    private final class Session {
        let base: UnsafeRawPointer
        let size: Int
        var lastRead = 0
        var messages = ""

        init(base: UnsafeRawPointer, size: Int) {
            self.base = base
            self.size = size
        }
    }

    /// ggml's log callback is process-wide: one header is read at a time.
    private static let lock = NSLock()

    /// The gguf context and the ggml context of tensor headers (no data) of the mapped file.
    static func read(path: String, base: UnsafeRawPointer, size: Int) throws(ModelError) -> (OpaquePointer, OpaquePointer) {
        let session = Session(base: base, size: size)
        let user = Unmanaged.passUnretained(session).toOpaque()
        var context: OpaquePointer?
        let params = withUnsafeMutablePointer(to: &context) { gguf_init_params(no_alloc: true, ctx: $0) }
        lock.lock()
        ggml_log_set({ level, text, user in
            guard level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_CONT, let text, let user else { return }
            Unmanaged<Session>.fromOpaque(user).takeUnretainedValue().messages += String(cString: text)
        }, user)
        let gguf = gguf_init_from_callback({ user, output, offset, length in
            let session = Unmanaged<Session>.fromOpaque(user!).takeUnretainedValue()
            guard offset < UInt64(session.size) else {
                session.lastRead = session.size
                return 0
            }
            session.lastRead = Int(offset)
            let count = min(length, session.size - Int(offset))
            output!.copyMemory(from: session.base + Int(offset), byteCount: count)
            return count
        }, user, 0, UInt64(size), params)
        // Errors reach the caller as ModelError, not as ggml's log.
        ggml_log_set({ _, _, _ in }, nil)
        lock.unlock()
        guard let gguf, let context else {
            throw ModelError(path: path, offset: session.lastRead, reason: reason(session.messages))
        }
        return (gguf, context)
    }

    /// ggml's last error line without its function-name prefix.
    private static func reason(_ log: String) -> String {
        let lines = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard var last = lines.last(where: { !$0.contains("failed to read") }) ?? lines.last else {
            return "corrupt or truncated GGUF header"
        }
        if let colon = last.range(of: ": "), !last[..<colon.lowerBound].contains(" ") {
            last = String(last[colon.upperBound...])
        }
        return "corrupt or truncated GGUF header: \(last)"
    }
}
