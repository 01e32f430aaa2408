import CNTT

extension Fr {
    /// start·ratio^i for i < count, by the vector kernel.
    public static func powers(start: Fr = .one, ratio: Fr, count: Int) -> [Fr] {
        var out = [Fr](repeating: .zero, count: count)
        out.withMutableRawElements { p in
            withUnsafePointer(to: start.raw) { s in withUnsafePointer(to: ratio.raw) { bn254_fr_vec_powers(p, s, $0, count) } }
        }
        return out
    }
}
