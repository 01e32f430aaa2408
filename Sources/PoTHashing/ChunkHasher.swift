import Dispatch
import Foundation
import PoTSystem

/// Hashes every tensor of a model into its root, reading each file once, front to back, on
/// `threads` threads. The bytes of a tensor are cut into `chunkSize` chunks (the last one
/// shorter); each chunk is a leaf H(0x00‖chunk) and the tensor root is the Merkle root of
/// its chunks (the empty tree's root for an empty tensor).
///
/// Work goes in windows of consecutive chunks: threads take chunks from a shared counter
/// (so a large tensor next to a small one does not leave a thread idle), each reading its
/// chunk with `pread` into a buffer of its own, and the leaves are then folded in file order
/// into per-tensor accumulators. Memory is `threads` read buffers of at most 256 KiB plus
/// 32 bytes per chunk of one window, whatever the size of the model.
public struct ChunkHasher: Sendable {
    public let chunkSize: Int
    public let threads: Int

    /// Read granularity inside a chunk: small enough to stay in L2 between the copy out of
    /// the page cache and SHA-256 reading it.
    static let readPiece = 256 << 10
    /// Window limits: one barrier per window costs at most one chunk of idle time per thread,
    /// which is negligible at this size, and progress is reported once per window.
    static let windowBytes: UInt64 = 128 << 20
    static let windowChunks = 8192

    public init(chunkSize: Int, threads: Int) {
        precondition(chunkSize > 0 && threads > 0)
        self.chunkSize = chunkSize
        self.threads = threads
    }

    private struct Item {
        let tensor: Int
        let offset: UInt64
        let length: Int
        let last: Bool
    }

    /// The root of each tensor of `layout`, in the order of `layout.tensors`. `progress`
    /// receives (bytes hashed, bytes in all) after each window, on the calling thread.
    public func roots(of layout: ModelLayout, progress: ((UInt64, UInt64) -> Void)? = nil) throws(ModelFileError) -> [Digest] {
        let tensors = layout.tensors
        let total = tensors.reduce(UInt64(0)) { $0 + $1.byteLength }
        for file in layout.files { file.adviseSequential() }
        var roots = [Digest](repeating: MerkleTree.emptyRoot, count: tensors.count)
        var accumulator = MerkleTree.Accumulator()
        var done: UInt64 = 0
        var tensor = 0, position: UInt64 = 0  // next chunk to schedule
        let digests = DigestSlots(count: Self.windowChunks)
        while tensor < tensors.count {
            var items: [Item] = []
            var windowBytes: UInt64 = 0
            while tensor < tensors.count, items.count < Self.windowChunks, windowBytes < Self.windowBytes {
                let t = tensors[tensor]
                if t.byteLength > position {
                    let length = Int(min(UInt64(chunkSize), t.byteLength - position))
                    items.append(Item(tensor: tensor, offset: t.offset + position, length: length,
                                      last: position + UInt64(length) == t.byteLength))
                    position += UInt64(length)
                    windowBytes += UInt64(length)
                }
                if position == t.byteLength {
                    tensor += 1
                    position = 0
                }
            }
            try hash(items, layout: layout, into: digests)
            for (i, item) in items.enumerated() {
                accumulator.append(digests[i])
                if item.last {
                    roots[item.tensor] = accumulator.root
                    accumulator = MerkleTree.Accumulator()
                }
            }
            done += windowBytes
            progress?(done, total)
        }
        return roots
    }

    /// Leaf digests of `items` into `digests` (32 bytes each, in item order).
    private func hash(_ items: [Item], layout: ModelLayout, into digests: DigestSlots) throws(ModelFileError) {
        let queue = WorkQueue(count: items.count)
        let pieceSize = min(chunkSize, Self.readPiece)
        DispatchQueue.concurrentPerform(iterations: min(threads, items.count)) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 64)
            defer { buffer.deallocate() }
            while let i = queue.next() {
                let item = items[i]
                let t = layout.tensors[item.tensor]
                let file = layout.files[t.file]
                var hasher = SHA256()
                hasher.update(MerkleTree.leafPrefix)
                var read = 0
                do throws(ModelFileError) {
                    while read < item.length {
                        let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(pieceSize, item.length - read)])
                        try file.read(into: piece, at: item.offset + UInt64(read), what: "the data of tensor \(t.name.quoted)")
                        hasher.update(UnsafeRawBufferPointer(piece))
                        read += piece.count
                    }
                } catch {
                    queue.fail(error)
                    return
                }
                digests.store(hasher.finalize(), at: i)
            }
        }
        if let error = queue.error { throw error }
    }
}

/// The leaf digests of one window. Each thread writes only the slots of the items it took,
/// and they are read after all threads have finished, so the slots need no lock.
private final class DigestSlots: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<UInt8>

    init(count: Int) { storage = .allocate(capacity: count * 32) }
    deinit { storage.deallocate() }

    func store(_ digest: [UInt8], at index: Int) {
        digest.withUnsafeBufferPointer { (storage + index * 32).update(from: $0.baseAddress!, count: 32) }
    }

    subscript(index: Int) -> Digest { Digest(Array(UnsafeBufferPointer(start: storage + index * 32, count: 32))) }
}

/// Hands out item indices to the hashing threads and keeps the first read error, after
/// which no more items are handed out.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private(set) var error: ModelFileError?

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func fail(_ failure: ModelFileError) {
        lock.lock()
        defer { lock.unlock() }
        if error == nil { error = failure }
    }
}
