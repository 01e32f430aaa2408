/// The sequential test and the confidence sequence fed the same scores: the state a run
/// writes into each transcript record and a verifier recomputes from the scores alone.
public struct ScoreLedger: Sendable {
    /// The decision rule; its capitals are what the transcript's decision rests on.
    public private(set) var test: SequentialTest
    private var bounds: ConfidenceSequence

    /// A ledger with no scores, for the given test parameters.
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

    /// Scores so far.
    public var count: Int { test.count }
    /// Plain mean of the scores so far.
    public var mean: Double { test.mean }
    /// Lower confidence bound; `nil` only if every candidate mean was rejected (probability ≤ α).
    public var lower: Double? { bounds.bounds?.lowerBound }
    /// Upper confidence bound; `nil` exactly when ``lower`` is.
    public var upper: Double? { bounds.bounds?.upperBound }
    /// The decision once reached.
    public var decision: Decision? { test.decision }
}
