import Foundation
import PoTHashing
import XCTest

/// The fixtures in Fixtures/ and their known answers (expected.json) come from
/// scripts/vectors/hashing_vectors.py: files written by gguf-py's GGUFWriter and the
/// safetensors package, roots recomputed with Python's hashlib from docs/hashing.md.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }

    nonisolated(unsafe) static let expected: [String: Any] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("expected.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    /// The reference model for `file` at `chunkSize`, as the Python script computed it.
    static func model(_ file: String, chunkSize: UInt64) -> [String: Any] {
        (expected["models"] as! [String: Any])["\(file)@\(chunkSize)"] as! [String: Any]
    }
}

/// The SmolLM2 GGUF that `scripts/setup.sh` installs.
enum TestModel {
    static var path: String {
        ProcessInfo.processInfo.environment["POT_TEST_MODEL"]
            ?? NSHomeDirectory() + "/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf"
    }

    static func require() throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("test model missing at \(path): run `make setup`")
            throw XCTSkip("no test model")
        }
        return path
    }
}

/// A folder of its own per test, removed afterwards.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pot-hashing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to `name` and returns the path. Plain stdio: `Data.write` syncs to
    /// disk, which would make the fuzz tests' thousands of small files slow.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        guard let file = fopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    func copy(fixture: String, as name: String? = nil) throws -> String {
        try write(name ?? fixture, try Fixtures.bytes(fixture))
    }
}

func commit(_ path: String, format: ModelFormat? = nil, chunkSize: UInt64 = ModelCommitment.defaultChunkSize,
            threads: Int = 2) throws -> ModelCommitment {
    try ModelCommitment(layout: try ModelLayout.open(path: path, format: format), chunkSize: chunkSize, threads: threads, tool: "test")
}

/// Asserts that opening `path` fails with an error that names the file, the offset when one
/// is given, and contains `reason`.
func assertRejects(_ path: String, format: ModelFormat? = nil, reason: String, offset: UInt64? = nil, naming: String? = nil,
                   file: StaticString = #filePath, line: UInt = #line) {
    do {
        let commitment = try commit(path, format: format)
        XCTFail("accepted, root \(commitment.modelRoot)", file: file, line: line)
    } catch let error as ModelFileError {
        XCTAssertEqual(error.path, naming ?? path, file: file, line: line)
        XCTAssertTrue(error.reason.contains(reason), "\(error) does not say \(reason)", file: file, line: line)
        if let offset { XCTAssertEqual(error.offset, offset, "\(error)", file: file, line: line) }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

/// Writes GGUF headers field by field, including fields a valid writer never produces.
struct GGUFBuilder {
    var version: UInt32 = 3
    var tensorCount: UInt64?
    var keyValueCount: UInt64?
    var keyValues: [[UInt8]] = []
    var tensorInfos: [[UInt8]] = []
    var alignment: UInt64 = 32
    var data: [UInt8] = []

    static func string(_ s: [UInt8]) -> [UInt8] { le(UInt64(s.count)) + s }
    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    mutating func keyValue(_ key: String, type: UInt32, value: [UInt8]) {
        keyValues.append(Self.string(Array(key.utf8)) + Self.le(type) + value)
    }

    mutating func tensor(name: [UInt8], dims: [UInt64], type: UInt32, offset: UInt64) {
        tensorInfos.append(Self.string(name) + Self.le(UInt32(dims.count)) + dims.flatMap { Self.le($0) } + Self.le(type) + Self.le(offset))
    }

    mutating func tensor(_ name: String, dims: [UInt64], type: UInt32 = 0, offset: UInt64) {
        tensor(name: Array(name.utf8), dims: dims, type: type, offset: offset)
    }

    var bytes: [UInt8] {
        var out = Array("GGUF".utf8) + Self.le(version)
        out += Self.le(tensorCount ?? UInt64(tensorInfos.count)) + Self.le(keyValueCount ?? UInt64(keyValues.count))
        out += keyValues.flatMap { $0 } + tensorInfos.flatMap { $0 }
        while UInt64(out.count) % alignment != 0 { out.append(0) }
        return out + data
    }
}

/// Writes safetensors files from a header text and a data buffer.
func safetensors(_ header: String, data: [UInt8]) -> [UInt8] {
    GGUFBuilder.le(UInt64(header.utf8.count)) + Array(header.utf8) + data
}
