import PoTAlgebra

/// A cell read by a gate: `column` at `rotation` rows from the row the gate is applied at.
public struct Query: Hashable, Sendable {
    public let column: Column
    public let rotation: Int
}

/// A polynomial over the cells of the table, relative to the row a gate is applied at. A gate
/// holds at a row when each of its expressions evaluates to zero there.
public indirect enum Expr: Sendable, ExpressibleByIntegerLiteral {
    case constant(Fr)
    case selector(Selector)
    case query(Query)
    /// A circuit challenge's value (`ConstraintSystem.challenge()`): a constant of the proof,
    /// fixed by the transcript after the first-phase advice is committed.
    case challenge(Challenge)
    case negated(Expr)
    case sum(Expr, Expr)
    case product(Expr, Expr)

    public init(integerLiteral value: Int) {
        self = .constant(value < 0 ? -Fr(UInt64(value.magnitude)) : Fr(UInt64(value)))
    }

    /// The degree as a polynomial in the column polynomials: what sets the size of the
    /// extended domain the prover computes the quotient on.
    public var degree: Int {
        switch self {
        case .constant, .challenge: 0
        case .selector, .query: 1
        case .negated(let a): a.degree
        case .sum(let a, let b): max(a.degree, b.degree)
        case .product(let a, let b): a.degree + b.degree
        }
    }

    /// Every cell query in the expression (with repetitions).
    public var queries: [Query] {
        switch self {
        case .constant, .selector, .challenge: []
        case .query(let q): [q]
        case .negated(let a): a.queries
        case .sum(let a, let b), .product(let a, let b): a.queries + b.queries
        }
    }

    /// Every selector in the expression (with repetitions).
    public var selectors: [Selector] {
        switch self {
        case .constant, .query, .challenge: []
        case .selector(let s): [s]
        case .negated(let a): a.selectors
        case .sum(let a, let b), .product(let a, let b): a.selectors + b.selectors
        }
    }

    /// The value when queries, selectors and challenges take the given values (an expression
    /// without challenges needs no `challenge` function).
    public func evaluate(query: (Query) -> Fr, selector: (Selector) -> Fr,
                         challenge: (Challenge) -> Fr = { preconditionFailure("no value given for \($0)") }) -> Fr {
        func value(_ e: Expr) -> Fr {
            switch e {
            case .constant(let c): c
            case .selector(let s): selector(s)
            case .query(let q): query(q)
            case .challenge(let c): challenge(c)
            case .negated(let a): -value(a)
            case .sum(let a, let b): value(a) + value(b)
            case .product(let a, let b): value(a) * value(b)
            }
        }
        return value(self)
    }

    public static func + (a: Expr, b: Expr) -> Expr { .sum(a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { .sum(a, .negated(b)) }
    public static func * (a: Expr, b: Expr) -> Expr { .product(a, b) }
    public static prefix func - (a: Expr) -> Expr { .negated(a) }
    public static func * (a: Expr, c: Fr) -> Expr { .product(a, .constant(c)) }
    public static func * (c: Fr, a: Expr) -> Expr { .product(.constant(c), a) }
    public static func + (a: Expr, c: Fr) -> Expr { .sum(a, .constant(c)) }
}
