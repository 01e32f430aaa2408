/// The three kinds of column of a PLONKish table.
public enum ColumnKind: String, Hashable, Sendable {
    /// Set at key generation, the same for every proof (constants, lookup tables).
    case fixed
    /// The witness, chosen by the prover for each proof.
    case advice
    /// Public inputs, given to prover and verifier alike.
    case instance
}

/// A column of the table: its kind and its index among the columns of that kind.
public struct Column: Hashable, Sendable, CustomStringConvertible {
    public let kind: ColumnKind
    public let index: Int

    /// The cell of this column `rotation` rows away from the row a gate is applied at.
    public func rotated(by rotation: Int) -> Expr { .query(Query(column: self, rotation: rotation)) }
    /// The cell of this column on the gate's row.
    public var cur: Expr { rotated(by: 0) }
    /// The cell of this column on the row after the gate's row.
    public var next: Expr { rotated(by: 1) }

    public var description: String { "\(kind.rawValue)[\(index)]" }
}

/// A fixed 0/1 column that switches gates on for chosen rows; `expression` is its value.
public struct Selector: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public var expression: Expr { .selector(self) }
    public var description: String { "selector[\(index)]" }
}

/// A fixed column holding one column of a lookup table.
public struct TableColumn: Hashable, Sendable, CustomStringConvertible {
    public let column: Column
    public var description: String { "table \(column)" }
}

/// One cell of the table, at an absolute row.
public struct Cell: Hashable, Sendable, CustomStringConvertible {
    public let column: Column
    public let row: Int
    public var description: String { "\(column) row \(row)" }
}
