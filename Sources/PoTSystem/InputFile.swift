#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input file opened the one safe way: regular files only, opened without blocking so that a
/// FIFO, a device or a directory given by mistake (or by an attacker) is refused at once rather
/// than hanging the process or streaming forever, with its size as `fstat` reports it.
public final class InputFile: @unchecked Sendable {
    public let path: String
    /// The size when opened; reads never go past it.
    public let size: UInt64
    /// The open descriptor, closed when the object goes.
    public let descriptor: Int32

    public init(path: String) throws(FileAccessError) {
        // O_NONBLOCK: opening a FIFO for reading blocks until a writer comes otherwise.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileAccessError(path: path, reason: Self.errnoText()) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = Self.errnoText()
            close(fd)
            throw FileAccessError(path: path, reason: reason)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FileAccessError(path: path, reason: "\(Self.kind(status.st_mode)), not a regular file")
        }
        // Regular files never block; clearing the flag keeps reads plain.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.size = UInt64(status.st_size)
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    /// The whole file, refused when larger than `limit` bytes (before anything is allocated).
    public static func read(_ path: String, limit: UInt64) throws(FileAccessError) -> [UInt8] {
        let file = try InputFile(path: path)
        guard file.size <= limit else {
            throw FileAccessError(path: path, reason: "is \(file.size) bytes, more than the \(limit) a file of this kind may have")
        }
        return try file.read(Int(file.size), at: 0)
    }

    /// The whole file as UTF-8 text (invalid sequences replaced), refused beyond `limit` bytes.
    public static func text(_ path: String, limit: UInt64) throws(FileAccessError) -> String {
        String(decoding: try read(path, limit: limit), as: UTF8.self)
    }

    /// Exactly `count` bytes from `offset`; a file that ends first is reported as truncated.
    public func read(_ count: Int, at offset: UInt64) throws(FileAccessError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard offset <= size, UInt64(count) <= size - offset else {
            throw FileAccessError(path: path, offset: offset, reason: "truncated: \(count) bytes wanted, the file has \(size)")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        var failure: FileAccessError?
        bytes.withUnsafeMutableBytes { buffer in
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if n > 0 {
                    done += n
                } else if n == 0 {
                    failure = FileAccessError(path: path, offset: offset + UInt64(done), reason: "the file ended early (it shrank while being read)")
                    return
                } else if errno != EINTR {
                    failure = FileAccessError(path: path, offset: offset + UInt64(done), reason: Self.errnoText())
                    return
                }
            }
        }
        if let failure { throw failure }
        return bytes
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "is a directory"
        case S_IFIFO: "is a FIFO"
        case S_IFCHR: "is a character device"
        case S_IFBLK: "is a block device"
        case S_IFSOCK: "is a socket"
        default: "is a special file"
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
