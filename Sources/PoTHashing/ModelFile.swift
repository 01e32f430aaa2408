import PoTSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open model file, read with `pread` only: positioned reads need no shared cursor, so
/// any number of hashing threads can read the same file at once, and nothing is mapped, so
/// the resident size stays the size of the read buffers whatever the file size.
public final class ModelFile: Sendable {
    public let path: String
    public let size: UInt64
    /// Regular files only, opened without blocking (PoTSystem.InputFile): a FIFO is refused.
    private let input: InputFile
    var descriptor: Int32 { input.descriptor }

    public init(path: String) throws(ModelFileError) {
        do { input = try InputFile(path: path) } catch { throw ModelFileError(path: path, reason: error.reason) }
        self.path = path
        self.size = input.size
    }

    /// Fills `buffer` from `offset`; a file that ends first is reported as truncated, with
    /// `what` naming the field that was being read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64, what: @autoclosure () -> String) throws(ModelFileError) {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n > 0 {
                done += n
            } else if n == 0 {
                throw ModelFileError(path: path, offset: offset + UInt64(done),
                                     reason: "file is truncated: it ends at byte \(size) inside \(what())")
            } else if errno != EINTR {
                throw ModelFileError(path: path, offset: offset + UInt64(done), reason: Self.errnoText())
            }
        }
    }

    /// Reads `count` bytes at `offset` into the front of `array`.
    func read(into array: inout [UInt8], count: Int, at offset: UInt64, what: @autoclosure () -> String) throws(ModelFileError) {
        precondition(count <= array.count)
        var failure: ModelFileError?
        array.withUnsafeMutableBytes { raw in
            do throws(ModelFileError) {
                try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]), at: offset, what: what())
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Reads `count` bytes at `offset` into a new array.
    func bytes(at offset: UInt64, count: Int, what: @autoclosure () -> String) throws(ModelFileError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try read(into: &out, count: count, at: offset, what: what())
        return out
    }

    /// Asks the kernel to drop this file's pages from the page cache, so that the next read
    /// comes from the disk. Best effort: pages mapped by another process stay, and some file
    /// systems ignore the advice.
    public func dropCachedPages() {
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        #endif
    }

    /// Tells the kernel the file is about to be read front to back (larger read-ahead).
    func adviseSequential() {
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
