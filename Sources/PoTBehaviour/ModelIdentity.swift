import Foundation
import PoTSystem

/// A model named in a transcript: its path when the run was made and the SHA-256 of the file.
public struct ModelIdentity: Codable, Sendable, Equatable {
    public let path: String
    public let sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }

    /// Hashes the file at `path` in 4 MiB reads, so a large model never sits in memory.
    public static func of(path: String) throws(BehaviourError) -> ModelIdentity {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .scoring("\(path): cannot open the model file") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty { hasher.update(Array(chunk)) }
        return ModelIdentity(path: path, sha256: Hex.encode(hasher.finalize()))
    }
}
