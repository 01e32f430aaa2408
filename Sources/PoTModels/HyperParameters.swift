import CGGML

/// The shape of a decoder-only transformer of the llama family, read from GGUF metadata under
/// the architecture's own prefix (`llama.block_count`, `qwen2.block_count`, …).
public struct HyperParameters: Sendable, Equatable {
    /// The architectures this runner implements, by their GGUF names.
    public enum Architecture: String, Sendable, CaseIterable {
        case llama, qwen2

        /// llama files store Q and K permuted for rotating adjacent pairs (ggml's normal mode);
        /// qwen2 keeps Hugging Face's layout, which rotates the two halves of a head (NeoX mode).
        var ropeMode: Int32 {
            switch self {
            case .llama: GGML_ROPE_TYPE_NORMAL
            case .qwen2: GGML_ROPE_TYPE_NEOX
            }
        }
    }

    public let architecture: Architecture
    public let layerCount: Int
    public let embeddingLength: Int
    public let feedForwardLength: Int
    public let headCount: Int
    /// Fewer key/value heads than query heads is grouped-query attention.
    public let keyValueHeadCount: Int
    public let headDimension: Int
    /// Dimensions of each head that RoPE rotates (all of them in these models).
    public let ropeDimensions: Int
    public let ropeFrequencyBase: Double
    /// 1/factor under linear RoPE scaling, 1 otherwise.
    public let ropeFrequencyScale: Double
    public let rmsNormEpsilon: Double
    /// Positions the model was trained on.
    public let trainedContextLength: Int
    public let vocabularySize: Int

    init(file: GGUFFile) throws(ModelError) {
        guard let name = file.string("general.architecture") else {
            throw ModelError(path: file.path, reason: "no general.architecture in the GGUF metadata")
        }
        guard let architecture = Architecture(rawValue: name) else {
            let supported = Architecture.allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelError(path: file.path, reason: "unsupported architecture \"\(name)\" (supported: \(supported))")
        }
        func required(_ key: String) throws(ModelError) -> Int {
            guard let value = file.integer("\(name).\(key)"), value > 0 else {
                throw ModelError(path: file.path, reason: "missing or invalid \(name).\(key)")
            }
            return value
        }
        self.architecture = architecture
        layerCount = try required("block_count")
        embeddingLength = try required("embedding_length")
        feedForwardLength = try required("feed_forward_length")
        headCount = try required("attention.head_count")
        keyValueHeadCount = file.integer("\(name).attention.head_count_kv") ?? headCount
        trainedContextLength = try required("context_length")
        guard embeddingLength % headCount == 0, headCount % keyValueHeadCount == 0 else {
            throw ModelError(
                path: file.path,
                reason: "\(headCount) heads do not divide the embedding (\(embeddingLength)) "
                    + "or are not a multiple of the \(keyValueHeadCount) key/value heads")
        }
        headDimension = file.integer("\(name).attention.key_length") ?? embeddingLength / headCount
        ropeDimensions = file.integer("\(name).rope.dimension_count") ?? headDimension
        ropeFrequencyBase = file.float("\(name).rope.freq_base") ?? 10_000
        rmsNormEpsilon = file.float("\(name).attention.layer_norm_rms_epsilon") ?? 1e-5
        switch file.string("\(name).rope.scaling.type") ?? "none" {
        case "none":
            ropeFrequencyScale = 1
        case "linear":
            let factor = file.float("\(name).rope.scaling.factor") ?? 1
            ropeFrequencyScale = factor > 0 ? 1 / factor : 1
        case let other:
            throw ModelError(path: file.path, reason: "unsupported RoPE scaling \"\(other)\"")
        }
        vocabularySize = file.integer("\(name).vocab_size") ?? file.strings("tokenizer.ggml.tokens")?.count ?? 0
        guard vocabularySize > 0 else {
            throw ModelError(path: file.path, reason: "no vocabulary size in the metadata")
        }
    }
}
