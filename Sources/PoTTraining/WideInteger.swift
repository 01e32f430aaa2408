/// A signed 128-bit integer, two's complement as `high · 2^64 + low`: the exact sums and
/// products of docs/fixed-point.md that can pass 2^63 (a dot product of 2^60-sized terms, the
/// learning rate times a weight gradient) before their division brings them back to a value.
/// Only the operations the step needs; none of them wraps.
struct WideInteger: Equatable {
    var high: Int64
    var low: UInt64

    init(_ value: Int64) {
        high = value < 0 ? -1 : 0
        low = UInt64(bitPattern: value)
    }

    init(high: Int64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The exact product of two 64-bit integers.
    init(product a: Int64, _ b: Int64) {
        let (h, l) = a.multipliedFullWidth(by: b)
        self.init(high: h, low: l)
    }

    /// Adds `other`; sums of the step's magnitudes (below 2^100) never reach 2^127.
    mutating func add(_ other: WideInteger) {
        let (l, carry) = low.addingReportingOverflow(other.low)
        low = l
        high = high &+ other.high &+ (carry ? 1 : 0)
    }

    mutating func add(_ value: Int64) { add(WideInteger(value)) }

    /// `self · m` for `m ≥ 0`, or `nil` when it does not fit 128 bits.
    func multiplied(by m: Int64) -> WideInteger? {
        precondition(m >= 0)
        let (carry, l) = low.multipliedFullWidth(by: UInt64(m))
        let (h, overflow1) = high.multipliedReportingOverflow(by: m)
        let (sum, overflow2) = h.addingReportingOverflow(Int64(bitPattern: carry))
        guard !overflow1, !overflow2 else { return nil }
        return WideInteger(high: sum, low: l)
    }

    /// `floor(self / 2^k)` for `0 < k < 64`: an arithmetic shift rounds towards −∞.
    func floorShifted(by k: Int) -> WideInteger {
        WideInteger(high: high >> k, low: (low >> UInt64(k)) | (UInt64(bitPattern: high) << UInt64(64 - k)))
    }

    /// The value as an `Int64`, or `nil` when it does not fit.
    var int64: Int64? {
        let value = Int64(bitPattern: low)
        return high == (value >> 63) ? value : nil
    }
}
