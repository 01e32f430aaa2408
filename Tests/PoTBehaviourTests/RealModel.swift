import Foundation
import PoTModels

/// The SmolLM2-135M-Instruct Q4_1 file that `make setup` installs (POT_TEST_MODEL in `make test`).
enum RealModel {
    static let path = ProcessInfo.processInfo.environment["POT_TEST_MODEL"]
        ?? NSHomeDirectory() + "/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf"

    /// A fresh instance; each has its own KV cache, so reference and candidate need two. One
    /// thread: on a busy machine ggml's threads spin at their barriers, and two of them on one
    /// free core made these tests ten times slower.
    static func load(contextLength: Int = 256) throws -> LanguageModel {
        try LanguageModel(path: path, contextLength: contextLength, threads: 1)
    }
}
