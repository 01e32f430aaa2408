import Foundation
import PoTSystem
import XCTest

/// Inputs: regular files only, refused at once otherwise (a FIFO used to hang every reader),
/// sizes capped before allocation. Outputs: complete or absent, never over an input, never over
/// an existing file without `force`.
final class FileSafetyTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pot-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let path = "\(folder!)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func refuses(_ path: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try InputFile.read(path, limit: 1 << 20), file: file, line: line) { error in
            XCTAssertEqual(String(describing: error), "\(path): \(reason)", file: file, line: line)
        }
    }

    func testAFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = "\(folder!)/fifo"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        refuses(path, "is a FIFO, not a regular file")
    }

    func testDirectoriesAndDevicesAreRefused() {
        refuses(folder, "is a directory, not a regular file")
        refuses("/dev/zero", "is a character device, not a regular file")
        refuses("\(folder!)/missing", "No such file or directory")
    }

    func testTheSizeCapComesBeforeTheRead() throws {
        let path = try file("big", String(repeating: "x", count: 100))
        XCTAssertEqual(try InputFile.read(path, limit: 100).count, 100)
        XCTAssertThrowsError(try InputFile.read(path, limit: 99)) { error in
            XCTAssertEqual(String(describing: error), "\(path): is 100 bytes, more than the 99 a file of this kind may have")
        }
    }

    func testAReadPastTheEndIsPositioned() throws {
        let file = try InputFile(path: try self.file("short", "abc"))
        XCTAssertEqual(try file.read(2, at: 1), Array("bc".utf8))
        XCTAssertThrowsError(try file.read(3, at: 1)) { error in
            XCTAssertEqual((error as? FileAccessError)?.offset, 1)
        }
    }

    func testAnExistingOutputNeedsForce() throws {
        let path = try file("out", "old")
        XCTAssertThrowsError(try OutputFile.write(Array("new".utf8), to: path, force: false)) { error in
            XCTAssertEqual(String(describing: error), "\(path): exists; give --force to replace it")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        try OutputFile.write(Array("new".utf8), to: path, force: true)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["out"])
    }

    func testAnInputIsNeverOverwrittenEvenWithForce() throws {
        let input = try file("in", "keep")
        let otherName = "\(folder!)/./in"
        XCTAssertThrowsError(try OutputFile.write([1], to: otherName, inputs: [input], force: true)) { error in
            XCTAssertTrue(String(describing: error).contains("is also an input of this command"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: input, encoding: .utf8), "keep")
    }

    func testAMissingFolderOrADirectoryIsRefused() throws {
        XCTAssertThrowsError(try OutputFile.write([1], to: "\(folder!)/no/out", force: true)) { error in
            XCTAssertTrue(String(describing: error).hasSuffix("its folder \(self.folder!)/no does not exist"), "\(error)")
        }
        XCTAssertThrowsError(try OutputFile.write([1], to: folder, force: true)) { error in
            XCTAssertTrue(String(describing: error).hasSuffix("is a directory"), "\(error)")
        }
    }

    func testAnAbandonedOutputLeavesNothing() throws {
        let path = "\(folder!)/partial"
        do {
            let output = try OutputFile(path: path, force: false)
            try output.write(Array(repeating: 7, count: 1000))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).count, 1, "the temporary file")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
    }

    /// Two outputs that belong together: when the second cannot be written, the first is not.
    func testOutputsThatBelongTogetherAreAllOrNothing() throws {
        let first = "\(folder!)/a.pk", second = "\(folder!)/missing/a.vk"
        XCTAssertThrowsError(try OutputFile.write([(first, [1]), (second, [2])], force: false))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        try OutputFile.write([(first, [1]), ("\(folder!)/a.vk", [2])], force: false)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["a.pk", "a.vk"])
    }
}
