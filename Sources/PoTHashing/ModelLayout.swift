/// How a model is stored, which decides how its header is read and which names its dtypes use.
public enum ModelFormat: String, Sendable, CaseIterable {
    /// GGUF v2/v3, one file or a split set; dtypes are ggml type names ("q4_1", "q6_K").
    case gguf
    /// safetensors, one file or shards listed by an index; dtypes as in the header ("BF16").
    case safetensors
    /// Any other file: one entry named `data` holding every byte.
    case opaque
}

/// One tensor: what is committed to (name, dtype, shape, byte length) and where its bytes are.
public struct TensorLayout: Sendable, Equatable {
    public let name: String
    public let dtype: String
    /// Dimensions in the order the format stores them: GGUF lists `ne[0]` (the contiguous
    /// dimension) first, safetensors the outermost first.
    public let shape: [UInt64]
    public let byteLength: UInt64
    /// Index into `ModelLayout.files`.
    public let file: Int
    /// Absolute offset of the first byte in that file.
    public let offset: UInt64
}

/// One metadata key/value, already reduced to its Merkle leaf (see docs/hashing.md).
public struct MetadataEntry: Sendable, Equatable {
    public let key: String
    public let leaf: Digest
}

/// A parsed model: its files, its tensors and its metadata, ready to be hashed. Built from
/// the headers alone, in memory proportional to the header, never to the tensor data.
public struct ModelLayout: Sendable {
    public let format: ModelFormat
    public let files: [ModelFile]
    /// In the order the files store them (the order they are read in).
    public let tensors: [TensorLayout]
    /// Sorted by key, byte-wise.
    public let metadata: [MetadataEntry]

    init(format: ModelFormat, files: [ModelFile], tensors: [TensorLayout], metadata: [MetadataEntry]) throws(ModelFileError) {
        var seen = Set<[UInt8]>()
        for tensor in tensors where !seen.insert(tensor.name.bytes).inserted {
            throw ModelFileError(path: files[tensor.file].path, reason: "tensor name \(tensor.name.quoted) occurs twice in the model")
        }
        self.format = format
        self.files = files
        self.tensors = tensors.sorted { ($0.file, $0.offset) < ($1.file, $1.offset) }
        self.metadata = metadata.sorted { utf8Less($0.key, $1.key) }
    }
}
