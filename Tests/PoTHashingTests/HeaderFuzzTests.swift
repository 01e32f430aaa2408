import PoTHashing
import XCTest

/// Seeded mutation fuzzing of the two header parsers: thousands of small corruptions of
/// valid headers (bit flips, interesting integers, insertions, deletions, truncations).
/// Every variant must either commit or be refused with a `ModelFileError`; a crash, a trap
/// or another error fails the suite. Seeds are fixed, so a failure reproduces.
final class HeaderFuzzTests: XCTestCase {
    /// SplitMix64: small, seedable, good enough to pick mutations.
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    private static let interesting: [UInt64] = [0, 1, 2, 3, 4, 7, 8, 9, 31, 32, 33, 63, 64, 65, 255, 256, 4096,
                                                0x7FFF_FFFF, 0xFFFF_FFFF, 1 << 32, 1 << 62, 1 << 63, UInt64.max, UInt64.max - 7]

    private func mutate(_ input: [UInt8], header: Int, _ rng: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(3)) where !bytes.isEmpty {
            let at = rng.below(min(header, bytes.count))
            switch rng.below(6) {
            case 0: bytes[at] ^= UInt8(1 << rng.below(8))
            case 1: bytes[at] = [0, 0x7F, 0x80, 0xFF, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x2C][rng.below(10)]
            case 2:  // a little-endian integer of 4 or 8 bytes
                let value = Self.interesting[rng.below(Self.interesting.count)]
                let width = rng.below(2) == 0 ? 4 : 8
                for i in 0..<width where at + i < bytes.count { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
            case 3: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            case 4: if bytes.count > 1 { bytes.remove(at: at) }
            default: bytes = Array(bytes[..<at])
            }
        }
        return bytes
    }

    private func fuzz(fixture: String, name: String, header: Int, seed: UInt64, count: Int) throws {
        let folder = try TemporaryFolder()
        let original = try Fixtures.bytes(fixture)
        var rng = Random(state: seed)
        var accepted = 0, refused = 0
        for i in 0..<count {
            // A fresh name each time: ext4 flushes a file truncated and rewritten in place.
            let path = try folder.write("\(i)-\(name)", mutate(original, header: header, &rng))
            defer { unlink(path) }
            do {
                _ = try commit(path, chunkSize: 64, threads: 1)
                accepted += 1
            } catch is ModelFileError {
                refused += 1
            } catch {
                XCTFail("mutation \(i) (seed \(seed)): \(error)")
            }
        }
        XCTAssertGreaterThan(accepted, 0)
        XCTAssertGreaterThan(refused, count / 2)
    }

    func testGGUFHeaderMutations() throws {
        let layout = try ModelLayout.open(path: Fixtures.path("tiny.gguf"))
        let dataStart = Int(layout.tensors.map(\.offset).min()!)
        try fuzz(fixture: "tiny.gguf", name: "m.gguf", header: dataStart, seed: 1, count: 3000)
    }

    func testSafetensorsHeaderMutations() throws {
        let bytes = try Fixtures.bytes("tiny.safetensors")
        let headerEnd = 8 + Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        try fuzz(fixture: "tiny.safetensors", name: "m.safetensors", header: headerEnd, seed: 2, count: 3000)
    }
}
