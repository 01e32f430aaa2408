/// A score the test refuses: scores outside [0, 1] or NaN would void the supermartingale
/// argument, so they stop the run instead of being clipped into a number.
public enum ScoreError: Error, Equatable, Sendable {
    /// The score is NaN or outside [0, 1].
    case outOfRange(Double)
    /// The test already reached a decision; further scores are not evidence for it.
    case alreadyDecided(Decision)
}

/// Validates one score.
func checkedScore(_ x: Double) throws(ScoreError) -> Double {
    guard x >= 0, x <= 1 else { throw .outOfRange(x) }  // NaN fails both comparisons
    return x
}
