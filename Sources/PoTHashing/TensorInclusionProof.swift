/// Evidence that one tensor entry is in a model root, checkable without the model: the
/// entry, its audit path in the tensor tree, and the other inputs of the model root.
///
/// The file is JSON in the single layout `JSON.encoded` writes; a proof is accepted only if
/// re-encoding it gives the file byte for byte. Every field is bound by the root (the entry
/// and the path through the tensor tree, the rest through the model root preimage), so any
/// change of a bit either changes a bound value or breaks the canonical encoding.
public struct TensorInclusionProof: Sendable, Equatable {
    public static let kind = "pot-tensor-inclusion-v1"

    public let modelRoot: Digest
    public let format: String
    public let chunkSize: UInt64
    public let metadataCount: UInt64
    public let metadataRoot: Digest
    public let tensorCount: UInt64
    public let tensor: TensorEntry
    /// Position of the entry among the entries sorted by name.
    public let index: UInt64
    /// Sibling digests from the entry's leaf up to the tensor tree root (RFC 9162 §2.1.3).
    public let path: [Digest]

    /// Why a proof does not show what it claims.
    public struct Failure: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The proof for the tensor `name` of `commitment`; `nil` when there is no such tensor.
    public init?(commitment: ModelCommitment, tensor name: String) {
        guard let (index, entry) = commitment.tensor(named: name) else { return nil }
        modelRoot = commitment.modelRoot
        format = commitment.format.rawValue
        chunkSize = commitment.chunkSize
        metadataCount = commitment.metadataCount
        metadataRoot = commitment.metadataRoot
        tensorCount = UInt64(commitment.tensors.count)
        tensor = entry
        self.index = UInt64(index)
        path = MerkleTree.auditPath(index: index, leaves: commitment.tensors.map(\.leaf))
    }

    /// Checks the proof against `root`, the model root the verifier trusts.
    public func verify(against root: Digest) throws(Failure) {
        guard modelRoot == root else { throw Failure(reason: "the proof is for model root \(modelRoot), not \(root)") }
        guard let tensorsRoot = MerkleTree.root(fromLeaf: tensor.leaf, index: index, count: tensorCount, path: path) else {
            throw Failure(reason: "the audit path has the wrong length for entry \(index) of \(tensorCount)")
        }
        let implied = ModelCommitment.modelRoot(format: format, chunkSize: chunkSize, metadataCount: metadataCount,
                                                metadataRoot: metadataRoot, tensorCount: tensorCount, tensorsRoot: tensorsRoot)
        guard implied == root else {
            throw Failure(reason: "the tensor entry and audit path lead to model root \(implied), not \(root)")
        }
    }

    private var document: JSON {
        .object([
            "proof": .string(Self.kind),
            "construction": .string(ModelCommitment.construction),
            "model_root": .string(modelRoot.hex),
            "format": .string(format),
            "chunk_size": .number(chunkSize),
            "metadata_count": .number(metadataCount),
            "metadata_root": .string(metadataRoot.hex),
            "tensor_count": .number(tensorCount),
            "index": .number(index),
            "tensor": tensor.json,
            "path": .array(path.map { .string($0.hex) }),
        ])
    }

    /// The proof file.
    public var json: String { document.encoded }

    /// Reads a proof file; anything but the canonical encoding of a proof is rejected.
    public init(json bytes: [UInt8], path file: String) throws(ModelFileError) {
        let fields = JSONFields(object: try JSON.parse(bytes, path: file), path: file)
        guard try fields.string("proof") == Self.kind, try fields.string("construction") == ModelCommitment.construction else {
            throw ModelFileError(path: file, reason: "not a \(Self.kind) proof for \(ModelCommitment.construction)")
        }
        let steps = try fields.value("path")
        guard let stepValues = steps.array else { throw fields.failure(steps, "path must be an array") }
        var path: [Digest] = []
        for step in stepValues { path.append(try fields.digest(step, named: "a path step")) }
        modelRoot = try fields.digest("model_root")
        format = try fields.string("format")
        chunkSize = try fields.integer("chunk_size")
        metadataCount = try fields.integer("metadata_count")
        metadataRoot = try fields.digest("metadata_root")
        tensorCount = try fields.integer("tensor_count")
        index = try fields.integer("index")
        tensor = try TensorEntry(json: try fields.value("tensor"), path: file)
        self.path = path
        guard Array(json.utf8) == bytes else {
            throw ModelFileError(path: file, reason: "not in the canonical encoding of a proof (as `pot commit prove-tensor` writes it)")
        }
    }
}
