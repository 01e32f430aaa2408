/// The error budget, thresholds and query limit of one sequential test.
///
/// α is split evenly: the SAME certificate runs at α/2 and the DIFFERENT certificate at α/2,
/// so even when the true mean lies in [γ, δ], where both decisions are wrong, the chance of
/// any wrong decision is at most α.
public struct SequentialParameters: Sendable, Equatable {
    /// Total error budget.
    public let alpha: Double
    /// SAME certifies mean < γ.
    public let gamma: Double
    /// DIFFERENT certifies mean > δ.
    public let delta: Double
    /// Scores after which the test stops UNDECIDED.
    public let maxQueries: Int
    /// Fraction of the largest safe bet either bettor may stake (see ``BettingCapital``).
    public let truncation: Double

    /// - Precondition: 0 < α < 1, 0 < γ ≤ δ < 1, n_max ≥ 1, 0 < truncation < 1.
    public init(alpha: Double, gamma: Double, delta: Double, maxQueries: Int, truncation: Double = 0.95) {
        precondition(Self.inRange(alpha: alpha, gamma: gamma, delta: delta, maxQueries: maxQueries, truncation: truncation),
                     "need 0 < α < 1, 0 < γ ≤ δ < 1, n_max ≥ 1, 0 < truncation < 1")
        self.alpha = alpha
        self.gamma = gamma
        self.delta = delta
        self.maxQueries = maxQueries
        self.truncation = truncation
    }

    /// Whether the values meet the precondition of `init`; commitments read from files are
    /// checked with it before any is built.
    public static func inRange(alpha: Double, gamma: Double, delta: Double, maxQueries: Int, truncation: Double) -> Bool {
        alpha > 0 && alpha < 1 && gamma > 0 && gamma <= delta && delta < 1 && maxQueries >= 1
            && truncation > 0 && truncation < 1
    }

    /// Level of the SAME certificate.
    public var sameAlpha: Double { alpha / 2 }
    /// Level of the DIFFERENT certificate.
    public var differentAlpha: Double { alpha / 2 }

    /// A cheap screen: 5% errors, at most 100 queries.
    public static let quick = SequentialParameters(alpha: 0.05, gamma: 0.12, delta: 0.13, maxQueries: 100)
    /// The default: 1% errors, SAME for re-encodings within 80 queries, at most 300 queries.
    /// γ = δ = 0.11 from the calibration on SmolLM2-135M (docs/behaviour.md): re-encodings
    /// score 0.025–0.034, the 10%-noise variant about 0.21 with per-prompt scores 0.11–0.36.
    /// With no indifference zone a mean of exactly 0.11 may go either way, still with total
    /// error ≤ α.
    public static let audit = SequentialParameters(alpha: 0.01, gamma: 0.11, delta: 0.11, maxQueries: 300)
    /// 0.1% errors and a tighter SAME threshold, at most 2000 queries.
    public static let extended = SequentialParameters(alpha: 0.001, gamma: 0.10, delta: 0.13, maxQueries: 2000)
}
