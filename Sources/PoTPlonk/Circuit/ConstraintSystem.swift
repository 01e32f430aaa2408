/// The shape of a circuit: its columns, gates, lookups and which columns take part in copy
/// constraints. Built once by `Circuit.configure`, independently of any witness.
public final class ConstraintSystem {
    /// The highest degree a constraint may have. The prover computes the quotient on a coset
    /// domain 2^⌈log2(maxDegree − 1)⌉ times the table size, so 5 keeps the extension at 4.
    public let maxDegree: Int
    /// The lookup argument the prover implements.
    public static let lookupArgument = LookupArgument.logUp

    public private(set) var fixedColumns = 0
    public private(set) var adviceColumns = 0
    /// The phase of each advice column, by index.
    public private(set) var advicePhases: [AdvicePhase] = []
    /// How many challenges the circuit declared (`challenge()`), drawn in this order.
    public private(set) var challenges = 0
    public private(set) var instanceColumns = 0
    public private(set) var selectors = 0
    public private(set) var gates: [Gate] = []
    public private(set) var lookups: [Lookup] = []
    /// Columns whose cells may appear in copy constraints, in the order they were enabled
    /// (the order of the permutation argument's columns).
    public private(set) var equalityColumns: [Column] = []
    /// Fixed columns that hold lookup tables.
    public private(set) var tableColumns: [Column] = []
    /// The fixed column holding the constants that `Region.assignConstant` copies from.
    public private(set) var constantsColumn: Column?
    /// The track of each reserved column and selector (`track(columns:selectors:)`); the others
    /// are the main track's.
    var columnTracks: [Column: Track] = [:]
    var selectorTracks: [Int: Track] = [:]
    /// How many tracks there are, the main track included.
    public internal(set) var trackCount = 1

    public init(maxDegree: Int = 5) {
        precondition(maxDegree >= 3, "a lookup needs degree 3 even for a plain cell")
        self.maxDegree = maxDegree
    }

    public func fixedColumn() -> Column {
        defer { fixedColumns += 1 }
        return Column(kind: .fixed, index: fixedColumns)
    }

    /// A first-phase advice column: committed before any challenge is drawn.
    public func adviceColumn() -> Column { adviceColumn(phase: .first) }

    /// An advice column of the given phase. Second-phase columns are assigned in a second
    /// synthesis pass, once `Layouter.challengeValue` knows the challenges; they may appear in
    /// gates, lookups and copy constraints like any other advice column.
    public func adviceColumn(phase: AdvicePhase) -> Column {
        defer { adviceColumns += 1 }
        advicePhases.append(phase)
        return Column(kind: .advice, index: adviceColumns)
    }

    /// A verifier challenge, drawn from the transcript after every first-phase advice column is
    /// committed and before any second-phase column is.
    public func challenge() -> Challenge {
        defer { challenges += 1 }
        return Challenge(index: challenges)
    }

    /// Whether any advice column is assigned after the challenges (synthesis then runs twice).
    public var hasSecondPhase: Bool { advicePhases.contains(.second) }

    /// The advice columns of `phase`, by index: the order in which the transcript absorbs them.
    public func adviceColumns(in phase: AdvicePhase) -> [Int] {
        advicePhases.indices.filter { advicePhases[$0] == phase }
    }

    /// An instance column; equality is enabled on it, since public inputs reach the witness
    /// only through copy constraints.
    public func instanceColumn() -> Column {
        defer { instanceColumns += 1 }
        let column = Column(kind: .instance, index: instanceColumns)
        enableEquality(column)
        return column
    }

    public func selector() -> Selector {
        defer { selectors += 1 }
        return Selector(index: selectors)
    }

    /// A fixed column for a lookup table, filled through `Layouter.assignTable`.
    public func tableColumn() -> TableColumn {
        let column = fixedColumn()
        tableColumns.append(column)
        return TableColumn(column: column)
    }

    /// Lets cells of `column` take part in copy constraints (each such column costs the prover
    /// one permutation polynomial).
    public func enableEquality(_ column: Column) {
        if !equalityColumns.contains(column) { equalityColumns.append(column) }
    }

    /// Makes `column` (fixed) the home of circuit constants, so advice cells can be fixed to a
    /// value by a copy constraint without a gate of their own.
    public func enableConstants(_ column: Column) {
        precondition(column.kind == .fixed && constantsColumn == nil, "one fixed column holds the constants")
        constantsColumn = column
        enableEquality(column)
    }

    /// Adds a gate; throws when a constraint exceeds `maxDegree`.
    public func createGate(_ name: String, _ constraints: [Constraint]) throws(PlonkError) {
        for c in constraints where c.expression.degree > maxDegree {
            throw .degreeTooHigh(name: "\(name): \(c.name)", degree: c.expression.degree, bound: maxDegree)
        }
        gates.append(Gate(name: name, constraints: constraints))
    }

    /// Adds a lookup of input tuples into table columns. logUp's constraint multiplies the
    /// input by the table and the running-sum step, so inputs may have degree maxDegree − 3.
    public func lookup(_ name: String, _ pairs: [(input: Expr, table: TableColumn)]) throws(PlonkError) {
        precondition(!pairs.isEmpty, "a lookup needs at least one column")
        let lookup = Lookup(name: name, inputs: pairs.map(\.input), table: pairs.map(\.table))
        if lookup.degree > maxDegree - 3 {
            throw .degreeTooHigh(name: name, degree: lookup.degree, bound: maxDegree - 3)
        }
        lookups.append(lookup)
    }

    /// Rows at the end of the table that hold random values, so that every advice polynomial
    /// (and the permutation and lookup running products) can be opened at its queried points
    /// without revealing the witness: one per distinct rotation at which a column is opened,
    /// at least 3 (the running products are opened at ω^0, ω^1 and the last usable row), plus 2.
    public var blindingRows: Int {
        var rotations: [Column: Set<Int>] = [:]
        for gate in gates {
            for c in gate.constraints {
                for q in c.expression.queries where q.column.kind == .advice {
                    rotations[q.column, default: []].insert(q.rotation)
                }
            }
        }
        for lookup in lookups {
            for q in lookup.inputs.flatMap(\.queries) where q.column.kind == .advice {
                rotations[q.column, default: []].insert(q.rotation)
            }
        }
        return max(3, rotations.values.map(\.count).max() ?? 0) + 2
    }

    /// Rows a circuit may assign in a table of 2^k rows: all but the blinding rows and the
    /// last row, where the running products are checked to end.
    public func usableRows(k: Int) -> Int { (1 << k) - blindingRows - 1 }
}
