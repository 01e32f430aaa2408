import Foundation
import PoTAlgebra
import XCTest

@testable import PoTCommitments

enum TestSRS {
    /// τ of the in-process test SRS (any nonzero value: the tests never rely on it being secret).
    static let tau = Fr("0x2c8f1b4a7d3e9f6015a4c3b2e1d0f9e8d7c6b5a4938271605f4e3d2c1b0a9988")!
    /// 2^8 powers: enough for every polynomial the KZG tests use, and built in milliseconds.
    static let shared = SRS.insecure(k: 8, tau: tau)
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// A fresh directory under the system's temporary folder, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pot-kzg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

func randomPolynomial(_ count: Int, using rng: inout SeededRandom) -> Polynomial {
    Polynomial(coefficients: (0..<count).map { _ in Fr.random(using: &rng) })
}

/// Asserts that `body` throws an SRSError matching `expected`, and that its message names the file.
func assertSRSError(_ body: @autoclosure () throws -> Any, path: String, _ matches: (SRSError) -> Bool,
                    file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an SRSError", file: file, line: line)
    } catch let error as SRSError {
        XCTAssertTrue(matches(error), "unexpected error: \(error)", file: file, line: line)
        XCTAssertTrue(error.description.hasPrefix(path), "message does not name the file: \(error)", file: file, line: line)
    } catch {
        XCTFail("unexpected error type: \(error)", file: file, line: line)
    }
}
