import PoTAlgebra

/// A chain y = f^n(x) with public x and y: one size parameter n, and x as the witness.
public protocol ChainStatement: ProvableStatement where Witness == Fr {
    /// The size parameter's name in the key (`squarings`).
    static var sizeName: String { get }
    init(size: Int)
    var steps: Int { get }
}

extension ChainStatement {
    public static var sizeParameter: String? { sizeName }

    public init(parameters: [String: String]) throws(StatementError) {
        self.init(size: try StatementError.sizeParameter(parameters, circuit: Self.name, name: Self.sizeName))
    }

    public var parameters: [(name: String, value: String)] { [(Self.sizeName, "\(steps)")] }
    public var publicInputNames: [[String]] { [["x", "y"]] }
    public var keygenWitness: Fr { .zero }

    public func witness(from values: [String: String]) throws(StatementError) -> Fr {
        if let other = values.keys.sorted().first(where: { $0 != "x" }) {
            throw .badWitness(circuit: Self.name, name: other, reason: "not a witness of this statement (it has x)")
        }
        return try StatementError.element(values, circuit: Self.name, name: "x")
    }
}
