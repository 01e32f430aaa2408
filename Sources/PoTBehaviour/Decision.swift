/// The outcome of a sequential behavioural test.
public enum Decision: String, Sendable, Equatable {
    /// The mean score is certified below γ.
    case same = "SAME"
    /// The mean score is certified above δ.
    case different = "DIFFERENT"
    /// Neither certificate was reached within n_max scores.
    case undecided = "UNDECIDED"
}
