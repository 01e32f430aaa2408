import PoTAlgebra

/// Configures a circuit and fills its table for one witness: the shared first step of key
/// generation, proving and debugging.
///
/// A circuit with second-phase advice is synthesized twice: first with the challenges unknown
/// (`challenges: nil`, as at key generation), then with their values. Only the second-phase
/// columns of the second pass are new; everything else must come out the same, which
/// `requireSameFirstPhase` checks.
struct Synthesis {
    let cs: ConstraintSystem
    var assignment: Assignment

    init<C: Circuit>(_ circuit: C, k: Int, challenges: [Fr]? = nil) throws(PlonkError) {
        guard (1...Fr.twoAdicity).contains(k) else { throw .badK(k) }
        let (cs, config) = try C.configured()
        guard cs.usableRows(k: k) > 0 else { throw .badK(k) }
        precondition(challenges.map { $0.count == cs.challenges } ?? true, "one value per challenge")
        let layouter = Layouter(cs: cs, k: k, challenges: challenges)
        try circuit.synthesize(config, layouter)
        var assignment = layouter.assignment
        assignment.padTables()
        self.cs = cs
        self.assignment = assignment
    }

    /// Throws `.challengeDependent` unless `later` (a pass with the challenges known) has the
    /// same first-phase advice on the usable rows as `advice` (this pass's, which the prover
    /// keeps apart), and the same fixed cells, selectors and copy constraints as this pass:
    /// what was committed, or fixed by the key, before the challenges existed.
    func requireSameFirstPhase(as later: Synthesis, advice: [[Fr]]) throws(PlonkError) {
        let (a, b) = (assignment, later.assignment)
        for c in cs.adviceColumns(in: .first) {
            if let row = (0..<a.usableRows).first(where: { advice[c][$0] != b.advice[c][$0] }) {
                throw .challengeDependent("first-phase advice[\(c)] row \(row)")
            }
        }
        if let c = a.fixed.indices.first(where: { a.fixed[$0] != b.fixed[$0] }) {
            throw .challengeDependent("fixed[\(c)]")
        }
        if let s = a.selectors.indices.first(where: { a.selectors[$0] != b.selectors[$0] }) {
            throw .challengeDependent("selector[\(s)]")
        }
        guard a.copies.count == b.copies.count, zip(a.copies, b.copies).allSatisfy({ $0 == $1 }) else {
            throw .challengeDependent("the copy constraints")
        }
    }

    /// Drops the witness, keeping what a second pass is compared with besides it (the prover
    /// holds the first pass's advice itself, so it is not kept twice).
    mutating func dropWitness() {
        assignment.advice = []
        assignment.assignedAdvice = []
    }
}

extension Circuit {
    /// The rows this witness's synthesis takes — its regions, its lookup tables and its
    /// constants — which a table of 2^k rows must leave usable. Nothing is stored, so a
    /// statement can size its table before allocating it.
    public func rowsUsed() throws(PlonkError) -> Int {
        let (cs, config) = try Self.configured()
        let layouter = Layouter(measuring: cs)
        try synthesize(config, layouter)
        return layouter.rowsUsed
    }
}
