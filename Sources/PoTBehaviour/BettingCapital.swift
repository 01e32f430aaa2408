import Foundation

/// The wealth of a bettor against one composite null about the mean of scores in [0, 1].
///
/// `.below(m)` tests H0: μ ≥ m with factors 1 + λ(m − x); `.above(m)` tests H0: μ ≤ m with
/// factors 1 + λ(x − m). Under H0 each factor has conditional mean ≤ 1 for any predictable
/// λ ≥ 0, so the capital is a nonnegative test supermartingale and, by Ville's inequality,
/// P(sup_n K_n ≥ 1/α) ≤ α: the test may be stopped at any data-dependent time.
///
/// λ is the approximate GRAPA bet of Waudby-Smith & Ramdas, "Estimating means of bounded
/// random variables by betting", JRSSB 2024 (Section 5.3): the Kelly-optimal fraction
/// (μ̂ − m)/(σ̂² + (μ̂ − m)²) signed toward the alternative, clipped to [0, c·λ_max] where
/// λ_max keeps every factor nonnegative (1/(1 − m) below, 1/m above).
public struct BettingCapital: Sendable {
    /// Which side of `nullMean` the bettor wins on.
    public enum Side: Sendable { case below, above }

    public let side: Side
    public let nullMean: Double
    /// Fraction of λ_max the bet may use; below 1 so one adverse score cannot zero the capital.
    public let truncation: Double
    /// Natural log of the capital; logs keep long runs from overflowing.
    public private(set) var logCapital = 0.0

    /// - Parameters:
    ///   - side: the alternative the bettor wins on.
    ///   - nullMean: the boundary m of the null, in (0, 1).
    ///   - truncation: the fraction c of λ_max, in (0, 1).
    public init(side: Side, nullMean: Double, truncation: Double) {
        precondition(nullMean > 0 && nullMean < 1, "null mean must lie strictly inside (0, 1)")
        precondition(truncation > 0 && truncation < 1, "truncation must lie in (0, 1)")
        self.side = side
        self.nullMean = nullMean
        self.truncation = truncation
    }

    /// The bet for the next score, from estimates that do not include it.
    func bet(_ moments: RunningMoments) -> Double {
        let edge = side == .below ? nullMean - moments.mean : moments.mean - nullMean
        guard edge > 0 else { return 0 }
        let kelly = edge / (moments.variance + edge * edge)
        let limit = side == .below ? 1 / (1 - nullMean) : 1 / nullMean
        return min(kelly, truncation * limit)
    }

    /// Multiplies in the factor for score `x`, betting from `moments` taken before `x`.
    mutating func update(with x: Double, before moments: RunningMoments) {
        let lambda = bet(moments)
        let gain = side == .below ? nullMean - x : x - nullMean
        logCapital += log1p(lambda * gain)
    }

    /// Whether the capital has reached 1/α, rejecting the null at level α.
    public func rejects(at alpha: Double) -> Bool { logCapital >= -log(alpha) }
}
