import PoTHashing
import XCTest

/// Malformed GGUF files: each is refused with the file, the offset and the reason.
final class BadGGUFTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }

    /// A valid file with one f32 tensor of 8 elements (32 bytes) at data offset 0.
    private func valid() -> GGUFBuilder {
        var b = GGUFBuilder()
        b.keyValue("general.architecture", type: 8, value: GGUFBuilder.string(Array("llama".utf8)))
        b.tensor("w", dims: [8], offset: 0)
        b.data = [UInt8](repeating: 7, count: 32)
        return b
    }

    private func write(_ builder: GGUFBuilder, _ name: String = "bad.gguf") throws -> String {
        try folder.write(name, builder.bytes)
    }

    func testTheBaseFileIsValid() throws {
        XCTAssertEqual(try commit(try write(valid())).tensors.count, 1)
    }

    func testTruncatedFiles() throws {
        let bytes = try Fixtures.bytes("tiny.gguf")
        assertRejects(try folder.write("a.gguf", Array(bytes[..<10])), reason: "truncated", offset: 8)
        assertRejects(try folder.write("b.gguf", Array(bytes[..<300])), reason: "truncated")
        let last = try XCTUnwrap(try ModelLayout.open(path: Fixtures.path("tiny.gguf")).tensors.last)
        assertRejects(try folder.write("c.gguf", Array(bytes[..<Int(last.offset + last.byteLength - 1)])),
                      reason: "tensor 'output.ids' data [\(last.offset), +16) extends beyond the end of the file")
        assertRejects(try folder.write("d.gguf", []), reason: "truncated", offset: 0)
    }

    func testTensorBeyondTheEndOfTheFile() throws {
        var b = valid()
        b.tensorInfos = []
        b.tensor("w", dims: [8], offset: 1 << 40)
        assertRejects(try write(b), reason: "tensor 'w' data")
        b.tensorInfos = []
        b.tensor("w", dims: [8], offset: UInt64.max - 31)  // the end overflows 64 bits
        assertRejects(try write(b), reason: "extends beyond the end of the file")
    }

    func testOverlappingAndUnalignedData() throws {
        var b = valid()
        b.tensor("v", dims: [4], offset: 0)
        assertRejects(try write(b), reason: "overlaps tensor 'v'")
        b = valid()
        b.tensorInfos = []
        b.tensor("w", dims: [4], offset: 4)
        assertRejects(try write(b), reason: "is not a multiple of the alignment 32")
    }

    func testAbsurdCountsAndDimensions() throws {
        var b = valid()
        b.tensorCount = 1 << 60
        assertRejects(try write(b), reason: "more than", offset: 8)
        b = valid()
        b.keyValueCount = UInt64.max
        assertRejects(try write(b), reason: "more than", offset: 8)
        b = valid()
        b.tensorInfos = []
        b.tensor("w", dims: [1 << 40, 1 << 40], offset: 0)
        assertRejects(try write(b), reason: "no valid byte size")
        b.tensorInfos = []
        b.tensor("w", dims: [1, 1, 1, 1, 1], offset: 0)
        assertRejects(try write(b), reason: "5 dimensions, more than 4")
        b.tensorInfos = []
        b.tensor("w", dims: [1 << 63], offset: 0)
        assertRejects(try write(b), reason: "beyond int64")
        b = valid()
        b.keyValue("tokens", type: 9, value: GGUFBuilder.le(UInt32(8)) + GGUFBuilder.le(UInt64(1) << 62))
        assertRejects(try write(b), reason: "claims 4611686018427387904 elements")
        b = valid()
        b.keyValue("ints", type: 9, value: GGUFBuilder.le(UInt32(4)) + GGUFBuilder.le(UInt64(1) << 62))
        assertRejects(try write(b), reason: "claims 4611686018427387904 elements")
        b = valid()
        b.keyValue("text", type: 8, value: GGUFBuilder.le(UInt64.max))
        assertRejects(try write(b), reason: "truncated")
        b = valid()
        b.keyValues.append(GGUFBuilder.le(UInt64(70_000)))
        assertRejects(try write(b), reason: "a metadata key is 70000 bytes, more than 65535")
        b = valid()
        b.tensorInfos = [GGUFBuilder.le(UInt64(1) << 40)]
        assertRejects(try write(b), reason: "a tensor name is 1099511627776 bytes, more than 64")
    }

    func testUnknownTypes() throws {
        for id: UInt32 in [4, 31, 43, 1000] {
            var b = valid()
            b.tensorInfos = []
            b.tensor("w", dims: [8], type: id, offset: 0)
            assertRejects(try write(b), reason: "unknown ggml type \(id)")
        }
        var b = valid()
        b.keyValue("x", type: 13, value: [0])
        assertRejects(try write(b), reason: "unknown value type 13")
        b = valid()
        b.tensorInfos = []
        b.tensor("w", dims: [8], type: 2, offset: 0)  // q4_0 blocks hold 32 elements
        assertRejects(try write(b), reason: "multiple of 32")
    }

    func testBadNames() throws {
        var b = valid()
        b.tensorInfos = []
        b.tensor(name: [0x77, 0xFF, 0xFE], dims: [8], type: 0, offset: 0)
        let infoOffset = UInt64(24 + b.keyValues[0].count)
        assertRejects(try write(b), reason: "tensor name is not valid UTF-8", offset: infoOffset)
        b.tensorInfos = []
        b.tensor(String(repeating: "n", count: 65), dims: [8], offset: 0)
        assertRejects(try write(b), reason: "65 bytes, more than 64")
        b = valid()
        b.tensor("w", dims: [8], offset: 32)
        assertRejects(try write(b), reason: "duplicate tensor name 'w'")
        b = valid()
        b.keyValues.append(b.keyValues[0])
        assertRejects(try write(b), reason: "duplicate metadata key 'general.architecture'")
        b = valid()
        b.keyValues.append(GGUFBuilder.string([0xC0, 0x80]) + GGUFBuilder.le(UInt32(0)) + [1])
        assertRejects(try write(b), reason: "metadata key is not valid UTF-8")
    }

    func testBadHeaderFields() throws {
        var b = valid()
        b.keyValue("general.alignment", type: 4, value: GGUFBuilder.le(UInt32(48)))
        assertRejects(try write(b), reason: "not a power of two")
        b = valid()
        b.keyValue("general.alignment", type: 10, value: GGUFBuilder.le(UInt64(64)))
        assertRejects(try write(b), reason: "expected uint32")
        b = valid()
        b.version = 1
        assertRejects(try write(b), reason: "unsupported GGUF version 1", offset: 4)
        b.version = UInt32(3).byteSwapped
        assertRejects(try write(b), reason: "big-endian")
        assertRejects(try folder.write("x.gguf", Array("GGML and more bytes".utf8)), reason: "not a GGUF file", offset: 0)
    }

    func testMissingAndMisnamedSplits() throws {
        for i in 1...2 { _ = try folder.copy(fixture: "split-0000\(i)-of-00003.gguf") }
        let missing = folder.url.appendingPathComponent("split-00003-of-00003.gguf").path
        assertRejects(folder.url.appendingPathComponent("split-00001-of-00003.gguf").path, reason: "missing split 3 of 3", naming: missing)
        assertRejects(try folder.copy(fixture: "split-00002-of-00003.gguf", as: "renamed.gguf"), reason: "does not end in -00002-of-00003.gguf")
        _ = try folder.copy(fixture: "split-00001-of-00003.gguf", as: "split-00003-of-00003.gguf")
        assertRejects(folder.url.appendingPathComponent("split-00001-of-00003.gguf").path, reason: "do not say split 3 of 3", naming: missing)
    }

    func testMissingFile() {
        assertRejects("/nonexistent/model.gguf", reason: "No such file")
    }
}
