import CBN254
import CNTT
import PoTAlgebra

/// Element-wise arithmetic on the first `count` entries of Fr arrays through the vector
/// kernels: the running products and sums touch every row several times per column, where a
/// Swift loop over `Fr` operators would cost a call per element.
enum VectorArithmetic {
    /// out[i] = a[i]·c + b[i] + d for i < count.
    static func scaledSum(_ a: [Fr], _ c: Fr, _ b: [Fr], plus d: Fr, count: Int) -> [Fr] {
        var out = [Fr](repeating: d, count: count)
        var scaled = [Fr](repeating: .zero, count: count)
        scaled.withMutableRawElements { s in
            a.withRawElements { a in withUnsafePointer(to: c.raw) { bn254_fr_vec_scale(s, a, $0, count) } }
            out.withMutableRawElements { o in
                bn254_fr_vec_add(o, o, s, count)
                b.withRawElements { bn254_fr_vec_add(o, o, $0, count) }
            }
        }
        return out
    }

    /// a[i] *= b[i] for i < count.
    static func multiply(_ a: inout [Fr], by b: [Fr], count: Int) {
        a.withMutableRawElements { a in b.withRawElements { bn254_fr_vec_mul(a, a, $0, count) } }
    }
}
