import PoTAlgebra

/// `squaring-chain squarings=N`: y = x^(2^N) for a public x and y (`SquaringChain`).
public struct SquaringChainStatement: ChainStatement {
    public static let name = "squaring-chain"
    public static let sizeName = "squarings"

    public let squarings: Int

    public init(squarings: Int) {
        precondition(squarings >= 1, "the chain needs at least one squaring")
        self.squarings = squarings
    }

    public init(size: Int) { self.init(squarings: size) }
    public var steps: Int { squarings }

    /// Two squarings per row after the input row.
    public static func filling(usableRows: Int) throws(StatementError) -> Self {
        guard usableRows >= 2 else { throw .cannotFill(name) }
        return Self(squarings: 2 * (usableRows - 1))
    }

    /// Written without `squarings + 1`, which overflows for a size of Int.max from the CLI.
    public var rows: Int { squarings / 2 + squarings % 2 + 1 }
    public func circuit(_ x: Fr) -> SquaringChain { SquaringChain(x: x, squarings: squarings) }
    public func publicInputs(_ x: Fr) -> [[Fr]] { circuit(x).instances }
}
