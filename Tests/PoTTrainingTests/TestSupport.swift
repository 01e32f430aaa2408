import Foundation
import XCTest

@testable import PoTTraining

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// The digits CSV that `make setup` caches (POT_DIGITS in `make test`).
enum RealDigits {
    static let path = ProcessInfo.processInfo.environment["POT_DIGITS"] ?? NSHomeDirectory() + "/.cache/pot/data/digits.csv"
}

/// A fresh directory under the system's temporary folder, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pot-training-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Asserts that `body` throws a TrainingError whose message starts with `prefix` and contains `reason`.
func assertTrainingError(_ body: @autoclosure () throws -> Any, prefix: String, reason: String,
                         file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
    } catch let error as TrainingError {
        XCTAssertTrue(error.description.hasPrefix(prefix), "message does not start with \(prefix): \(error)", file: file, line: line)
        XCTAssertTrue(error.description.contains(reason), "message does not say \(reason): \(error)", file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
