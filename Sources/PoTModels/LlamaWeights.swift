import CGGML

/// The tensors of a llama-family model, looked up by llama.cpp's GGUF names and checked for
/// shape and type, so that a file with a missing, misshapen or mistyped tensor is refused at load
/// time rather than crashing inside a ggml kernel.
struct LlamaWeights {
    typealias Tensor = UnsafeMutablePointer<ggml_tensor>

    /// What a tensor is used for decides the ggml types its operations take.
    enum Role {
        /// Multiplied (`mul_mat`) or gathered (`get_rows`): floats or a quantized type ggml
        /// dequantizes; integer types have no kernels there.
        case matrix
        /// Norm weights, biases and RoPE factors, added or multiplied element-wise in F32.
        case vector

        func allows(_ type: ggml_type) -> Bool {
            switch self {
            case .vector: return type == GGML_TYPE_F32
            case .matrix:
                let traits = ggml_get_type_traits(type).pointee
                return [GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16].contains(type)
                    || (traits.is_quantized && traits.to_float != nil)
            }
        }
    }

    struct Layer {
        let attentionNorm: Tensor
        let query: Tensor, key: Tensor, value: Tensor, output: Tensor
        /// qwen2 adds biases to the Q, K and V projections.
        let queryBias: Tensor?, keyBias: Tensor?, valueBias: Tensor?
        let feedForwardNorm: Tensor
        let gate: Tensor, up: Tensor, down: Tensor
    }

    let tokenEmbedding: Tensor
    let layers: [Layer]
    let outputNorm: Tensor
    /// The separate output projection, or the token embedding when the file ties them.
    let output: Tensor
    /// Per-frequency RoPE divisors (llama 3's long-context scaling), when the file has them.
    let ropeFactors: Tensor?

    init(file: GGUFFile, hyper h: HyperParameters) throws(ModelError) {
        func tensor(_ name: String, _ shape: [Int]) throws(ModelError) -> Tensor {
            guard let t = file.tensor(name) else {
                throw ModelError(path: file.path, reason: "missing tensor \(name)")
            }
            let role: Role = shape.count == 1 ? .vector : .matrix
            guard role.allows(t.pointee.type) else {
                throw ModelError(
                    path: file.path, offset: file.tensorInfoOffset(of: name), field: name,
                    reason: "type \(String(cString: ggml_type_name(t.pointee.type))) is not one a "
                        + (role == .vector ? "norm or bias vector (f32)" : "weight matrix (f32, f16, bf16 or quantized)") + " can have")
            }
            let ne = withUnsafeBytes(of: t.pointee.ne) { Array($0.bindMemory(to: Int64.self)) }
            guard ne.prefix(shape.count).map(Int.init) == shape, ne.dropFirst(shape.count).allSatisfy({ $0 == 1 }) else {
                throw ModelError(
                    path: file.path,
                    reason: "tensor \(name) has shape \(ne.map(String.init).joined(separator: "×")), expected "
                        + shape.map(String.init).joined(separator: "×"))
            }
            return t
        }
        func optional(_ name: String, _ shape: [Int]) throws(ModelError) -> Tensor? {
            file.tensor(name) == nil ? nil : try tensor(name, shape)
        }
        let d = h.embeddingLength
        let q = h.headCount * h.headDimension, kv = h.keyValueHeadCount * h.headDimension
        tokenEmbedding = try tensor("token_embd.weight", [d, h.vocabularySize])
        var layers: [Layer] = []
        for i in 0..<h.layerCount {
            let p = "blk.\(i)."
            layers.append(Layer(
                attentionNorm: try tensor(p + "attn_norm.weight", [d]),
                query: try tensor(p + "attn_q.weight", [d, q]),
                key: try tensor(p + "attn_k.weight", [d, kv]),
                value: try tensor(p + "attn_v.weight", [d, kv]),
                output: try tensor(p + "attn_output.weight", [q, d]),
                queryBias: try optional(p + "attn_q.bias", [q]),
                keyBias: try optional(p + "attn_k.bias", [kv]),
                valueBias: try optional(p + "attn_v.bias", [kv]),
                feedForwardNorm: try tensor(p + "ffn_norm.weight", [d]),
                gate: try tensor(p + "ffn_gate.weight", [d, h.feedForwardLength]),
                up: try tensor(p + "ffn_up.weight", [d, h.feedForwardLength]),
                down: try tensor(p + "ffn_down.weight", [h.feedForwardLength, d])))
        }
        self.layers = layers
        outputNorm = try tensor("output_norm.weight", [d])
        output = try optional("output.weight", [d, h.vocabularySize]) ?? tokenEmbedding
        ropeFactors = try optional("rope_freqs.weight", [h.ropeDimensions / 2])
    }
}
