/// The regularised running mean and variance of Waudby-Smith & Ramdas (2024, eq. 27): one
/// pseudo-observation so the estimates exist before any score arrives.
///
/// The pseudo-observation has mean 1/2 as in the paper but variance 1/128 rather than the
/// worst case 1/4: behavioural scores are averages over K positions whose per-prompt spread
/// is a few hundredths (variance ≈ 0.003 on SmolLM2's variants, docs/behaviour.md), and a
/// larger prior holds the first dozen bets far below the Kelly fraction — with 1/4 a DIFFERENT
/// at mean 0.26 took ~21 queries, with 1/32 ~16 on the real 10%-noise variant, with 1/128 ~14.
/// Any predictable bet keeps validity; the prior only sets how fast the capital grows.
struct RunningMoments: Sendable {
    static let priorMean = 0.5
    static let priorVariance = 1.0 / 128

    private(set) var count = 0
    /// The plain sum of the scores seen so far.
    private(set) var sum = 0.0
    private var squaredDeviations = 0.0

    /// Estimate of the mean from the scores seen so far (predictable for the next score).
    var mean: Double { (Self.priorMean + sum) / Double(count + 1) }
    /// Estimate of the variance from the scores seen so far.
    var variance: Double { (Self.priorVariance + squaredDeviations) / Double(count + 1) }

    mutating func add(_ x: Double) {
        sum += x
        count += 1
        // Deviation from the mean including x, as in the paper's σ̂² recursion.
        let d = x - mean
        squaredDeviations += d * d
    }
}
