/// The regularised running mean and variance of Waudby-Smith & Ramdas (2024, eq. 27): one
/// pseudo-observation so the estimates exist before any score arrives.
///
/// The pseudo-observation has mean 1/2 as in the paper but variance 1/32 rather than the
/// worst case 1/4: behavioural scores are averages over many positions with per-prompt spread
/// of a few hundredths, and the paper's prior holds the first dozen bets far below the cap,
/// which alone costs DIFFERENT about six extra queries. Any predictable bet keeps validity;
/// the prior only sets how fast the capital grows.
struct RunningMoments: Sendable {
    static let priorMean = 0.5
    static let priorVariance = 1.0 / 32

    private(set) var count = 0
    private var sum = 0.0
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
