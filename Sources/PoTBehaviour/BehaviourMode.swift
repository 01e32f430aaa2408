/// The named settings of `pot behave --mode`: the sequential test's α, γ, δ, n_max and K, the
/// number of tokens the reference continues each prompt with.
public enum BehaviourMode: String, Sendable, CaseIterable {
    case quick, audit, extended

    /// Error budget, thresholds and query limit (docs/sequential-test.md).
    public var sequential: SequentialParameters {
        switch self {
        case .quick: .quick
        case .audit: .audit
        case .extended: .extended
        }
    }

    /// Continuation tokens per challenge. More positions average out per-token noise and lower
    /// the variance of each score, at the cost of time per query.
    public var continuationTokens: Int {
        switch self {
        case .quick: 16
        case .audit: 32
        case .extended: 64
        }
    }
}
