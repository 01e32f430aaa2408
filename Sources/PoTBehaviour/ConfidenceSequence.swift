/// Running lower and upper confidence bounds for the mean score, for the transcript.
///
/// On a grid of candidate means m_j = j/G every candidate carries two betting capitals (one
/// against μ ≥ m_j, one against μ ≤ m_j, at α/2 each, as in the hedged-capital confidence
/// sequence of Waudby-Smith & Ramdas 2024, Section 4). A candidate rejected once stays
/// rejected; the bounds are the surviving range widened by one grid step, so a true mean
/// between grid points is still covered. With probability ≥ 1 − α the true mean lies within
/// the bounds at every n simultaneously. The decision itself is ``SequentialTest``'s.
public struct ConfidenceSequence: Sendable {
    public let alpha: Double
    public let gridSize: Int
    private var below: [BettingCapital]
    private var above: [BettingCapital]
    private var alive: [Bool]
    private var moments = RunningMoments()

    /// - Parameters:
    ///   - alpha: miscoverage of the whole sequence.
    ///   - gridSize: G, the number of grid steps over [0, 1].
    ///   - truncation: fraction of the largest safe bet.
    public init(alpha: Double, gridSize: Int = 1000, truncation: Double = 0.95) {
        precondition(alpha > 0 && alpha < 1, "α must lie in (0, 1)")
        precondition(gridSize >= 2, "the grid needs interior points")
        self.alpha = alpha
        self.gridSize = gridSize
        // The end points 0 and 1 cannot be bet against from one side; they stay candidates.
        let interior = (1..<gridSize).map { Double($0) / Double(gridSize) }
        below = interior.map { BettingCapital(side: .below, nullMean: $0, truncation: truncation) }
        above = interior.map { BettingCapital(side: .above, nullMean: $0, truncation: truncation) }
        alive = Array(repeating: true, count: interior.count)
    }

    /// Adds one score.
    public mutating func observe(_ score: Double) throws(ScoreError) {
        let x = try checkedScore(score)
        for j in alive.indices where alive[j] {
            below[j].update(with: x, before: moments)
            above[j].update(with: x, before: moments)
            if below[j].rejects(at: alpha / 2) || above[j].rejects(at: alpha / 2) { alive[j] = false }
        }
        moments.add(x)
    }

    /// The bounds [lower, upper]; `nil` if every candidate has been rejected, an event of
    /// probability at most α.
    public var bounds: ClosedRange<Double>? {
        guard let first = alive.firstIndex(of: true), let last = alive.lastIndex(of: true) else { return nil }
        // Index j holds m_{j+1}; widen one step each way.
        return Double(first) / Double(gridSize)...Double(last + 2) / Double(gridSize)
    }
}
