/// When an advice column is assigned. First-phase columns are committed before any circuit
/// challenge exists; second-phase columns are assigned once the challenges are drawn from the
/// transcript that holds the first-phase commitments (halo2's phases), so a witness can depend
/// on randomness the prover could not foresee — a random linear combination of committed
/// values, as in a Freivalds check of a matrix product.
public enum AdvicePhase: Int, Hashable, Sendable, CustomStringConvertible {
    case first
    case second

    public var description: String { self == .first ? "first phase" : "second phase" }
}

/// A verifier challenge drawn from the transcript once every first-phase advice column is
/// committed (docs/plonk.md, "Phases"). Gates and lookups read it as `expression` (degree 0);
/// synthesis reads its value with `Layouter.challengeValue`.
public struct Challenge: Hashable, Sendable, CustomStringConvertible {
    /// Its position in the order challenges are declared and drawn.
    public let index: Int
    public var expression: Expr { .challenge(self) }
    public var description: String { "challenge[\(index)]" }
}
