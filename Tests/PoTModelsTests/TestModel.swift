import Foundation
import PoTModels
import XCTest

/// The real SmolLM2-135M-Instruct Q4_1 file that `make setup` installs, loaded once for all tests.
enum TestModel {
    static let path = ProcessInfo.processInfo.environment["POT_TEST_MODEL"]
        ?? NSHomeDirectory() + "/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf"

    nonisolated(unsafe) private static var loaded: LanguageModel?
    private static let lock = NSLock()

    /// Throws, naming the path, when the file is missing: `make setup` installs it.
    static func model() throws -> LanguageModel {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let model = try LanguageModel(path: path, contextLength: 512, threads: 2)
        loaded = model
        return model
    }
}

/// Files under Tests/PoTModelsTests/Fixtures.
enum Fixtures {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }
}
