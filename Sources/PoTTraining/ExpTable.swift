import Foundation

/// The exponential of docs/fixed-point.md: `E(d) = T[min(floor(d / 2^8), 4096)]` for a value
/// `d ≥ 0`, with `T[q] = round_half_up(2^16 · exp(−q / 256))` for `q < 4096` and `T[4096] = 0`.
/// The circuit looks the same table up, so both sides need only agree on `T`, which every
/// correctly rounded `exp` gives (no entry is within 10^-6 of a half-integer; tested).
public enum ExpTable {
    /// `q` saturates here: `E(d) = 0` for `d ≥ 16 · 2^16`.
    public static let last = 4096
    /// Low bits of `d` dropped before the lookup.
    public static let stepBits = 8

    /// `T[0] … T[4096]`.
    public static let entries: [Int64] = (0...last).map { q in
        q == last ? 0 : Int64((Double(FixedPoint.one) * Foundation.exp(-Double(q) / 256) + 0.5).rounded(.down))
    }

    /// `E(d)` for a value `d ≥ 0`.
    @inline(__always)
    public static func exp(of d: Int64) -> Int64 {
        entries[Int(min(d >> Int64(stepBits), Int64(last)))]
    }
}
