import PoTSystem

/// A deterministic stream of uniform choices expanded from one seed: block j is
/// SHA-256("PoT/behaviour/prompt/v1" ‖ 0x00 ‖ seed ‖ j), read 8 bytes at a time.
///
/// Choices use rejection sampling, so every index is exactly equally likely; the same seed
/// always yields the same choices on every machine.
struct SeedStream {
    static let label = "PoT/behaviour/prompt/v1"
    private let seed: [UInt8]
    private var block: [UInt8] = []
    private var offset = 0
    private var counter: UInt64 = 0

    init(seed: [UInt8]) { self.seed = seed }

    private mutating func next64() -> UInt64 {
        if offset + 8 > block.count {
            block = SHA256.hash(Array(Self.label.utf8) + [0] + seed + Encoding.bigEndian(counter))
            counter += 1
            offset = 0
        }
        var x: UInt64 = 0
        for b in block[offset..<offset + 8] { x = x << 8 | UInt64(b) }
        offset += 8
        return x
    }

    /// A uniform integer in 0..<n.
    mutating func index(below n: Int) -> Int {
        precondition(n > 0)
        let n64 = UInt64(n)
        // Values at or above the largest multiple of n would favour small indices.
        let limit = UInt64.max - UInt64.max % n64
        while true {
            let x = next64()
            if x < limit { return Int(x % n64) }
        }
    }
}
