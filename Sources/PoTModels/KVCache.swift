import CGGML

/// Keys and values of every layer for the positions seen so far, in half precision as
/// llama.cpp keeps them: one row of `keyValueHeadCount × headDimension` per position.
final class KVCache {
    typealias Tensor = UnsafeMutablePointer<ggml_tensor>

    let capacity: Int
    let keys: [Tensor]
    let values: [Tensor]
    /// Positions `0..<count` hold valid entries; later batches attend to them.
    var count = 0
    private let context: OpaquePointer
    private let buffer: ggml_backend_buffer_t

    init(hyper h: HyperParameters, capacity: Int, path: String) throws(ModelError) {
        let params = ggml_init_params(
            mem_size: 2 * h.layerCount * ggml_tensor_overhead(), mem_buffer: nil, no_alloc: true)
        guard let context = ggml_init(params) else {
            throw ModelError(path: path, reason: "ggml cannot create the KV cache context")
        }
        let width = Int64(h.keyValueHeadCount * h.headDimension)
        keys = (0..<h.layerCount).map { _ in ggml_new_tensor_2d(context, GGML_TYPE_F16, width, Int64(capacity))! }
        values = (0..<h.layerCount).map { _ in ggml_new_tensor_2d(context, GGML_TYPE_F16, width, Int64(capacity))! }
        guard let buffer = ggml_backend_alloc_ctx_tensors_from_buft(context, ggml_backend_cpu_buffer_type()) else {
            ggml_free(context)
            throw ModelError(path: path, reason: "cannot allocate a KV cache of \(capacity) positions")
        }
        self.capacity = capacity
        self.context = context
        self.buffer = buffer
    }

    deinit {
        ggml_backend_buffer_free(buffer)
        ggml_free(context)
    }

    /// Bytes held by the cache.
    var byteCount: Int { ggml_backend_buffer_get_size(buffer) }
}
