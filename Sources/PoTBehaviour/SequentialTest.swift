/// The anytime-valid SAME / DIFFERENT / UNDECIDED test on a stream of scores in [0, 1].
///
/// Two betting capitals run side by side: one against H0: μ ≥ γ (its rejection certifies
/// SAME) and one against H0: μ ≤ δ (its rejection certifies DIFFERENT), each at level α/2.
/// Both are checked after every score; Ville's inequality bounds each wrong certificate by
/// its level whatever the stopping rule. An all-zero stream gets no shortcut: its capital
/// grows by at most 1 + cγ/(1 − γ) per score, so SAME still takes about ln(2/α)/γ scores.
public struct SequentialTest: Sendable {
    public let parameters: SequentialParameters
    /// Capital against μ ≥ γ.
    public private(set) var sameCapital: BettingCapital
    /// Capital against μ ≤ δ.
    public private(set) var differentCapital: BettingCapital
    private var moments = RunningMoments()
    /// The decision once reached; `nil` while the test continues.
    public private(set) var decision: Decision?

    /// A test that has seen no scores, both capitals at 1.
    public init(parameters: SequentialParameters) {
        self.parameters = parameters
        sameCapital = BettingCapital(side: .below, nullMean: parameters.gamma, truncation: parameters.truncation)
        differentCapital = BettingCapital(side: .above, nullMean: parameters.delta, truncation: parameters.truncation)
    }

    /// Scores seen so far.
    public var count: Int { moments.count }
    /// Plain mean of the scores seen so far (0 before any).
    public var mean: Double { count == 0 ? 0 : moments.sum / Double(count) }

    /// Adds one score and returns the decision if this score reached one.
    ///
    /// Should both certificates fire on the same score the evidence contradicts itself and
    /// the test stops UNDECIDED, which can only lower either error rate.
    @discardableResult
    public mutating func observe(_ score: Double) throws(ScoreError) -> Decision? {
        if let decision { throw .alreadyDecided(decision) }
        let x = try checkedScore(score)
        sameCapital.update(with: x, before: moments)
        differentCapital.update(with: x, before: moments)
        moments.add(x)
        let same = sameCapital.rejects(at: parameters.sameAlpha)
        let different = differentCapital.rejects(at: parameters.differentAlpha)
        switch (same, different) {
        case (true, true): decision = .undecided
        case (true, false): decision = .same
        case (false, true): decision = .different
        case (false, false): decision = count >= parameters.maxQueries ? .undecided : nil
        }
        return decision
    }
}
