import Foundation

/// The table of docs/fixed-point.md's exponential, one place for the circuit and the native
/// trainer (`PoTTraining.ExpTable` is this type): `E(d) = T[min(floor(d / 2^8), 4096)]` for `d ≥ 0`, with
/// `T[q] = round_half_up(2^16 · exp(−q / 256))` for `q < 4096` and `T[4096] = 0`.
/// Every entry's unrounded value lies at least 10^-4 from a half-integer (tested against Python's
/// `math.exp`), so any correctly rounded `exp` gives this table.
public enum ExpTable {
    /// `q` saturates here: `E(d) = 0` for `d ≥ 16 · 2^16`.
    public static let last = 4096
    /// Low bits of `d` dropped before the lookup.
    public static let stepBits = 8

    /// `2^16 · exp(−q / 256)` before rounding.
    public static func unrounded(_ q: Int) -> Double { 65536 * Foundation.exp(-Double(q) / 256) }

    /// `T[0] … T[4096]`.
    public static let entries: [Int64] = (0...last).map { q in
        q == last ? 0 : Int64((unrounded(q) + 0.5).rounded(.down))
    }

    /// `E(d)` for a value `d ≥ 0`.
    @inlinable
    public static func exp(of d: Int64) -> Int64 {
        entries[Int(min(d >> Int64(stepBits), Int64(last)))]
    }
}
