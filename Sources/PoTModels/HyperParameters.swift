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

    /// ggml counts rows, heads and positions in 32-bit integers.
    static let largestDimension = Int(Int32.max)

    /// Reads and checks the hyper-parameters before any graph is built from them: every count
    /// in 1...2³¹ − 1, heads that divide the embedding and are a multiple of the key/value heads,
    /// an even number of rotated dimensions within a head, and finite positive RoPE base, scale
    /// and normalisation epsilon. ggml asserts (and aborts the process) on each of these.
    init(file: GGUFFile) throws(ModelError) {
        guard let name = file.string("general.architecture") else {
            throw file.error("general.architecture", "missing: the architecture is not named")
        }
        guard let architecture = Architecture(rawValue: name) else {
            let supported = Architecture.allCases.map(\.rawValue).joined(separator: ", ")
            throw file.error("general.architecture", "unsupported architecture \"\(name)\" (supported: \(supported))")
        }
        func count(_ key: String, default fallback: Int? = nil) throws(ModelError) -> Int {
            let key = "\(name).\(key)"
            guard file.has(key) || fallback != nil else { throw file.error(key, "missing") }
            guard let value = file.integer(key) ?? (file.has(key) ? nil : fallback) else {
                throw file.error(key, "is not an integer")
            }
            guard (1...Self.largestDimension).contains(value) else {
                throw file.error(key, "\(value) is outside 1...\(Self.largestDimension)")
            }
            return value
        }
        func positive(_ key: String, default fallback: Double) throws(ModelError) -> Double {
            let key = "\(name).\(key)"
            guard let value = file.has(key) ? file.float(key) : fallback else { throw file.error(key, "is not a number") }
            guard value.isFinite, value > 0 else { throw file.error(key, "\(value) is not a positive finite number") }
            return value
        }
        self.architecture = architecture
        layerCount = try count("block_count")
        embeddingLength = try count("embedding_length")
        feedForwardLength = try count("feed_forward_length")
        headCount = try count("attention.head_count")
        keyValueHeadCount = try count("attention.head_count_kv", default: headCount)
        trainedContextLength = try count("context_length")
        guard embeddingLength % headCount == 0 else {
            throw file.error("\(name).attention.head_count", "\(headCount) heads do not divide the embedding length \(embeddingLength)")
        }
        guard headCount % keyValueHeadCount == 0 else {
            throw file.error(
                "\(name).attention.head_count_kv",
                "\(headCount) query heads are not a multiple of \(keyValueHeadCount) key/value heads")
        }
        headDimension = try count("attention.key_length", default: embeddingLength / headCount)
        if let valueLength = file.integer("\(name).attention.value_length"), valueLength != headDimension {
            throw file.error(
                "\(name).attention.value_length", "\(valueLength) differs from the key length \(headDimension)")
        }
        guard headCount * headDimension <= Self.largestDimension else {
            throw file.error("\(name).attention.key_length", "\(headCount) heads of \(headDimension) exceed 2^31 − 1")
        }
        ropeDimensions = try count("rope.dimension_count", default: headDimension)
        guard ropeDimensions % 2 == 0, ropeDimensions <= headDimension else {
            throw file.error(
                "\(name).rope.dimension_count",
                "\(ropeDimensions) rotated dimensions must be even and at most the head dimension \(headDimension)")
        }
        ropeFrequencyBase = try positive("rope.freq_base", default: 10_000)
        rmsNormEpsilon = try positive("attention.layer_norm_rms_epsilon", default: 1e-5)
        switch file.string("\(name).rope.scaling.type") ?? "none" {
        case "none":
            ropeFrequencyScale = 1
        case "linear":
            let factor = try positive("rope.scaling.factor", default: 1)
            guard (1 / factor).isFinite else { throw file.error("\(name).rope.scaling.factor", "\(factor) is too small") }
            ropeFrequencyScale = 1 / factor
        case let other:
            throw file.error("\(name).rope.scaling.type", "unsupported RoPE scaling \"\(other)\"")
        }
        let listed = file.strings("tokenizer.ggml.tokens")?.count
        vocabularySize = try count("vocab_size", default: listed)
    }
}
