import PoTAlgebra
import PoTPlonk

/// The gadgets of docs/fixed-point.md on one set of columns: eight first-phase advice columns
/// `v` (all with equality, so any cell can be copied in or out), two fixed columns `k` for
/// per-row constants (a divisor, a learning rate, a position), a constants column, the range
/// checks and the exp table. Each concept adds its gates (`RescaleGates`, `DivisionGates`,
/// `ReLUGates`, `SoftmaxGates`) and the matrix product adds its second-phase columns
/// (`MatrixProductChip`). Gadgets take and return batches of cells, so that their range checks
/// fill the range chip's lanes; every output is computed natively by `FixedPoint`.
///
/// A gadget range-checks what it produces (quotients, remainders, sign witnesses) but not
/// its inputs: those are values checked where they were made (by another gadget, or by the
/// packing of a committed tensor).
public struct FixedPointChip {
    public let v: [Column]
    public let k: [Column]
    public let constants: Column
    public let range: RangeCheckChip
    public let rescale: RescaleGates
    public let division: DivisionGates
    public let relu: ReLUGates
    public let softmax: SoftmaxGates
    public let product: MatrixProductChip

    /// - Parameters:
    ///   - limbBits: the range table's width (its 2^limbBits rows must fit the circuit).
    ///   - rangeLanes: range checks side by side in one row.
    ///   - productWidth: matrix entries per row of a Freivalds check (at most 8).
    public static func configure(_ cs: ConstraintSystem, limbBits: Int = 16, rangeLanes: Int = 2,
                                 productWidth: Int = 4) throws(PlonkError) -> FixedPointChip {
        let v = (0..<8).map { _ in cs.adviceColumn() }
        for column in v { cs.enableEquality(column) }
        let k = [cs.fixedColumn(), cs.fixedColumn()]
        let constants = cs.fixedColumn()
        cs.enableConstants(constants)
        return FixedPointChip(
            v: v, k: k, constants: constants,
            range: try RangeCheckChip.configure(cs, limbBits: limbBits, lanes: rangeLanes),
            rescale: try RescaleGates.configure(cs, v: v),
            division: try DivisionGates.configure(cs, v: v, k: k),
            relu: try ReLUGates.configure(cs, v: v),
            softmax: try SoftmaxGates.configure(cs, v: v, k: k),
            product: try MatrixProductChip.configure(cs, x: Array(v.prefix(productWidth))))
    }

    /// Fills the range and exp tables; call once per circuit.
    public func loadTables(_ layouter: Layouter) throws(PlonkError) {
        try range.loadTable(layouter)
        try softmax.loadTable(layouter)
    }

    /// Private inputs, one cell each, in column v0 (a witness the caller vouches for: range-check
    /// it with `checkValues` unless it is checked elsewhere).
    public func load(_ layouter: Layouter, _ values: [Int64]) throws(PlonkError) -> [AssignedCell] {
        try layouter.region("load") { region throws(PlonkError) in
            var cells: [AssignedCell] = []
            for (i, value) in values.enumerated() { cells.append(try region.assignAdvice(v[0], i, FixedPoint.field(value))) }
            return cells
        }
    }

    /// Constrains each cell to be a value, `−2^30 ≤ x < 2^30`.
    public func checkValues(_ layouter: Layouter, _ cells: [AssignedCell]) throws(PlonkError) {
        try range.checkSigned(layouter, cells, bits: FixedPoint.valueBits)
    }

    /// Where entry i of an elementwise batch goes: gates of at most four cells constrain
    /// v0…v3 (`half` 0) and v4…v7 (`half` 1) under one selector, so two entries share a row.
    func pair(_ i: Int) -> (row: Int, half: Int, c: [Column]) {
        (i / 2, i % 2, Array(v[4 * (i % 2)..<4 * (i % 2) + 4]))
    }

    /// An odd batch leaves the right half of its last row to an entry of zeros, which every
    /// paired gate holds (0·0 = 2^16·0 + 0, and so on).
    func padPair(_ region: Region, count: Int) throws(PlonkError) {
        guard count % 2 == 1 else { return }
        for column in v[4..<8] { try region.assignAdvice(column, count / 2, .zero) }
    }

    /// The constraints of a paired gate: `body` for v0…v3, then for v4…v7 (named "(right)").
    static func paired(_ v: [Column], _ selector: Selector, _ body: ([Expr]) -> [(String, Expr)]) -> [Constraint] {
        (0..<2).flatMap { half in
            body(v[4 * half..<4 * half + 4].map(\.cur)).map { name, e in
                Constraint(half == 0 ? name : name + " (right)", selector.expression * e)
            }
        }
    }

    /// The integer of a cell, for computing a gadget's outputs; a cell holding no small integer
    /// (only a broken witness does) counts as 0, and the constraints then fail.
    static func integer(_ cell: AssignedCell) -> Int128 { FixedPoint.integer(cell.value) ?? 0 }
}
