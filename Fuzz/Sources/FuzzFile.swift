#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parsers that read files by path get each input through one file per process, rewritten
/// in place (in /dev/shm where it exists, so that no disk is touched).
enum FuzzFile {
    nonisolated(unsafe) private static var path: String = {
        var info = stat()
        let folder = stat("/dev/shm", &info) == 0 ? "/dev/shm" : "/tmp"
        return "\(folder)/pot-fuzz-\(getpid())"
    }()

    /// The path of a file holding exactly `bytes`.
    static func holding(_ bytes: [UInt8]) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(fd >= 0, "cannot write the fuzzing input file \(path)")
        defer { close(fd) }
        var done = 0
        bytes.withUnsafeBytes { buffer in
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                precondition(n > 0 || errno == EINTR, "cannot write the fuzzing input file \(path)")
                if n > 0 { done += n }
            }
        }
        return path
    }

    static func remove() { unlink(path) }
}
