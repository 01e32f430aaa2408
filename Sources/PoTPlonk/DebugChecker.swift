import PoTAlgebra

/// Runs a circuit on a witness without proving (like halo2's MockProver) and checks every gate
/// on every row, every lookup on every usable row, and every copy constraint, so that a bad
/// witness or a wrong gate is named (gate, constraint, row, region) instead of producing a
/// proof that fails to verify.
///
/// Gates are checked on all 2^k rows with the blinding rows' advice cells set to random
/// values, as the prover will set them: a gate without a selector, or one that reads past the
/// last usable row, fails here as it would fail to prove.
public struct DebugChecker {
    public let cs: ConstraintSystem
    public let assignment: Assignment
    public let instances: [[Fr]]
    private let blinding: [[Fr]]

    /// Configures and synthesizes `circuit` in a table of 2^k rows with the given public inputs
    /// (one array per instance column, shorter than the table; missing rows are zero).
    public init<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]]) throws(PlonkError) {
        guard (1...Fr.twoAdicity).contains(k) else { throw .badK(k) }
        let cs = ConstraintSystem(maxDegree: C.maxDegree)
        let config = try C.configure(cs)
        guard instances.count == cs.instanceColumns else {
            throw .instanceColumnCount(given: instances.count, expected: cs.instanceColumns)
        }
        guard cs.usableRows(k: k) > 0 else { throw .badK(k) }
        let layouter = Layouter(cs: cs, k: k)
        try circuit.synthesize(config, layouter)
        var assignment = layouter.assignment
        assignment.padTables()
        try self.init(cs: cs, assignment: assignment, instances: instances)
    }

    /// Checks an assignment made elsewhere (the tests use it to tamper with single cells).
    init(cs: ConstraintSystem, assignment: Assignment, instances: [[Fr]]) throws(PlonkError) {
        for column in instances where column.count > assignment.usableRows {
            throw .notEnoughRows(region: "instance", row: column.count - 1, usable: assignment.usableRows)
        }
        self.cs = cs
        self.assignment = assignment
        self.instances = instances
        var rng = SeededRandom(seed: 0x706c6f6e6b)
        let n = 1 << assignment.k
        blinding = (0..<cs.adviceColumns).map { _ in
            (0..<n).map { row in row < assignment.usableRows ? .zero : Fr.random(using: &rng) }
        }
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
        for row in 0..<n {
            for gate in cs.gates {
                for c in gate.constraints where !evaluate(c.expression, at: row).isZero {
                    let failure = CheckFailure.gate(gate: gate.name, constraint: c.name, row: row,
                                                    region: assignment.region(containing: row))
                    if add(failure) { return found }
                }
            }
        }
        for lookup in cs.lookups {
            let table = Set((0..<assignment.usableRows).map { row in lookup.table.map { assignment.fixed[$0.column.index][row] } })
            for row in 0..<assignment.usableRows {
                let values = lookup.inputs.map { evaluate($0, at: row) }
                if !table.contains(values) {
                    let failure = CheckFailure.lookup(lookup: lookup.name, row: row, values: values,
                                                      region: assignment.region(containing: row))
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

    private func value(_ cell: Cell) -> Fr {
        let row = cell.row
        switch cell.column.kind {
        case .fixed: return assignment.fixed[cell.column.index][row]
        case .advice:
            return row < assignment.usableRows ? assignment.advice[cell.column.index][row] : blinding[cell.column.index][row]
        case .instance:
            let column = instances[cell.column.index]
            return row < column.count ? column[row] : .zero
        }
    }

    private func evaluate(_ expression: Expr, at row: Int) -> Fr {
        let n = 1 << assignment.k
        return expression.evaluate(
            query: { q in value(Cell(column: q.column, row: ((row + q.rotation) % n + n) % n)) },
            selector: { s in assignment.selectors[s.index][row] ? .one : .zero })
    }
}
