import PoTHashing
import XCTest

/// Malformed safetensors files and indexes: each is refused with the file, the offset and
/// the reason.
final class BadSafetensorsTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }

    @discardableResult
    private func write(_ header: String, data: [UInt8] = [UInt8](repeating: 1, count: 8), _ name: String = "bad.safetensors") throws -> String {
        try folder.write(name, safetensors(header, data: data))
    }

    func testTheBaseFileIsValid() throws {
        let path = try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
        XCTAssertEqual(try commit(path).tensors.map(\.name), ["a"])
    }

    func testTruncatedFiles() throws {
        assertRejects(try folder.write("a.safetensors", [1, 2, 3]), reason: "truncated", offset: 0)
        let valid = safetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 1, count: 8))
        assertRejects(try folder.write("b.safetensors", Array(valid.dropLast(3))), reason: "extends beyond the end of the file")
        assertRejects(try folder.write("c.safetensors", Array(valid[..<20])), reason: "runs past the end of the file", offset: 0)
        assertRejects(try folder.write("d.safetensors", GGUFBuilder.le(UInt64(200_000_000)) + [0x7B]), reason: "exceeds the safetensors limit")
    }

    func testLayoutErrors() throws {
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#),
                      reason: "overlaps tensor 'a'")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[6,8]}}"#),
                      reason: "leaving bytes [4, 6) of the buffer unused")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#), reason: "extends beyond the end of the file")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#), reason: "4 bytes after the last tensor")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#), reason: "hold 8 bytes but F32 [3] needs 12")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,8]}}"#), reason: "overflows 64 bits")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#), reason: "end before they begin")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[-1,8]}}"#), reason: "two non-negative integers")
    }

    func testHeaderErrorsNameTheOffset() throws {
        let header = #"{"a":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}}"#
        let dtypeOffset = UInt64(8 + header.utf8.distance(from: header.utf8.startIndex, to: header.range(of: "\"F128\"")!.lowerBound))
        assertRejects(try write(header), reason: "unknown dtype 'F128'", offset: dtypeOffset)
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],}}"#), reason: "expected a string key", offset: 8 + 53)
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}"#), reason: "unknown field 'extra'")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{}}"#), reason: "duplicate key 'a'", offset: 8 + 54)
        assertRejects(try write(#"{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#), reason: "must be a string")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2]}}"#), reason: "missing key 'data_offsets'")
        assertRejects(try write("[1]"), reason: "expected a JSON object", offset: 8)
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} x"#), reason: "unexpected data after")
        assertRejects(try write(String(repeating: "[", count: 10_000)), reason: "expected a JSON object")
        assertRejects(try write("{\"a\":" + String(repeating: "[", count: 10_000)), reason: "nested deeper than 32")
        assertRejects(try write(#"{"a":{"dtype":"F32","shape":[02],"data_offsets":[0,8]}}"#), reason: "leading zero")
    }

    func testInvalidUTF8Names() throws {
        var bytes = safetensors(#"{"a?":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 1, count: 8))
        bytes[11] = 0xFF
        assertRejects(try folder.write("u.safetensors", bytes), reason: "not valid UTF-8", offset: 9)
        assertRejects(try write(#"{"\ud800":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#), reason: "unpaired surrogate")
    }

    func testShardProblems() throws {
        let index = #"{"weight_map": {"a": "one.safetensors", "b": "two.safetensors"}}"#
        let indexPath = try folder.write("model.safetensors.index.json", Array(index.utf8))
        try write(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "one.safetensors")
        assertRejects(indexPath, reason: "missing shard", naming: folder.url.appendingPathComponent("two.safetensors").path)
        let two = try write(#"{"c":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "two.safetensors")
        assertRejects(indexPath, reason: "'b' is mapped to this shard", naming: two)
        try write(#"{"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"c":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, "two.safetensors")
        assertRejects(indexPath, reason: "'c' is in this shard but", naming: two)
        try write(#"{"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "two.safetensors")
        XCTAssertEqual(try commit(indexPath).tensors.map(\.name), ["a", "b"])

        let traversal = try folder.write("t.index.json", Array(#"{"weight_map": {"a": "../one.safetensors"}}"#.utf8))
        assertRejects(traversal, reason: "must name a file in the index's folder")
        assertRejects(try folder.write("n.index.json", Array(#"{"metadata": {}}"#.utf8)), reason: "missing key 'weight_map'")
        try write(#"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "one.safetensors")
        try write(#"{"__metadata__":{"format":"np"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "two.safetensors")
        assertRejects(indexPath, reason: "metadata 'format' differs", naming: folder.url.appendingPathComponent("two.safetensors").path)
    }
}
