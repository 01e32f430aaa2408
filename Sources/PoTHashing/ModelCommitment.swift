import PoTSystem

/// The commitment to a model: the roots of its metadata and of its tensors, bound with the
/// format and the chunk size into one model root (docs/hashing.md gives the bytes).
///
///     model_root = H(0x02 ‖ str("pot-model-v1") ‖ str(format) ‖ u64 chunk_size ‖
///                    u64 metadata_count ‖ metadata_root ‖ u64 tensor_count ‖ tensors_root)
///
/// 0x02 keeps the model root apart from leaves (0x00) and nodes (0x01); the counts make the
/// tree sizes part of the root, so a proof cannot claim a different tree shape.
public struct ModelCommitment: Sendable, Equatable {
    /// Names this construction; a different construction gets a different name.
    public static let construction = "pot-model-v1"
    public static let defaultChunkSize: UInt64 = 1 << 20
    /// Chunk sizes accepted: powers of two from 64 bytes to 1 GiB.
    public static func isValidChunkSize(_ size: UInt64) -> Bool {
        size >= 64 && size <= 1 << 30 && size & (size - 1) == 0
    }

    public let format: ModelFormat
    public let chunkSize: UInt64
    public let metadataCount: UInt64
    public let metadataRoot: Digest
    /// Sorted by name, byte-wise.
    public let tensors: [TensorEntry]
    /// The program that computed it, e.g. "pot 0.1.0"; informative, not part of the root.
    public let tool: String
    public let tensorsRoot: Digest
    public let modelRoot: Digest

    public init(format: ModelFormat, chunkSize: UInt64, metadataCount: UInt64, metadataRoot: Digest, tensors: [TensorEntry], tool: String) {
        self.format = format
        self.chunkSize = chunkSize
        self.metadataCount = metadataCount
        self.metadataRoot = metadataRoot
        self.tensors = tensors.sorted { utf8Less($0.name, $1.name) }
        self.tool = tool
        tensorsRoot = MerkleTree.root(self.tensors.map(\.leaf))
        modelRoot = Self.modelRoot(format: format.rawValue, chunkSize: chunkSize, metadataCount: metadataCount,
                                   metadataRoot: metadataRoot, tensorCount: UInt64(tensors.count), tensorsRoot: tensorsRoot)
    }

    /// Hashes the model described by `layout`.
    public init(layout: ModelLayout, chunkSize: UInt64 = defaultChunkSize, threads: Int, tool: String,
                progress: ((UInt64, UInt64) -> Void)? = nil) throws(ModelFileError) {
        precondition(Self.isValidChunkSize(chunkSize))
        let roots = try ChunkHasher(chunkSize: Int(chunkSize), threads: threads).roots(of: layout, progress: progress)
        let entries = zip(layout.tensors, roots).map {
            TensorEntry(name: $0.name, dtype: $0.dtype, shape: $0.shape, byteLength: $0.byteLength, root: $1)
        }
        self.init(format: layout.format, chunkSize: chunkSize, metadataCount: UInt64(layout.metadata.count),
                  metadataRoot: MerkleTree.root(layout.metadata.map(\.leaf)), tensors: entries, tool: tool)
    }

    static func modelRoot(format: String, chunkSize: UInt64, metadataCount: UInt64, metadataRoot: Digest,
                          tensorCount: UInt64, tensorsRoot: Digest) -> Digest {
        var preimage: [UInt8] = [2]
        preimage.appendString(construction)
        preimage.appendString(format)
        preimage.appendInteger(chunkSize)
        preimage.appendInteger(metadataCount)
        preimage += metadataRoot.bytes
        preimage.appendInteger(tensorCount)
        preimage += tensorsRoot.bytes
        return Digest(SHA256.hash(preimage))
    }

    /// The tensor named `name`, with its index in the sorted entries.
    public func tensor(named name: String) -> (index: Int, entry: TensorEntry)? {
        tensors.firstIndex { $0.name.bytes == name.bytes }.map { ($0, tensors[$0]) }
    }

    /// The commitment document (JSON, one tensor entry per line).
    public var json: String {
        JSON.object([
            "construction": .string(Self.construction),
            "hash": .string("sha256"),
            "chunk_size": .number(chunkSize),
            "format": .string(format.rawValue),
            "model_root": .string(modelRoot.hex),
            "metadata_root": .string(metadataRoot.hex),
            "metadata_count": .number(metadataCount),
            "tensors_root": .string(tensorsRoot.hex),
            "tensor_count": .number(tensors.count),
            "tool": .string(tool),
            "tensors": .array(tensors.map(\.json)),
        ]).encoded
    }

    /// Reads a commitment document and checks that its roots follow from its entries.
    public init(json bytes: [UInt8], path: String) throws(ModelFileError) {
        let fields = JSONFields(object: try JSON.parse(bytes, path: path), path: path)
        guard try fields.string("construction") == Self.construction, try fields.string("hash") == "sha256" else {
            throw ModelFileError(path: path, reason: "not a \(Self.construction) SHA-256 commitment")
        }
        let formatName = try fields.string("format")
        guard let format = ModelFormat(rawValue: formatName) else { throw fields.failure(try fields.value("format"), "unknown format \(formatName.quoted)") }
        let chunkSize = try fields.integer("chunk_size")
        guard Self.isValidChunkSize(chunkSize) else { throw fields.failure(try fields.value("chunk_size"), "chunk_size \(chunkSize) is not a power of two in [64, 2^30]") }
        let list = try fields.value("tensors")
        guard let items = list.array else { throw fields.failure(list, "tensors must be an array") }
        var entries: [TensorEntry] = []
        for item in items { entries.append(try TensorEntry(json: item, path: path)) }
        guard zip(entries, entries.dropFirst()).allSatisfy({ utf8Less($0.name, $1.name) }) else {
            throw fields.failure(list, "tensors must be sorted by name (byte-wise) without repeats")
        }
        guard try fields.integer("tensor_count") == UInt64(entries.count) else {
            throw fields.failure(try fields.value("tensor_count"), "tensor_count differs from the number of entries")
        }
        self.init(format: format, chunkSize: chunkSize, metadataCount: try fields.integer("metadata_count"),
                  metadataRoot: try fields.digest("metadata_root"), tensors: entries, tool: try fields.string("tool"))
        guard tensorsRoot == (try fields.digest("tensors_root")), modelRoot == (try fields.digest("model_root")) else {
            throw ModelFileError(path: path, reason: "the stated roots do not follow from the entries (edited or corrupt commitment)")
        }
    }
}
