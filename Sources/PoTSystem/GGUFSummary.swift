import CGGML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The header of a GGUF model file, read through ggml's gguf API without loading tensor data.
public struct GGUFSummary: Sendable, Equatable {
    /// GGUF format version.
    public let version: UInt32
    /// `general.architecture`, e.g. "llama".
    public let architecture: String
    /// `general.name` when present.
    public let name: String?
    public let tensorCount: Int
    public let keyValueCount: Int

    /// Errors name the file and the reason.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads the header of the GGUF file at `path`.
    public init(path: String) throws(Failure) {
        try Self.checkMagic(path)
        let params = gguf_init_params(no_alloc: true, ctx: nil)
        guard let ctx = gguf_init_from_file(path, params) else {
            throw Failure(path: path, reason: "corrupt or truncated GGUF header")
        }
        defer { gguf_free(ctx) }
        func string(_ key: String) -> String? {
            let id = gguf_find_key(ctx, key)
            guard id >= 0, gguf_get_kv_type(ctx, id) == GGUF_TYPE_STRING,
                  let value = gguf_get_val_str(ctx, id) else { return nil }
            return String(cString: value)
        }
        guard let architecture = string("general.architecture") else {
            throw Failure(path: path, reason: "GGUF header has no general.architecture")
        }
        self.version = gguf_get_version(ctx)
        self.architecture = architecture
        self.name = string("general.name")
        self.tensorCount = Int(gguf_get_n_tensors(ctx))
        self.keyValueCount = Int(gguf_get_n_kv(ctx))
    }

    /// Names the common failures before ggml sees the file: missing, unreadable, not a regular
    /// file (a FIFO would block ggml's reader), not GGUF.
    private static func checkMagic(_ path: String) throws(Failure) {
        let magic: [UInt8]
        do { magic = try InputFile(path: path).read(4, at: 0) } catch {
            throw Failure(path: path, reason: error.offset == nil ? error.reason : "not a GGUF file (shorter than its magic number)")
        }
        guard magic == Array("GGUF".utf8) else {
            throw Failure(path: path, reason: "not a GGUF file (the first four bytes are not \"GGUF\")")
        }
    }
}
