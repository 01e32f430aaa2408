import PoTAlgebra

/// Runs a circuit on a witness without proving (like halo2's MockProver) and checks every gate
/// on every row, every lookup on every usable row, and every copy constraint, so that a bad
/// witness or a wrong gate is named (gate, constraint, row, region) instead of producing a
/// proof that fails to verify.
///
/// Gates are checked on all 2^k rows with the blinding rows' advice cells set to random
/// values, as the prover will set them: a gate without a selector, or one that reads past the
/// last usable row, fails here as it would fail to prove. Unassigned advice cells of usable rows
/// hold zero, as in the proof; a constraint whose value would change with them is reported as
/// `.unassigned` (like halo2's CellNotAssigned).
public struct DebugChecker {
    public let cs: ConstraintSystem
    public let assignment: Assignment
    public let instances: [[Fr]]
    /// The values the circuit's challenges took (random unless given).
    public let challenges: [Fr]

    /// Configures and synthesizes `circuit` in a table of 2^k rows with the given public inputs
    /// (one array per instance column, shorter than the table; missing rows are zero). The
    /// circuit's challenges take the given values, or random ones as in a proof; a circuit
    /// with second-phase columns is synthesized twice, as the prover does, and throws
    /// `.challengeDependent` if its first phase changes once the challenges are known.
    public init<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]], challenges: [Fr]? = nil) throws(PlonkError) {
        let first = try Synthesis(circuit, k: k)
        var generator = SystemRandomNumberGenerator()
        let values = challenges ?? (0..<first.cs.challenges).map { _ in Fr.random(using: &generator) }
        guard values.count == first.cs.challenges else {
            throw .challengeCount(given: values.count, expected: first.cs.challenges)
        }
        var synthesis = first
        if first.cs.hasSecondPhase {
            synthesis = try Synthesis(circuit, k: k, challenges: values)
            try Synthesis.requireSameFirstPhase(FirstPhaseFingerprint(first.assignment), advice: first.assignment.advice, as: synthesis)
        }
        guard instances.count == synthesis.cs.instanceColumns else {
            throw .instanceColumnCount(given: instances.count, expected: synthesis.cs.instanceColumns)
        }
        try self.init(cs: synthesis.cs, assignment: synthesis.assignment, instances: instances, challenges: values)
    }

    /// Checks an assignment made elsewhere (the tests use it to tamper with single cells).
    init(cs: ConstraintSystem, assignment: Assignment, instances: [[Fr]], challenges: [Fr] = []) throws(PlonkError) {
        for column in instances where column.count > assignment.usableRows {
            throw .notEnoughRows(region: "instance", row: column.count - 1, usable: assignment.usableRows)
        }
        precondition(challenges.count == cs.challenges, "one value per challenge")
        self.cs = cs
        self.assignment = assignment
        self.instances = instances
        self.challenges = challenges
    }

    /// Whether the witness satisfies every gate, lookup and copy constraint.
    public var isSatisfied: Bool { firstFailure == nil }

    /// The first failure: gates row by row (in declaration order within a row), then
    /// lookups row by row, then copy constraints in the order they were made.
    public var firstFailure: CheckFailure? { failures(limit: 1).first }

    /// Every failure, in the order of `firstFailure`.
    public var allFailures: [CheckFailure] { failures(limit: .max) }

    private func failures(limit: Int) -> [CheckFailure] {
        var found: [CheckFailure] = []
        func add(_ f: CheckFailure) -> Bool {
            found.append(f)
            return found.count >= limit
        }
        let n = 1 << assignment.k
        let queries = cs.gates.map { $0.constraints.map(\.expression.queries) }
        // `checkTracks` leaves each constraint and lookup one track at most.
        let tracks = cs.gates.map { $0.constraints.map { cs.tracks(read: [$0.expression]).first ?? .main } }
        for row in 0..<n {
            for (g, gate) in cs.gates.enumerated() {
                for (i, c) in gate.constraints.enumerated() {
                    if !evaluate(c.expression, at: row).isZero {
                        let region = assignment.region(containing: row, in: tracks[g][i])
                        if add(.gate(gate: gate.name, constraint: c.name, row: row, region: region)) { return found }
                    } else if let cell = unassignedCell(read: queries[g][i], at: row),
                              !evaluate(c.expression, at: row, probingUnassigned: true).isZero {
                        let region = assignment.region(containing: row, in: tracks[g][i])
                        let failure = CheckFailure.unassigned(cell: cell, gate: gate.name, constraint: c.name, row: row, region: region)
                        if add(failure) { return found }
                    }
                }
            }
        }
        for lookup in cs.lookups {
            let table = Set((0..<assignment.usableRows).map { row in lookup.table.map { assignment.fixed[$0.column.index][row] } })
            for row in 0..<assignment.usableRows {
                let values = lookup.inputs.map { evaluate($0, at: row) }
                if !table.contains(values) {
                    let failure = CheckFailure.lookup(lookup: lookup.name, row: row, values: values,
                                                      region: assignment.region(containing: row,
                                                                                in: cs.tracks(read: lookup.inputs).first ?? .main))
                    if add(failure) { return found }
                }
            }
        }
        for (a, b) in assignment.copies {
            let (x, y) = (value(a), value(b))
            guard x != y else { continue }
            let failure: CheckFailure = switch (a.column.kind, b.column.kind) {
            case (.instance, _): .instance(instance: a, cell: b, expected: x, actual: y)
            case (_, .instance): .instance(instance: b, cell: a, expected: y, actual: x)
            default: .copy(a, b, values: (x, y))
            }
            if add(failure) { return found }
        }
        return found
    }

    private func cell(_ q: Query, from row: Int) -> Cell {
        let n = 1 << assignment.k
        return Cell(column: q.column, row: ((row + q.rotation) % n + n) % n)
    }

    /// The first unassigned advice cell of a usable row among `queries` made at `row`.
    private func unassignedCell(read queries: [Query], at row: Int) -> Cell? {
        for q in queries where q.column.kind == .advice {
            let c = cell(q, from: row)
            if c.row < assignment.usableRows && !assignment.assignedAdvice[c.column.index][c.row] { return c }
        }
        return nil
    }

    /// A random value fixed per advice cell, for the blinding rows and for probing unassigned
    /// cells; derived on demand because only a few cells are ever read this way.
    private func noise(_ column: Int, _ row: Int) -> Fr {
        var rng = SeededRandom(seed: 0x706c_6f6e_6b00_0000 ^ UInt64(column) << 32 ^ UInt64(row))
        return Fr.random(using: &rng)
    }

    /// A cell's value; unassigned advice cells of usable rows read as zero, or as random values
    /// when probing whether a constraint depends on them.
    private func value(_ cell: Cell, probingUnassigned: Bool = false) -> Fr {
        let (c, row) = (cell.column.index, cell.row)
        switch cell.column.kind {
        case .fixed: return assignment.fixed[c][row]
        case .advice:
            if row >= assignment.usableRows { return noise(c, row) }
            return assignment.assignedAdvice[c][row] ? assignment.advice[c][row] : probingUnassigned ? noise(c, row) : .zero
        case .instance:
            let column = instances[c]
            return row < column.count ? column[row] : .zero
        }
    }

    private func evaluate(_ expression: Expr, at row: Int, probingUnassigned: Bool = false) -> Fr {
        expression.evaluate(
            query: { q in value(cell(q, from: row), probingUnassigned: probingUnassigned) },
            selector: { s in assignment.selectors[s.index][row] ? .one : .zero },
            challenge: { challenges[$0.index] })
    }
}
