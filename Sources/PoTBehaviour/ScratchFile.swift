import Foundation
import PoTSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file the reference pass writes and the candidate pass reads, through one descriptor.
///
/// ``anonymous(in:)`` removes the file's name as soon as it is created: the bytes live as long
/// as the descriptor, so the space comes back however the process ends (an interrupted audit of
/// a big model would otherwise leave gigabytes behind), and no other process can open it by name.
final class ScratchFile {
    /// The path for messages (the name it had, for an anonymous file).
    let name: String
    private let descriptor: Int32
    /// Keeps a file opened by path (and its descriptor) alive.
    private let input: InputFile?

    private init(name: String, descriptor: Int32, input: InputFile?) {
        self.name = name
        self.descriptor = descriptor
        self.input = input
    }

    deinit { if input == nil { close(descriptor) } }

    /// A new file at `path`, readable and writable by its owner only; refuses an existing one.
    static func create(path: String) throws(BehaviourError) -> ScratchFile {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .scoring("\(path): cannot create the file of reference outputs: \(errnoText())") }
        return ScratchFile(name: path, descriptor: fd, input: nil)
    }

    /// A new file in `folder` whose name is gone at once.
    static func anonymous(in folder: String) throws(BehaviourError) -> ScratchFile {
        let file = try create(path: folder + "/pot-reference-outputs-\(UUID().uuidString).bin")
        guard unlink(file.name) == 0 else { throw .scoring("\(file.name): cannot remove the name of the file: \(errnoText())") }
        return file
    }

    /// An existing regular file, read-only.
    static func existing(path: String) throws(BehaviourError) -> ScratchFile {
        do {
            let input = try InputFile(path: path)
            return ScratchFile(name: path, descriptor: input.descriptor, input: input)
        } catch { throw .rejected("\(error)") }
    }

    /// Bytes in the file now.
    var size: UInt64 {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? UInt64(status.st_size) : 0
    }

    func write(_ bytes: [UInt8], at offset: UInt64) throws(BehaviourError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done)) }
            if n >= 0 {
                done += n
            } else if errno != EINTR {
                throw .scoring("\(name): cannot write: \(Self.errnoText())")
            }
        }
    }

    /// Exactly `count` bytes from `offset`.
    func read(_ count: Int, at offset: UInt64) throws(BehaviourError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n > 0 {
                done += n
            } else if n == 0 {
                throw .rejected("\(name): ends at byte \(offset + UInt64(done)), inside a field (cut short)")
            } else if errno != EINTR {
                throw .rejected("\(name): cannot read: \(Self.errnoText())")
            }
        }
        return bytes
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
