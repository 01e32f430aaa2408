/// One polynomial of a gate, named so the debug checker can say which part failed.
public struct Constraint: Sendable {
    public let name: String
    public let expression: Expr

    public init(_ name: String, _ expression: Expr) {
        self.name = name
        self.expression = expression
    }
}

/// A custom gate: constraints that must all vanish on every row of the table. Gates that
/// should act on some rows only multiply their constraints by a selector.
public struct Gate: Sendable {
    public let name: String
    public let constraints: [Constraint]

    /// The largest constraint degree.
    public var degree: Int { constraints.map(\.expression.degree).max() ?? 0 }
}

/// The lookup argument the prover uses. logUp (Haböck, ePrint 2022/1530): one multiplicity
/// column and one running sum of 1/(β + f) − m/(β + t) per lookup, with no sorted permutation
/// of input and table, so a table may be much shorter than the column and inputs may repeat.
public enum LookupArgument: String, Sendable {
    case logUp
}

/// A lookup: on every usable row, the tuple of `inputs` must be a row of the `table` columns.
public struct Lookup: Sendable {
    public let name: String
    public let inputs: [Expr]
    public let table: [TableColumn]

    /// The largest input degree.
    public var degree: Int { inputs.map(\.degree).max() ?? 0 }
}
