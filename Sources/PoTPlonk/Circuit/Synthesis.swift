import PoTAlgebra

/// Configures a circuit and fills its table for one witness: the shared first step of key
/// generation, proving and debugging.
///
/// A circuit with second-phase advice is synthesized twice: first with the challenges unknown
/// (`challenges: nil`, as at key generation), then with their values. Only the second-phase
/// columns of the second pass are new; everything else must come out the same, which
/// `requireSameFirstPhase` checks against the first pass's `FirstPhaseFingerprint`.
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
    /// same first-phase advice on the usable rows as `advice` (the earlier pass's, which the
    /// prover keeps), and the fixed cells, selectors and copy constraints `earlier` digests:
    /// what was committed, or fixed by the key, before the challenges existed.
    static func requireSameFirstPhase(_ earlier: FirstPhaseFingerprint, advice: [[Fr]],
                                      as later: Synthesis) throws(PlonkError) {
        let b = later.assignment
        for c in later.cs.adviceColumns(in: .first) {
            if let row = (0..<b.usableRows).first(where: { advice[c][$0] != b.advice[c][$0] }) {
                throw .challengeDependent("first-phase advice[\(c)] row \(row)")
            }
        }
        let now = FirstPhaseFingerprint(b)
        if let c = earlier.fixed.indices.first(where: { earlier.fixed[$0] != now.fixed[$0] }) {
            throw .challengeDependent("fixed[\(c)]")
        }
        if let s = earlier.selectors.indices.first(where: { earlier.selectors[$0] != now.selectors[$0] }) {
            throw .challengeDependent("selector[\(s)]")
        }
        guard earlier.copies == now.copies else { throw .challengeDependent("the copy constraints") }
    }
}

extension Circuit {
    /// The rows this witness's synthesis takes — its regions, its lookup tables and its
    /// constants — which a table of 2^k rows must leave usable. Nothing is stored, so a
    /// statement can size its table before allocating it.
    public func rowsUsed() throws(PlonkError) -> Int {
        try measured().rowsUsed
    }

    /// The layouter of a synthesis that stores nothing.
    private func measured() throws(PlonkError) -> Layouter {
        let (cs, config) = try Self.configured()
        let layouter = Layouter(measuring: cs)
        try synthesize(config, layouter)
        return layouter
    }

    /// Where this witness's rows go: the rows of the regions of each name, summed, in order of
    /// first appearance, for finding what a statement's table size is spent on. The lookup
    /// tables and constants have columns of their own and take no region rows.
    public func rowsByRegion() throws(PlonkError) -> [(name: String, rows: Int)] {
        var order: [String] = [], rows: [String: Int] = [:]
        for region in try measured().assignment.regions {
            if rows[region.name] == nil { order.append(region.name) }
            rows[region.name, default: 0] += region.rows.count
        }
        return order.map { ($0, rows[$0]!) }
    }
}
