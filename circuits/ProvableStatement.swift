import PoTAlgebra
import PoTCommitments
import PoTPlonk

/// A statement `pot` proves by name: a circuit type, the parameters that fix its shape, and
/// its public inputs by name. Adding a statement is one file conforming to this protocol plus
/// its entry in `Statements.all`; keygen, proving, verification, planning and benchmarks come
/// from the extension below.
public protocol ProvableStatement: Sendable, CustomStringConvertible {
    /// The circuit that proves the statement.
    associatedtype Shape: Circuit
    /// What the prover knows besides the parameters (for the chains: the starting value x).
    associatedtype Witness

    /// The name `pot` and the verifying key know the statement by (`squaring-chain`).
    static var name: String { get }
    /// The parameter `--size` sets, for statements with one size (squarings, hashes).
    static var sizeParameter: String? { get }

    /// Builds the statement from its parameters, values written as in the key name; every
    /// parameter must be given and no other.
    init(parameters: [String: String]) throws(StatementError)
    /// The parameters in the order the key name lists them.
    var parameters: [(name: String, value: String)] { get }

    /// The largest instance whose rows fit `usableRows`.
    static func filling(usableRows: Int) throws(StatementError) -> Self

    /// Rows the statement assigns.
    var rows: Int { get }
    /// Whether the statement fits the largest table, 2^28 rows (Fr's roots of unity stop
    /// there); checked whenever a statement is built, so it must be cheap.
    var fitsLargestTable: Bool { get }
    /// The names of the public inputs, one array per instance column, in row order; the
    /// verifier requires exactly this many values in each column.
    var publicInputNames: [[String]] { get }

    /// The witness from named text values (`pot prove --x 7` gives `["x": "7"]`).
    func witness(from values: [String: String]) throws(StatementError) -> Witness
    /// A witness key generation can use: only the fixed cells and copies matter there.
    var keygenWitness: Witness { get }
    /// The circuit for one witness.
    func circuit(_ witness: Witness) -> Shape
    /// The public inputs the witness gives, one array per instance column.
    func publicInputs(_ witness: Witness) -> [[Fr]]
}

extension ProvableStatement {
    public static var sizeParameter: String? { nil }

    public var fitsLargestTable: Bool { rows <= usableRows(k: Fr.twoAdicity) }

    public static func filling(usableRows: Int) throws(StatementError) -> Self {
        throw .cannotFill(name)
    }

    /// What the verifying key records: the name and every parameter (`squaring-chain squarings=3`).
    public var description: String {
        ([Self.name] + parameters.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// The value of the size parameter, for statements that have one.
    public var size: Int? {
        Self.sizeParameter.flatMap { name in parameters.first { $0.name == name }.flatMap { Int($0.value) } }
    }

    /// The circuit's shape, configured afresh.
    public static var constraintSystem: ConstraintSystem {
        let cs = ConstraintSystem(maxDegree: Shape.maxDegree)
        do { _ = try Shape.configure(cs) } catch { preconditionFailure("\(name) does not configure: \(error)") }
        return cs
    }

    /// The rows a table of 2^k rows leaves for the circuit.
    public func usableRows(k: Int) -> Int { Self.constraintSystem.usableRows(k: k) }

    /// The smallest k whose table holds the statement.
    public var minimumK: Int {
        let (cs, rows) = (Self.constraintSystem, rows)
        var k = 4
        while cs.usableRows(k: k) < rows { k += 1 }
        return k
    }

    /// The largest instance that fits a table of 2^k rows.
    public static func filling(k: Int) throws(StatementError) -> Self {
        try filling(usableRows: constraintSystem.usableRows(k: k))
    }

    /// The public inputs with their names, column by column.
    public func named(_ instances: [[Fr]]) -> [(name: String, value: Fr)] {
        zip(publicInputNames, instances).flatMap { zip($0, $1).map { (name: $0, value: $1) } }
    }

    public func keygen(k: Int, srs: SRS) throws(PlonkError) -> ProvingKey {
        try ProvingKey(circuit(keygenWitness), k: k, srs: srs, circuitName: description, publicInputCounts: publicInputNames.map(\.count))
    }

    /// Reads a proving key, which must have been made for this statement.
    public func loadKey(path: String) throws(PlonkError) -> ProvingKey {
        let key = try ProvingKey.load(path: path, for: Shape.self)
        guard key.vk.circuit == description else {
            throw .keyMismatch("\(path) is a key for '\(key.vk.circuit)', not '\(description)'")
        }
        return key
    }

    public func prove(witness: Witness, key: ProvingKey, srs: SRS, progress: (String) -> Void = { _ in }) throws(PlonkError) -> Proof {
        try Prover.prove(circuit(witness), instances: publicInputs(witness), key: key, srs: srs, progress: progress)
    }

    /// Proves with the witness parsed from named text values (see `witness(from:)`).
    public func prove(values: [String: String], key: ProvingKey, srs: SRS, progress: (String) -> Void = { _ in }) throws -> Proof {
        try prove(witness: witness(from: values), key: key, srs: srs, progress: progress)
    }

    /// Accepts or throws the reason: the key must name this statement and declare its public
    /// inputs, and the proof must verify (with exactly that many public inputs per column).
    public func verify(_ proof: Proof, key: VerifyingKey) throws(PlonkError) {
        try verify(proof, key: key, expected: [:])
    }

    /// `verify`, and every value of `expected` (by public input name) equal to the proof's:
    /// the verifier states the public inputs it accepts instead of taking them from the proof.
    public func verify(_ proof: Proof, key: VerifyingKey, expected: [String: Fr]) throws(PlonkError) {
        guard try prepare(proof, key: key, expected: expected).holds() else {
            throw .proofRejected("the opening does not verify")
        }
    }

    /// Every check of `verify(_:key:expected:)` but the final pairing, whose equation it
    /// returns: check it alone (`holds()`) or with other proofs' in one multi-pairing
    /// (`Verifier.failures(among:)`).
    public func prepare(_ proof: Proof, key: VerifyingKey, expected: [String: Fr] = [:]) throws(PlonkError) -> KZGPairingClaim {
        let names = Set(publicInputNames.joined())
        if let unknown = expected.keys.sorted().first(where: { !names.contains($0) }) {
            throw .publicInputCount("\(self) has no public input '\(unknown)' (it has \(publicInputNames.joined().joined(separator: ", ")))")
        }
        guard key.circuit == description else {
            throw .keyMismatch("the verifying key is for '\(key.circuit)', not '\(description)'")
        }
        let counts = publicInputNames.map(\.count)
        guard key.instanceCounts == counts else {
            throw .keyMismatch("the verifying key declares \(key.instanceCounts) public inputs per instance column, \(self) has \(counts)")
        }
        let claim = try Verifier.prepare(proof, key: key, circuit: Shape.self)
        for (name, value) in named(proof.instances) {
            if let wanted = expected[name], wanted != value {
                throw .proofRejected("public input \(name) is \(value), expected \(wanted)")
            }
        }
        return claim
    }
}
