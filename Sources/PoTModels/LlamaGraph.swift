import CGGML

/// The compute graph of one batch through a llama-family decoder: the batch's keys and values
/// are appended to the cache and every token attends to all cached positions up to its own.
struct LlamaGraph {
    typealias Tensor = UnsafeMutablePointer<ggml_tensor>

    /// Which positions of the batch produce logits: all for scoring, the last for generation
    /// (the output projection is a fifth of the model's work, not worth doing for discarded rows).
    enum Outputs { case all, last }

    let graph: OpaquePointer
    /// Inputs the caller fills after allocation: token ids, their positions, the causal mask.
    let tokens: Tensor, positions: Tensor, mask: Tensor
    /// `vocabularySize × rows` logits.
    let logits: Tensor

    /// Nodes of the largest graph built: about 30 per layer, with room to spare.
    static func nodeBudget(_ h: HyperParameters) -> Int { 64 * h.layerCount + 64 }

    /// Bytes of ggml context for tensor headers and the graph; the data lives in the allocator.
    static func contextBytes(_ h: HyperParameters) -> Int {
        nodeBudget(h) * 2 * ggml_tensor_overhead() + ggml_graph_overhead_custom(nodeBudget(h), false)
    }

    init(context ctx: OpaquePointer, weights w: LlamaWeights, hyper h: HyperParameters,
         cache: KVCache, batch n: Int, outputs: Outputs, products: MatrixProducts) {
        let graph = ggml_new_graph_custom(ctx, Self.nodeBudget(h), false)!
        let past = cache.count
        let length = past + n
        let hd = Int64(h.headDimension), heads = Int64(h.headCount), kvHeads = Int64(h.keyValueHeadCount)
        let eps = Float(h.rmsNormEpsilon)

        let tokens = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, Int64(n))!
        let positions = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, Int64(n))!
        let mask = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, Int64(length), Int64(n))!
        for input in [tokens, positions, mask] { ggml_set_input(input) }

        let mm = ProductBuilder(context: ctx, products: products)
        func biased(_ y: Tensor, _ bias: Tensor?) -> Tensor { bias.map { ggml_add(ctx, y, $0) } ?? y }
        func rope(_ x: Tensor) -> Tensor {
            ggml_rope_ext(
                ctx, x, positions, w.ropeFactors, Int32(h.ropeDimensions), h.architecture.ropeMode,
                Int32(h.trainedContextLength), Float(h.ropeFrequencyBase), Float(h.ropeFrequencyScale),
                0, 1, 32, 1)
        }

        var x = ggml_get_rows(ctx, w.tokenEmbedding, tokens)!
        for (l, layer) in w.layers.enumerated() {
            var h1 = ggml_mul(ctx, ggml_rms_norm(ctx, x, eps), layer.attentionNorm)!
            let qkv = mm.multiply([layer.query, layer.key, layer.value], h1)
            let q = rope(ggml_reshape_3d(ctx, biased(qkv[0], layer.queryBias), hd, heads, Int64(n)))
            let k = rope(ggml_reshape_3d(ctx, biased(qkv[1], layer.keyBias), hd, kvHeads, Int64(n)))
            let v = biased(qkv[2], layer.valueBias)

            let row = ggml_row_size(GGML_TYPE_F16, hd * kvHeads)
            for (source, cached) in [(k, cache.keys[l]), (v, cache.values[l])] {
                let slot = ggml_view_1d(ctx, cached, Int64(n) * hd * kvHeads, past * row)
                // Expanding the copy first orders it before the attention that reads the cache.
                ggml_build_forward_expand(graph, ggml_cpy(ctx, source, slot))
            }
            func cached(_ t: Tensor) -> Tensor {
                ggml_view_3d(ctx, t, hd, Int64(length), kvHeads, row, ggml_row_size(GGML_TYPE_F16, hd), 0)
            }
            let attention = ggml_flash_attn_ext(
                ctx, ggml_permute(ctx, q, 0, 2, 1, 3), cached(cache.keys[l]), cached(cache.values[l]), mask,
                Float(1 / Double(h.headDimension).squareRoot()), 0, 0)!
            ggml_flash_attn_ext_set_prec(attention, GGML_PREC_F32)
            x = ggml_add(ctx, x, mm.multiply([layer.output], ggml_reshape_2d(ctx, attention, hd * heads, Int64(n)))[0])

            h1 = ggml_mul(ctx, ggml_rms_norm(ctx, x, eps), layer.feedForwardNorm)
            let gateUp = mm.multiply([layer.gate, layer.up], h1)
            x = ggml_add(ctx, x, mm.multiply([layer.down], ggml_swiglu_split(ctx, gateUp[0], gateUp[1]))[0])
        }
        if outputs == .last {
            x = ggml_view_2d(ctx, x, Int64(h.embeddingLength), 1, x.pointee.nb.1, (n - 1) * x.pointee.nb.1)
        }
        x = ggml_mul(ctx, ggml_rms_norm(ctx, x, eps), w.outputNorm)
        let logits = mm.multiply([w.output], x)[0]
        ggml_set_output(logits)
        ggml_build_forward_expand(graph, logits)
        (self.graph, self.tokens, self.positions, self.mask, self.logits) = (graph, tokens, positions, mask, logits)
    }
}
