import PoTModels

/// `pot bench matmul`: one matrix product per weight type, through the VNNI kernels and through
/// ggml's own `mul_mat`, as the model runner builds them (``ProductProbe``).
///
/// - `matmul_gmac_s` (GMAC/s, multiply-accumulates per second): a 2048 × 2048 weight matrix of
///   each type times 128 activation rows (a scoring batch) and times one (a generation step),
///   params `columns` (128, 1) and `threads` (1), labels `type` and `products`. One thread, so
///   that a shared machine's other load does not stall ggml's barrier; the kernels split rows
///   between threads without sharing anything.
public enum MatMulWorkloads {
    public static let types = ["q4_0", "q4_1", "q5_0", "q5_1", "q8_0", "q2_K", "q3_K", "q4_K", "q5_K", "q6_K"]

    public static func all() throws -> [Workload] {
        var workloads: [Workload] = []
        for type in types {
            for columns in [128, 1] {
                for products in MatrixProducts.runnable {
                    let probe = try ProductProbe(type: type, rows: 2048, k: 2048, columns: columns, products: products, threads: 1)
                    workloads.append(Workload(
                        name: "matmul_gmac_s", params: ["columns": columns, "threads": 1],
                        labels: ["type": type, "products": products.rawValue],
                        unit: .gmacPerSecond, batch: probe.multiplyAccumulates) { probe.run() })
                }
            }
        }
        return workloads
    }
}
