import PoTCircuits

/// What the native trainer adds to the circuit's `FixedPoint` (one definition of the values of
/// docs/fixed-point.md for both): errors instead of constraint failures, conversions from and to
/// real numbers, and 64-bit floor division.
extension FixedPoint {
    /// `v` itself when it is in range.
    /// - Throws: ``FixedPointError/overflow(_:)`` naming `what` otherwise.
    @inline(__always)
    public static func checked(_ v: Int64, _ what: @autoclosure () -> String) throws(FixedPointError) -> Int64 {
        guard isValue(v) else { throw .overflow("\(what()) = \(v) is outside the value range [−2^30, 2^30)") }
        return v
    }

    /// The value of a real number: `round(x · 2^16)`, half away from zero. `x · 2^16` is exact
    /// in a Double (a power of two), so the one rounding is the one the spec names.
    public static func value(of x: Double, _ what: @autoclosure () -> String) throws(FixedPointError) -> Int64 {
        guard x.isFinite else { throw .overflow("\(what()) = \(x) is not a finite number") }
        let scaled = (x * Double(one)).rounded(.toNearestOrAwayFromZero)
        guard scaled >= -Double(limit), scaled < Double(limit) else {
            throw .overflow("\(what()) = \(x) is outside the value range [−16384, 16384)")
        }
        return Int64(scaled)
    }

    /// The real number `v / 2^16`.
    @inline(__always)
    public static func real(_ v: Int64) -> Double { Double(v) / Double(one) }

    /// `floor(a / d)` for `d > 0` (towards −∞, unlike Swift's `/`).
    @inline(__always)
    public static func floorDivide(_ a: Int64, by d: Int64) -> Int64 {
        let q = a / d
        return (a % d != 0 && a < 0) ? q - 1 : q
    }
}

/// A value left its range: in the circuit this is a constraint failure, natively an error.
public enum FixedPointError: Error, Equatable, CustomStringConvertible {
    case overflow(String)

    public var description: String {
        switch self {
        case .overflow(let what): "fixed-point overflow: \(what)"
        }
    }
}
