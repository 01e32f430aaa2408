import PoTAlgebra

/// What a run keeps private (docs/training.md): the prover needs these, a verifier never does.
public struct RunSecrets: Equatable, Sendable {
    /// `s`, the schedule seed; `S = H(s, runId)` is published.
    public let scheduleSeed: Fr
    /// The weights' salts derive from it: `salt_t = H(run secret, t)`.
    public let runSecret: Fr
    /// The salt leaf of the dataset tree.
    public let datasetSalt: Fr

    public init(scheduleSeed: Fr, runSecret: Fr, datasetSalt: Fr) {
        self.scheduleSeed = scheduleSeed
        self.runSecret = runSecret
        self.datasetSalt = datasetSalt
    }

    /// Fresh secrets from the system's cryptographically secure generator.
    public static func random() -> RunSecrets {
        RunSecrets(scheduleSeed: .random(), runSecret: .random(), datasetSalt: .random())
    }

    /// `salt_t`, the salt of `C(W_t)`.
    public func salt(step t: Int) -> Fr {
        precondition(t >= 0, "steps count from 0")
        return Poseidon.hash(runSecret, Fr(UInt64(t)))
    }
}
