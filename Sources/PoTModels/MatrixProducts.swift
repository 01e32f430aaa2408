import CGGML
import CQuantMatMul

/// How the model's matrix products run.
public enum MatrixProducts: String, Sendable, CaseIterable {
    /// Weights of type Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 and Q2_K…Q6_K through the kernels of
    /// `CSources/CQuantMatMul` (AVX-512 VNNI on x86-64, NEON dot products on aarch64; the name is
    /// the x86 one), as ggml custom operations (Q5_* and the K-quants only
    /// for four or more activation rows: the kernels' single-row path is for the others); every
    /// other product through ggml.
    case vnni
    /// Every product through ggml's `mul_mat`.
    case ggml

    /// `vnni` where the CPU runs it, otherwise `ggml`.
    public static var automatic: MatrixProducts { vnniAvailable ? .vnni : .ggml }

    /// Whether this CPU has the instructions the `vnni` kernels need.
    public static let vnniAvailable = qmm_available() != 0

    /// The instructions the `vnni` kernels need, for messages.
    public static let vnniRequirement = "AVX-512 VNNI (x86-64) or the dot-product instructions (aarch64)"

    /// Whether these products run on this CPU.
    public var runsHere: Bool { self != .vnni || Self.vnniAvailable }

    /// The products that run on this CPU.
    public static var runnable: [MatrixProducts] { allCases.filter(\.runsHere) }

    /// Whether the `vnni` kernels take weights of the ggml type named `type` (`q4_1`, `f16`, …),
    /// at least for batches of four or more rows.
    public static func vnniTakes(type name: String) -> Bool {
        ggmlType(named: name).map { qmm_supports(Int32($0.rawValue)) != 0 } ?? false
    }
}

/// The ggml type whose name is `name`, if any.
func ggmlType(named name: String) -> ggml_type? {
    (0..<GGML_TYPE_COUNT.rawValue).map { ggml_type(rawValue: $0) }
        .first { ggml_get_type_traits($0).pointee.blck_size > 0 && String(cString: ggml_type_name($0)) == name }
}

/// Builds the products of one activation matrix with several weights, quantizing the
/// activations once for all the weights the kernels take.
struct ProductBuilder {
    typealias Tensor = UnsafeMutablePointer<ggml_tensor>

    let context: OpaquePointer
    let products: MatrixProducts

    /// `weight_i × x` for each weight (ggml's `mul_mat` convention: weights `k × m`,
    /// activations `k × n`, results `m × n`).
    func multiply(_ weights: [Tensor], _ x: Tensor) -> [Tensor] {
        var quantized: Tensor?
        return weights.map { w in
            guard takes(w, x) else { return ggml_mul_mat(context, w, x)! }
            if quantized == nil { quantized = quantize(x) }
            var args: [Tensor?] = [w, quantized]
            return ggml_custom_4d(
                context, GGML_TYPE_F32, w.pointee.ne.1, x.pointee.ne.1, 1, 1, &args, 2, multiplyRows,
                GGML_N_TASKS_MAX, nil)!
        }
    }

    private func takes(_ w: Tensor, _ x: Tensor) -> Bool {
        let type = Int32(w.pointee.type.rawValue)
        return products == .vnni && qmm_supports(type) != 0
            && (x.pointee.ne.1 >= 4 || qmm_reads_rows_directly(type) != 0)
            && x.pointee.type == GGML_TYPE_F32 && x.pointee.nb.0 == 4 && x.pointee.ne.2 == 1 && x.pointee.ne.3 == 1
    }

    private func quantize(_ x: Tensor) -> Tensor {
        var args: [Tensor?] = [x]
        let rowBytes = qmm_activation_row_bytes(Int(x.pointee.ne.0))
        return ggml_custom_4d(
            context, GGML_TYPE_I8, Int64(rowBytes), x.pointee.ne.1, 1, 1, &args, 1, quantizeRows,
            GGML_N_TASKS_MAX, nil)!
    }
}

/// Thread `ith` of `nth` takes its share of `count` items, in multiples of `unit`.
private func share(_ count: Int, _ unit: Int, _ ith: Int32, _ nth: Int32) -> Range<Int> {
    let chunk = ((count + Int(nth) - 1) / Int(nth) + unit - 1) / unit * unit
    let start = min(count, Int(ith) * chunk)
    return start..<min(count, start + chunk)
}

/// ggml custom operation: `dst` row i is activation row i of `src[0]`, quantized.
private let quantizeRows: ggml_custom_op_t = { dst, ith, nth, _ in
    guard let dst, let x = dst.pointee.src.0 else { return }
    let rows = share(Int(x.pointee.ne.1), 1, ith, nth)
    guard !rows.isEmpty else { return }
    qmm_quantize_rows(
        dst.pointee.data.assumingMemoryBound(to: UInt8.self), x.pointee.data.assumingMemoryBound(to: Float.self),
        x.pointee.nb.1, Int(x.pointee.ne.0), rows.lowerBound, rows.upperBound)
}

/// ggml custom operation: `dst = src[0] × src[1]` with `src[0]` the weights and `src[1]` the
/// activations quantized by `quantizeRows`; each thread takes a range of weight rows.
private let multiplyRows: ggml_custom_op_t = { dst, ith, nth, _ in
    guard let dst, let w = dst.pointee.src.0, let a = dst.pointee.src.1 else { return }
    let rows = share(Int(w.pointee.ne.1), 4, ith, nth)
    guard !rows.isEmpty else { return }
    qmm_matmul(
        dst.pointee.data.assumingMemoryBound(to: Float.self), Int(dst.pointee.nb.1) / 4,
        UnsafeRawPointer(w.pointee.data).assumingMemoryBound(to: UInt8.self), w.pointee.nb.1,
        qmm_type(rawValue: w.pointee.type.rawValue), UnsafeRawPointer(a.pointee.data).assumingMemoryBound(to: UInt8.self),
        Int(a.pointee.ne.1), Int(w.pointee.ne.0), rows.lowerBound, rows.upperBound)
}
