#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being written under a temporary name in its destination's folder and renamed into
/// place only when complete: a failure or an interruption leaves no partial file under the real
/// name and the old file, if any, untouched.
///
/// Before anything is written the destination is checked: its folder must exist, it must not be
/// one of the command's inputs (`pot setup import x -o x` would otherwise read what it destroys),
/// and an existing file is replaced only with `force`.
public final class OutputFile {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var offset: UInt64 = 0

    public init(path: String, inputs: [String] = [], force: Bool) throws(FileAccessError) {
        try Self.check(path, inputs: inputs, force: force)
        var template = Array("\(Self.folder(of: path))/.\(Self.name(of: path)).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw FileAccessError(path: path, reason: "cannot create a temporary file beside it: \(InputFile.errnoText())")
        }
        _ = fchmod(fd, 0o644)
        self.path = path
        self.temporaryPath = String(cString: template)
        self.descriptor = fd
    }

    /// Removes the temporary file unless `commit()` ran.
    deinit { abandon() }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws(FileAccessError) {
        var failure: FileAccessError?
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if n >= 0 {
                    done += n
                } else if errno != EINTR {
                    failure = FileAccessError(path: path, reason: "cannot write: \(InputFile.errnoText())")
                    return
                }
            }
        }
        if let failure {
            abandon()
            throw failure
        }
        offset += UInt64(bytes.count)
    }

    /// Flushes the file to disk and renames it to `path`.
    public func commit() throws(FileAccessError) {
        guard descriptor >= 0 else { throw FileAccessError(path: path, reason: "the output was abandoned") }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let reason = InputFile.errnoText()
            abandon()
            throw FileAccessError(path: path, reason: "cannot write: \(reason)")
        }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = InputFile.errnoText()
            unlink(temporaryPath)
            throw FileAccessError(path: path, reason: "cannot rename the finished file into place: \(reason)")
        }
    }

    /// Drops what was written; the destination stays as it was.
    public func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        unlink(temporaryPath)
        descriptor = -1
    }

    /// Writes `bytes` to `path` as one complete file.
    public static func write(_ bytes: [UInt8], to path: String, inputs: [String] = [], force: Bool) throws(FileAccessError) {
        let file = try OutputFile(path: path, inputs: inputs, force: force)
        try file.write(bytes)
        try file.commit()
    }

    /// Writes several files that belong together (a proving and a verifying key): every
    /// destination is checked before any is written, and the renames come only once all are
    /// complete, so a failure while writing leaves none of them.
    public static func write(_ files: [(path: String, bytes: [UInt8])], inputs: [String] = [], force: Bool) throws(FileAccessError) {
        let paths = files.map(\.path)
        if let twice = paths.first(where: { p in paths.filter { $0 == p }.count > 1 }) {
            throw FileAccessError(path: twice, reason: "is given for two outputs")
        }
        for path in paths { try check(path, inputs: inputs, force: force) }
        var staged: [OutputFile] = []
        for file in files {
            let output = try OutputFile(path: file.path, inputs: inputs, force: force)
            try output.write(file.bytes)
            staged.append(output)
        }
        for output in staged { try output.commit() }
    }

    /// Refuses a destination whose folder is missing, that is a directory, that is one of
    /// `inputs` (the same file under any name), or that exists when `force` is not set.
    public static func check(_ path: String, inputs: [String], force: Bool) throws(FileAccessError) {
        var folderStatus = stat()
        guard stat(folder(of: path), &folderStatus) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else {
            throw FileAccessError(path: path, reason: "its folder \(folder(of: path)) does not exist")
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) != S_IFDIR else { throw FileAccessError(path: path, reason: "is a directory") }
        for input in inputs {
            var inputStatus = stat()
            if stat(input, &inputStatus) == 0, inputStatus.st_dev == status.st_dev, inputStatus.st_ino == status.st_ino {
                throw FileAccessError(path: path, reason: "is also an input of this command; write the output elsewhere")
            }
        }
        guard force else { throw FileAccessError(path: path, reason: "exists; give --force to replace it") }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}
