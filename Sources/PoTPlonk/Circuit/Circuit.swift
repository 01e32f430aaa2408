/// A statement: a table shape (`configure`, the same for every witness) and a way to fill the
/// table for one witness (`synthesize`). Key generation needs only the fixed cells and copy
/// constraints that `synthesize` produces; the prover and the debug checker need every cell.
public protocol Circuit {
    /// What `configure` hands to `synthesize`: the columns, selectors and gadget configs.
    associatedtype Config

    /// The highest constraint degree the circuit needs (see `ConstraintSystem.maxDegree`).
    static var maxDegree: Int { get }
    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config
    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError)
}

extension Circuit {
    public static var maxDegree: Int { 5 }
}

extension Circuit {
    /// The circuit's constraint system as `configure` lays it out, and its config: the shape
    /// that key generation, proving, key loading and verification all start from.
    static func configured() throws(PlonkError) -> (cs: ConstraintSystem, config: Config) {
        let cs = ConstraintSystem(maxDegree: maxDegree)
        let config = try configure(cs)
        try cs.checkTracks()
        return (cs, config)
    }
}
