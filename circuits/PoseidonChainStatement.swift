import PoTAlgebra

/// `poseidon-chain length=N`: y = H^N(x) for a public x and y (`PoseidonChain`).
public struct PoseidonChainStatement: ChainStatement {
    public static let name = "poseidon-chain"
    public static let sizeName = "length"

    public let length: Int

    public init(length: Int) {
        precondition(length >= 1, "the chain needs at least one hash")
        self.length = length
    }

    public init(size: Int) { self.init(length: size) }
    public var steps: Int { length }

    /// One input row, then one Poseidon region per hash.
    public static func filling(usableRows: Int) throws(StatementError) -> Self {
        guard usableRows > PoseidonChip.rowsPerHash else { throw .cannotFill(name) }
        return Self(length: (usableRows - 1) / PoseidonChip.rowsPerHash)
    }

    /// Int.max for a length no table could hold, rather than an overflow.
    public var rows: Int {
        length > (Int.max - 1) / PoseidonChip.rowsPerHash ? .max : PoseidonChip.rowsPerHash * length + 1
    }
    public func circuit(_ x: Fr) -> PoseidonChain { PoseidonChain(x: x, length: length) }
    public func publicInputs(_ x: Fr) -> [[Fr]] { circuit(x).instances }
}
