import PoTAlgebra

/// A cell that has been assigned, with its value, to be copied or constrained later.
public struct AssignedCell: Sendable {
    public let cell: Cell
    public let value: Fr
}

/// Places regions one after another down the table and records their cells, so circuits
/// name rows relative to their region instead of counting absolute rows.
public final class Layouter {
    let cs: ConstraintSystem
    public internal(set) var assignment: Assignment
    /// The first row no region of each track has used yet, by track index.
    private var trackEnds: [Int]
    /// The track of each advice column, fixed column and selector, by index: checked on every
    /// assignment, so kept in arrays.
    private let adviceTracks: [Int], fixedTracks: [Int], selectorTracks: [Int]
    /// The row of each constant in the constants column.
    private var constantRows: [Fr: Int] = [:]
    /// The challenges' values in the second synthesis pass; nil before they are drawn.
    private let challenges: [Fr]?

    convenience init(cs: ConstraintSystem, k: Int, challenges: [Fr]? = nil) {
        self.init(cs, challenges: challenges, assignment: Assignment(cs: cs, k: k))
    }

    /// A layouter that only counts rows (see `Circuit.rowsUsed`).
    convenience init(measuring cs: ConstraintSystem) {
        self.init(cs, challenges: nil, assignment: Assignment(measuring: cs))
    }

    private init(_ cs: ConstraintSystem, challenges: [Fr]?, assignment: Assignment) {
        self.cs = cs
        self.challenges = challenges
        self.assignment = assignment
        trackEnds = Array(repeating: 0, count: cs.trackCount)
        adviceTracks = (0..<cs.adviceColumns).map { cs.track(of: Column(kind: .advice, index: $0)).index }
        fixedTracks = (0..<cs.fixedColumns).map { cs.track(of: Column(kind: .fixed, index: $0)).index }
        selectorTracks = (0..<cs.selectors).map { cs.track(of: Selector(index: $0)).index }
    }

    /// The first row after every region of every track.
    public var nextRow: Int { trackEnds.max() ?? 0 }

    /// The rows the synthesis so far needs: its regions, its tables and its constants.
    var rowsUsed: Int { max(nextRow, constantRows.count, assignment.tableLengths.values.max() ?? 0) }

    /// The value of challenge `c`, or nil at key generation and in the first synthesis pass,
    /// before it is drawn. Second-phase cells are assigned from it (`challengeValue(c).map { … }
    /// ?? .zero`: the first pass's values of second-phase columns are discarded); first-phase
    /// cells, fixed cells and copy constraints must not depend on it.
    public func challengeValue(_ c: Challenge) -> Fr? { challenges?[c.index] }

    /// Runs `body` on a new region starting at the first row its track has not used; the region
    /// takes as many rows as the largest offset it assigned, and may assign only its track's
    /// columns and selectors (`Track`).
    public func region<T>(_ name: String, in track: Track = .main, _ body: (Region) throws(PlonkError) -> T) throws(PlonkError) -> T {
        let start = trackEnds[track.index]
        let region = Region(name: name, start: start, track: track.index, layouter: self)
        let result = try body(region)
        assignment.regions.append((name, start..<start + region.height, track))
        trackEnds[track.index] += region.height
        return result
    }

    /// The track of `column`, for a region that writes only that column.
    public func track(of column: Column) -> Track { cs.track(of: column) }

    /// Throws unless the column or selector's track is `track`.
    func requireTrack(_ track: Int, of column: Column, in region: String) throws(PlonkError) {
        let own = column.kind == .advice ? adviceTracks[column.index] : fixedTracks[column.index]
        if own != track { throw .outsideTrack(region: region, what: "\(column)") }
    }

    func requireTrack(_ track: Int, of selector: Selector, in region: String) throws(PlonkError) {
        if selectorTracks[selector.index] != track { throw .outsideTrack(region: region, what: "\(selector)") }
    }

    /// Fills lookup table columns from row 0 (tables have columns of their own, so they do
    /// not take rows from the regions).
    public func assignTable(_ name: String, _ body: (TableAssigner) throws(PlonkError) -> Void) throws(PlonkError) {
        try body(TableAssigner(name: name, layouter: self))
    }

    /// The fixed cell holding `value` in the constants column. Each distinct value takes one
    /// row, from row 0 down, whatever the regions use (the column holds nothing else).
    func constantCell(_ value: Fr) throws(PlonkError) -> Cell {
        guard let column = cs.constantsColumn else { throw .noConstantsColumn }
        if let row = constantRows[value] { return Cell(column: column, row: row) }
        let row = constantRows.count
        try checkRow(row, in: "constants")
        set(column, row, value)
        constantRows[value] = row
        return Cell(column: column, row: row)
    }

    /// Makes `cell` equal to row `row` of instance column `column` (a public input).
    public func constrainInstance(_ cell: AssignedCell, _ column: Column, row: Int) throws(PlonkError) {
        guard column.kind == .instance else { throw .wrongColumnKind(column, expected: .instance) }
        try checkRow(row, in: "instance")
        try copy(cell.cell, Cell(column: column, row: row))
    }

    func copy(_ a: Cell, _ b: Cell) throws(PlonkError) {
        for c in [a, b] where !cs.equalityColumns.contains(c.column) { throw .equalityNotEnabled(c.column) }
        assignment.copies.append((a, b))
    }

    func checkRow(_ row: Int, in name: String) throws(PlonkError) {
        guard row < assignment.usableRows else { throw .notEnoughRows(region: name, row: row, usable: assignment.usableRows) }
    }

    func set(_ column: Column, _ row: Int, _ value: Fr) {
        guard !assignment.measuring else { return }
        switch column.kind {
        case .fixed: assignment.fixed[column.index][row] = value
        case .advice:
            assignment.advice[column.index][row] = value
            assignment.assignedAdvice[column.index][row] = true
        case .instance: preconditionFailure("instance cells come from the public inputs")
        }
    }
}

/// A block of consecutive rows; offsets are relative to its first row.
public final class Region {
    public let name: String
    /// The absolute row of offset 0.
    public let start: Int
    /// The index of the region's track.
    let track: Int
    unowned let layouter: Layouter
    /// One past the largest offset used so far.
    public private(set) var height = 0

    init(name: String, start: Int, track: Int, layouter: Layouter) {
        self.name = name
        self.start = start
        self.track = track
        self.layouter = layouter
    }

    private func row(_ offset: Int) throws(PlonkError) -> Int {
        guard offset >= 0 else { throw .negativeOffset(region: name, offset: offset) }
        try layouter.checkRow(start + offset, in: name)
        height = max(height, offset + 1)
        return start + offset
    }

    /// Writes a witness value.
    @discardableResult
    public func assignAdvice(_ column: Column, _ offset: Int, _ value: Fr) throws(PlonkError) -> AssignedCell {
        guard column.kind == .advice else { throw .wrongColumnKind(column, expected: .advice) }
        try layouter.requireTrack(track, of: column, in: name)
        let r = try row(offset)
        layouter.set(column, r, value)
        return AssignedCell(cell: Cell(column: column, row: r), value: value)
    }

    /// Writes a constant (part of the circuit, the same for every witness).
    @discardableResult
    public func assignFixed(_ column: Column, _ offset: Int, _ value: Fr) throws(PlonkError) -> AssignedCell {
        guard column.kind == .fixed else { throw .wrongColumnKind(column, expected: .fixed) }
        try layouter.requireTrack(track, of: column, in: name)
        let r = try row(offset)
        layouter.set(column, r, value)
        return AssignedCell(cell: Cell(column: column, row: r), value: value)
    }

    /// Switches `selector` on at `offset`.
    public func enable(_ selector: Selector, _ offset: Int) throws(PlonkError) {
        try layouter.requireTrack(track, of: selector, in: name)
        let r = try row(offset)
        guard !layouter.assignment.measuring else { return }
        layouter.assignment.selectors[selector.index][r] = true
    }

    /// Assigns `cell`'s value at `offset` of `column` and constrains the two cells equal.
    @discardableResult
    public func copy(_ cell: AssignedCell, to column: Column, _ offset: Int) throws(PlonkError) -> AssignedCell {
        let copied = try assignAdvice(column, offset, cell.value)
        try layouter.copy(cell.cell, copied.cell)
        return copied
    }

    /// Writes `value` into an advice cell and binds it to `value` by a copy constraint with the
    /// constants column, so the prover cannot put anything else there.
    @discardableResult
    public func assignConstant(_ column: Column, _ offset: Int, _ value: Fr) throws(PlonkError) -> AssignedCell {
        let cell = try assignAdvice(column, offset, value)
        try layouter.copy(try layouter.constantCell(value), cell.cell)
        return cell
    }

    /// Constrains two assigned cells to hold the same value.
    public func constrainEqual(_ a: AssignedCell, _ b: AssignedCell) throws(PlonkError) {
        try layouter.copy(a.cell, b.cell)
    }
}

/// Writes the rows of lookup tables.
public struct TableAssigner {
    public let name: String
    let layouter: Layouter

    /// Writes `value` at absolute row `row` of `column`.
    public func assign(_ column: TableColumn, _ row: Int, _ value: Fr) throws(PlonkError) {
        try layouter.checkRow(row, in: name)
        layouter.set(column.column, row, value)
        layouter.assignment.tableLengths[column.column] = max(layouter.assignment.tableLengths[column.column] ?? 0, row + 1)
    }
}
