import PoTAlgebra

/// The filled table of one circuit run: every fixed, advice and selector cell, the copy
/// constraints between cells, and which rows each region took.
public struct Assignment {
    public let k: Int
    public let usableRows: Int
    public internal(set) var fixed: [[Fr]]
    public internal(set) var advice: [[Fr]]
    /// Which advice cells the circuit assigned (the others hold zero).
    public internal(set) var assignedAdvice: [[Bool]]
    public internal(set) var selectors: [[Bool]]
    /// Pairs of cells that must hold equal values, in the order they were made.
    public internal(set) var copies: [(Cell, Cell)] = []
    /// The rows each region occupies, and its track, in layout order (regions of different
    /// tracks may share rows).
    public internal(set) var regions: [(name: String, rows: Range<Int>, track: Track)] = []
    /// How many rows of each table column were assigned (the rest are padded at the end).
    var tableLengths: [Column: Int] = [:]
    /// Whether the table only measures how many rows a synthesis takes: it stores no cell and
    /// has no row limit.
    let measuring: Bool

    init(cs: ConstraintSystem, k: Int) {
        let n = 1 << k
        self.k = k
        usableRows = cs.usableRows(k: k)
        measuring = false
        fixed = Array(repeating: Array(repeating: .zero, count: n), count: cs.fixedColumns)
        advice = Array(repeating: Array(repeating: .zero, count: n), count: cs.adviceColumns)
        assignedAdvice = Array(repeating: Array(repeating: false, count: n), count: cs.adviceColumns)
        selectors = Array(repeating: Array(repeating: false, count: n), count: cs.selectors)
    }

    /// A table that stores nothing and takes any number of rows.
    init(measuring cs: ConstraintSystem) {
        k = Fr.twoAdicity
        usableRows = .max
        measuring = true
        (fixed, advice, assignedAdvice, selectors) = ([], [], [], [])
    }

    /// The region of `track` that holds `row`, if any.
    public func region(containing row: Int, in track: Track = .main) -> String? {
        regions.first { $0.track == track && $0.rows.contains(row) }?.name
    }

    /// Fills each table column's remaining usable rows with its first row, so the table is
    /// exactly the set of assigned rows (a zero row would otherwise join every table).
    mutating func padTables() {
        for (column, length) in tableLengths where length > 0 {
            for row in length..<usableRows { fixed[column.index][row] = fixed[column.index][0] }
        }
    }
}
