import PoTAlgebra

/// Configures a circuit and fills its table for one witness: the shared first step of key
/// generation, proving and debugging.
struct Synthesis {
    let cs: ConstraintSystem
    let assignment: Assignment

    init<C: Circuit>(_ circuit: C, k: Int) throws(PlonkError) {
        guard (1...Fr.twoAdicity).contains(k) else { throw .badK(k) }
        let (cs, config) = try C.configured()
        guard cs.usableRows(k: k) > 0 else { throw .badK(k) }
        let layouter = Layouter(cs: cs, k: k)
        try circuit.synthesize(config, layouter)
        var assignment = layouter.assignment
        assignment.padTables()
        self.cs = cs
        self.assignment = assignment
    }
}
