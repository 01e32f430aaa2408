import PoTAlgebra

/// The arithmetic of docs/fixed-point.md on integers: what each gadget of `FixedPointChip`
/// computes for its witness, exposed so that a statement's witness and the native trainer can
/// be compared value by value. A value `v` stands for `v / 2^16` and lies in `−2^30 ≤ v < 2^30`;
/// exact products and sums (scale 2^32) are `Int128`, far from overflow for any layer width
/// below 2^60.
public enum FixedPoint {
    public static let fractionBits = 16
    /// `2^16`, the value of 1.
    public static let one: Int64 = 1 << 16
    /// Values satisfy `−limit ≤ v < limit`.
    public static let limit: Int64 = 1 << 30
    /// Bits of a value's range check: `v + 2^30` lies in `[0, 2^31)`.
    public static let valueBits = 31

    public static func isValue(_ v: Int64) -> Bool { v >= -limit && v < limit }

    /// `floor(a / d)` for `d > 0`, towards −∞.
    public static func floorDivide(_ a: Int128, by d: Int128) -> Int128 {
        precondition(d > 0, "floor division by a positive divisor")
        let q = a / d
        return a % d != 0 && a < 0 ? q - 1 : q
    }

    /// `floor(a·b / 2^16)`.
    public static func mulRescale(_ a: Int64, _ b: Int64) -> Int64 {
        Int64(floorDivide(Int128(a) * Int128(b), by: Int128(one)))
    }

    /// `floor((Σ_i a_i·b_i) / 2^16)`: the exact sum first, one rescale.
    public static func dot(_ a: [Int64], _ b: [Int64]) -> Int64 {
        precondition(a.count == b.count, "a dot product of equal lengths")
        return Int64(floorDivide(zip(a, b).reduce(Int128(0)) { $0 + Int128($1.0) * Int128($1.1) }, by: Int128(one)))
    }

    public static func relu(_ z: Int64) -> Int64 { z > 0 ? z : 0 }

    /// ReLU's derivative: 1 if `z > 0` else 0.
    public static func mask(_ z: Int64) -> Int64 { z > 0 ? 1 : 0 }

    /// `E(d)` for `d ≥ 0`: `T[min(floor(d / 2^8), 4096)]`.
    public static func exp(_ d: Int64) -> Int64 {
        precondition(d >= 0, "E is defined for d ≥ 0")
        return ExpTable.exp(of: d)
    }

    /// `floor(a·2^16 / s)` for `s > 0`.
    public static func divide(_ a: Int64, by s: Int64) -> Int64 {
        Int64(floorDivide(Int128(a) * Int128(one), by: Int128(s)))
    }

    /// The softmax cross-entropy gradient of one row of logits `z` with label `y`:
    /// `p_j − 2^16·[j = y]` with `m = max z`, `e_j = E(m − z_j)`, `p_j = floor(e_j·2^16 / Σ e)`.
    public static func softmaxGradient(_ z: [Int64], label y: Int) -> [Int64] {
        let m = z.max()!
        let e = z.map { exp(m - $0) }
        let s = e.reduce(0, +)
        return e.enumerated().map { j, ej in divide(ej, by: s) - (j == y ? one : 0) }
    }

    /// The field element of an integer (a negative `v` is `r − |v|`).
    public static func field(_ v: Int128) -> Fr {
        let magnitude = v.magnitude
        let x = try! Fr(canonical: [UInt64(truncatingIfNeeded: magnitude), UInt64(truncatingIfNeeded: magnitude >> 64), 0, 0])
        return v < 0 ? -x : x
    }

    public static func field(_ v: Int64) -> Fr { field(Int128(v)) }

    /// The integer a field element stands for, if it lies within ±2^126; nil for any other
    /// element (which no honest witness holds).
    public static func integer(_ x: Fr) -> Int128? {
        func small(_ limbs: [UInt64]) -> Int128? {
            limbs[2] == 0 && limbs[3] == 0 && limbs[1] >> 62 == 0 ? Int128(limbs[1]) << 64 | Int128(limbs[0]) : nil
        }
        if let v = small(x.canonical) { return v }
        return small((-x).canonical).map { -$0 }
    }
}
