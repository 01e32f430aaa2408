import CGGML

/// One matrix product of a ggml type's weights with activations, built by the
/// same ``ProductBuilder`` as the model's graphs and run by ggml's CPU backend: what
/// `pot bench matmul` times, so that the kernels' figures per weight type (including types no
/// test model has) come from the code the runner uses. Its runs must not overlap (the graph's
/// buffers are its own), which the benchmark's one-at-a-time timing guarantees; hence the
/// unchecked sendability.
package final class ProductProbe: @unchecked Sendable {
    /// Multiply-accumulates per run: rows × k × columns.
    package let multiplyAccumulates: Int
    private let context: OpaquePointer
    private let graph: OpaquePointer
    private let result: UnsafeMutablePointer<ggml_tensor>
    /// ggml's plan for the graph, with its work buffer (ggml's quantized activations).
    private var plan: ggml_cplan
    private let work: UnsafeMutableRawBufferPointer

    /// - Parameters:
    ///   - type: a ggml type name (`q4_1`, `q6_K`, …).
    ///   - rows, k: the weight matrix, `rows` rows of `k` (a multiple of the type's block).
    ///   - columns: activation rows (tokens).
    package init(type name: String, rows: Int, k: Int, columns: Int, products: MatrixProducts, threads: Int) throws(ModelError) {
        guard let type = ggmlType(named: name) else { throw ModelError(path: name, reason: "no ggml type of that name") }
        guard k % Int(ggml_blck_size(type)) == 0 else {
            throw ModelError(path: name, reason: "k = \(k) is not a multiple of the block of \(ggml_blck_size(type))")
        }
        let weightBytes = rows * Int(ggml_row_size(type, Int64(k)))
        let bytes = weightBytes + 3 * k * columns * 4 + rows * columns * 4 + 64 * ggml_tensor_overhead()
            + ggml_graph_overhead() + (1 << 20)
        guard let ctx = ggml_init(ggml_init_params(mem_size: bytes, mem_buffer: nil, no_alloc: false)) else {
            throw ModelError(path: name, reason: "ggml cannot allocate \(bytes) bytes")
        }
        // Values spread over [-1, 1) by the golden-ratio sequence: the timing does not depend on
        // them, and drawing millions from the system's generator costs a system call each.
        func value(_ i: Int) -> Float { Float((Double(i) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)) * 2 - 1 }
        let w = ggml_new_tensor_2d(ctx, type, Int64(k), Int64(rows))!
        let values = (0..<(rows * k)).map(value)
        _ = ggml_quantize_chunk(type, values, w.pointee.data, 0, Int64(rows), Int64(k), nil)
        let x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, Int64(k), Int64(columns))!
        let xs = x.pointee.data.assumingMemoryBound(to: Float.self)
        for i in 0..<(k * columns) { xs[i] = value(i + 7) }
        let graph = ggml_new_graph(ctx)!
        let result = ProductBuilder(context: ctx, products: products).multiply([w], x)[0]
        ggml_build_forward_expand(graph, result)
        var plan = ggml_graph_plan(graph, Int32(threads), nil)
        work = .allocate(byteCount: max(1, plan.work_size), alignment: 64)
        plan.work_data = work.baseAddress!.assumingMemoryBound(to: UInt8.self)
        (context, self.graph, self.result, self.plan) = (ctx, graph, result, plan)
        multiplyAccumulates = rows * k * columns
    }

    deinit {
        ggml_free(context)
        work.deallocate()
    }

    /// Computes the product once.
    package func run() {
        _ = ggml_graph_compute(graph, &plan)
    }

    /// The last result: `rows` values for each activation row in turn.
    package var output: [Float] {
        let count = Int(ggml_nelements(result))
        return Array(UnsafeBufferPointer(start: result.pointee.data.assumingMemoryBound(to: Float.self), count: count))
    }
}
