/// The sequential test and the confidence sequence fed the same scores: the state a run
/// writes into each transcript record and a verifier recomputes from the scores alone.
public struct ScoreLedger: Sendable {
    public private(set) var test: SequentialTest
    private var bounds: ConfidenceSequence

    public init(parameters: SequentialParameters) {
        test = SequentialTest(parameters: parameters)
        bounds = ConfidenceSequence(alpha: parameters.alpha, truncation: parameters.truncation)
    }

    /// Adds one score; returns the decision if it reached one.
    @discardableResult
    public mutating func observe(_ score: Double) throws(ScoreError) -> Decision? {
        let decision = try test.observe(score)
        try bounds.observe(score)
        return decision
    }

    public var count: Int { test.count }
    public var mean: Double { test.mean }
    /// Lower confidence bound; `nil` only if every candidate mean was rejected (probability ≤ α).
    public var lower: Double? { bounds.bounds?.lowerBound }
    public var upper: Double? { bounds.bounds?.upperBound }
    public var decision: Decision? { test.decision }
}
