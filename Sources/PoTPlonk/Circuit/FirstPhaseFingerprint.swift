import PoTAlgebra
import PoTSystem

/// What a second synthesis pass must reproduce of the first besides its first-phase advice: a
/// SHA-256 digest of each fixed column, of each selector and of the copy constraints. The
/// prover keeps these 32-byte digests instead of the first pass's table, so the two passes
/// never hold their fixed columns at the same time.
struct FirstPhaseFingerprint: Equatable {
    let fixed: [[UInt8]]
    let selectors: [[UInt8]]
    let copies: [UInt8]

    init(_ assignment: Assignment) {
        // The fixed columns are most of the bytes: hashed on every core.
        var fixed = [[UInt8]](repeating: [], count: assignment.fixed.count)
        fixed.withUnsafeMutableBufferPointer { out in
            Parallelism.forEachRange(out.count, threads: Parallelism.available) { range in
                for c in range { out[c] = assignment.fixed[c].withUnsafeBytes { SHA256.hash($0) } }
            }
        }
        self.fixed = fixed
        selectors = assignment.selectors.map { column in column.withUnsafeBytes { SHA256.hash($0) } }
        copies = Self.digest(assignment.copies)
    }

    /// The copies in order, each as (kind, index, row) twice, hashed in chunks so that no
    /// encoding of the whole list is held.
    private static func digest(_ copies: [(Cell, Cell)]) -> [UInt8] {
        var hasher = SHA256()
        var words: [UInt64] = []
        words.reserveCapacity(6 * 4096)
        func kind(_ k: ColumnKind) -> UInt64 { k == .fixed ? 0 : k == .advice ? 1 : 2 }
        for chunk in stride(from: 0, to: copies.count, by: 4096) {
            words.removeAll(keepingCapacity: true)
            for (a, b) in copies[chunk..<min(chunk + 4096, copies.count)] {
                words.append(kind(a.column.kind)); words.append(UInt64(a.column.index)); words.append(UInt64(a.row))
                words.append(kind(b.column.kind)); words.append(UInt64(b.column.index)); words.append(UInt64(b.row))
            }
            words.withUnsafeBytes { hasher.update($0) }
        }
        withUnsafeBytes(of: UInt64(copies.count)) { hasher.update($0) }
        return hasher.finalize()
    }
}
