import PoTAlgebra

/// A reason a witness does not satisfy its circuit, as the debug checker names it.
public enum CheckFailure: Equatable, CustomStringConvertible {
    /// Constraint `constraint` of gate `gate` does not vanish at `row`.
    case gate(gate: String, constraint: String, row: Int, region: String?)
    /// Constraint `constraint` of gate `gate` at `row` depends on an advice cell the circuit never
    /// assigned (it holds zero, which is almost always a forgotten assignment).
    case unassigned(cell: Cell, gate: String, constraint: String, row: Int, region: String?)
    /// The input tuple of lookup `lookup` at `row` is not a row of its table.
    case lookup(lookup: String, row: Int, values: [Fr], region: String?)
    /// Two cells constrained equal hold different values.
    case copy(Cell, Cell, values: (Fr, Fr))
    /// A cell constrained to a public input holds another value.
    case instance(instance: Cell, cell: Cell, expected: Fr, actual: Fr)

    /// Equal when they read the same: the cells and values they name are all in the text
    /// (a case holding a tuple gets no synthesised `==`).
    public static func == (a: CheckFailure, b: CheckFailure) -> Bool { a.description == b.description }

    public var description: String {
        func inRegion(_ r: String?) -> String { r.map { " in region '\($0)'" } ?? "" }
        switch self {
        case .gate(let gate, let constraint, let row, let region):
            return "gate '\(gate)' constraint '\(constraint)' fails at row \(row)\(inRegion(region))"
        case .unassigned(let cell, let gate, let constraint, let row, let region):
            return "gate '\(gate)' constraint '\(constraint)' at row \(row)\(inRegion(region)) reads unassigned \(cell)"
        case .lookup(let lookup, let row, let values, let region):
            return "lookup '\(lookup)' at row \(row)\(inRegion(region)): (\(values.map(\.description).joined(separator: ", "))) is not in the table"
        case .copy(let a, let b, let values):
            return "copy constraint \(a) = \(b) fails: \(values.0) ≠ \(values.1)"
        case .instance(let instance, let cell, let expected, let actual):
            return "public input \(instance) is \(expected), but \(cell) holds \(actual)"
        }
    }
}
