import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// The statements the toolkit proves from the command line, named as `pot` names them.
public enum Statement: Sendable, Equatable, CustomStringConvertible {
    /// y = x^(2^squarings), `SquaringChain`.
    case squaringChain(squarings: Int)
    /// y = H^length(x), `PoseidonChain`.
    case poseidonChain(length: Int)

    /// The circuit names the CLI accepts.
    public static let circuits = ["squaring-chain", "poseidon-chain"]

    /// The statement `circuit` with its size parameter.
    public init(circuit: String, size: Int) throws(StatementError) {
        guard size >= 1 else { throw .badSize(circuit: circuit, size: size) }
        switch circuit {
        case "squaring-chain": self = .squaringChain(squarings: size)
        case "poseidon-chain": self = .poseidonChain(length: size)
        default: throw .unknownCircuit(circuit)
        }
        // Fr's roots of unity stop at 2^28 rows.
        guard size <= 1 << 40, rows <= usableRows(k: Fr.twoAdicity) else {
            throw .tooLarge(circuit: circuit, size: size, largest: try Self.filling(circuit: circuit, k: Fr.twoAdicity).size)
        }
    }

    /// The largest instance of `circuit` that fits a table of 2^k rows.
    public static func filling(circuit: String, k: Int) throws(StatementError) -> Statement {
        let probe = try Statement(circuit: circuit, size: 1)
        let rows = probe.usableRows(k: k)
        let size = switch probe {
        // Two squarings per row after the input row.
        case .squaringChain: 2 * (rows - 1)
        // One input row, then one Poseidon region per hash.
        case .poseidonChain: (rows - 1) / PoseidonChip.rowsPerHash
        }
        guard size >= 1 else { throw .badSize(circuit: circuit, size: size) }
        return try Statement(circuit: circuit, size: size)
    }

    public var circuit: String {
        switch self {
        case .squaringChain: "squaring-chain"
        case .poseidonChain: "poseidon-chain"
        }
    }

    public var size: Int {
        switch self {
        case .squaringChain(let n), .poseidonChain(let n): n
        }
    }

    /// What the verifying key records: the circuit and its size.
    public var description: String {
        switch self {
        case .squaringChain(let n): "squaring-chain squarings=\(n)"
        case .poseidonChain(let n): "poseidon-chain length=\(n)"
        }
    }

    /// The rows a table of 2^k rows leaves for the circuit.
    public func usableRows(k: Int) -> Int { constraintSystem.usableRows(k: k) }

    /// The circuit's shape, configured afresh.
    var constraintSystem: ConstraintSystem {
        let cs = ConstraintSystem(maxDegree: maxDegree)
        do {
            switch self {
            case .squaringChain: _ = try SquaringChain.configure(cs)
            case .poseidonChain: _ = try PoseidonChain.configure(cs)
            }
        } catch {
            preconditionFailure("the built-in circuits configure: \(error)")
        }
        return cs
    }

    private var maxDegree: Int {
        switch self {
        case .squaringChain: SquaringChain.maxDegree
        case .poseidonChain: PoseidonChain.maxDegree
        }
    }

    /// Rows the statement assigns.
    public var rows: Int {
        switch self {
        case .squaringChain(let n): (n + 1) / 2 + 1
        case .poseidonChain(let n): PoseidonChip.rowsPerHash * n + 1
        }
    }

    /// The smallest k whose table holds the statement.
    public var minimumK: Int {
        let (cs, rows) = (constraintSystem, rows)
        var k = 4
        while cs.usableRows(k: k) < rows { k += 1 }
        return k
    }

    /// The public inputs (x, y) for a starting value x.
    public func instances(x: Fr) -> [[Fr]] {
        switch self {
        case .squaringChain(let n): SquaringChain(x: x, squarings: n).instances
        case .poseidonChain(let n): PoseidonChain(x: x, length: n).instances
        }
    }

    public func keygen(k: Int, srs: SRS) throws(PlonkError) -> ProvingKey {
        switch self {
        case .squaringChain(let n): try ProvingKey(SquaringChain(x: .zero, squarings: n), k: k, srs: srs, circuitName: description)
        case .poseidonChain(let n): try ProvingKey(PoseidonChain(x: .zero, length: n), k: k, srs: srs, circuitName: description)
        }
    }

    public func loadKey(path: String) throws(PlonkError) -> ProvingKey {
        let key = switch self {
        case .squaringChain: try ProvingKey.load(path: path, for: SquaringChain.self)
        case .poseidonChain: try ProvingKey.load(path: path, for: PoseidonChain.self)
        }
        guard key.vk.circuit == description else {
            throw .keyMismatch("\(path) is a key for '\(key.vk.circuit)', not '\(description)'")
        }
        return key
    }

    public func prove(x: Fr, key: ProvingKey, srs: SRS, progress: (String) -> Void = { _ in }) throws(PlonkError) -> Proof {
        switch self {
        case .squaringChain(let n):
            try Prover.prove(SquaringChain(x: x, squarings: n), instances: instances(x: x), key: key, srs: srs, progress: progress)
        case .poseidonChain(let n):
            try Prover.prove(PoseidonChain(x: x, length: n), instances: instances(x: x), key: key, srs: srs, progress: progress)
        }
    }

    /// Accepts or throws the reason (see `Verifier.verify`).
    public func verify(_ proof: Proof, key: VerifyingKey) throws(PlonkError) {
        guard key.circuit == description else {
            throw .keyMismatch("the verifying key is for '\(key.circuit)', not '\(description)'")
        }
        switch self {
        case .squaringChain: try Verifier.verify(proof, key: key, circuit: SquaringChain.self)
        case .poseidonChain: try Verifier.verify(proof, key: key, circuit: PoseidonChain.self)
        }
    }

    /// The statement a verifying key names (its `circuit` field).
    public init(keyName: String) throws(StatementError) {
        let parts = keyName.split(separator: " ")
        guard parts.count == 2, let eq = parts[1].firstIndex(of: "="), let size = Int(parts[1][parts[1].index(after: eq)...]) else {
            throw .unknownCircuit(keyName)
        }
        try self.init(circuit: String(parts[0]), size: size)
        guard description == keyName else { throw .unknownCircuit(keyName) }
    }
}

/// A statement the CLI cannot build.
public enum StatementError: Error, Equatable, CustomStringConvertible {
    case unknownCircuit(String)
    case badSize(circuit: String, size: Int)
    case tooLarge(circuit: String, size: Int, largest: Int)

    public var description: String {
        switch self {
        case .unknownCircuit(let name): "unknown circuit '\(name)' (known: \(Statement.circuits.joined(separator: ", ")))"
        case .badSize(let circuit, let size): "\(circuit) needs a size of at least 1, got \(size)"
        case .tooLarge(let circuit, let size, let largest):
            "\(circuit) of size \(size) does not fit 2^28 rows (at most \(largest) in one proof; `pot plan` splits a chain)"
        }
    }
}

extension MemoryPlan {
    /// The estimate for proving `statement` in a table of 2^k rows.
    public init(statement: Statement, k: Int) {
        self.init(cs: statement.constraintSystem, k: k)
    }

    /// The largest statement of `circuit` (over k = 4 … 26) whose proof fits `budget` bytes.
    public static func largestFitting(circuit: String, budget: Int) -> (k: Int, statement: Statement)? {
        var best: (Int, Statement)?
        for k in 4...26 {
            // Tables too small for even one step hold nothing; past the budget, larger k only grow.
            guard let statement = try? Statement.filling(circuit: circuit, k: k) else { continue }
            guard MemoryPlan(statement: statement, k: k).peakBytes <= budget else { break }
            best = (k, statement)
        }
        return best
    }
}
