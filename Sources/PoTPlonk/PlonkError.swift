/// Errors of circuit configuration and witness assignment.
public enum PlonkError: Error, Equatable, CustomStringConvertible {
    /// A gate's constraint (or a lookup's input) is of higher degree than the system allows.
    case degreeTooHigh(name: String, degree: Int, bound: Int)
    /// A copy constraint names a cell of a column without equality enabled.
    case equalityNotEnabled(Column)
    /// A cell was assigned in a column of the wrong kind (e.g. a witness into a fixed column).
    case wrongColumnKind(Column, expected: ColumnKind)
    /// The regions (or a table) need more rows than the table has usable rows.
    case notEnoughRows(region: String, row: Int, usable: Int)
    /// A row offset inside a region is negative.
    case negativeOffset(region: String, offset: Int)
    /// A region assigned a cell of, or enabled a selector of, a track other than its own.
    case outsideTrack(region: String, what: String)
    /// A gate's constraint or a lookup's input reads the columns or selectors of two tracks.
    case gateSpansTracks(String)
    /// Fewer or more instance columns were given than the circuit declares.
    case instanceColumnCount(given: Int, expected: Int)
    /// Fewer or more challenge values were given than the circuit declares.
    case challengeCount(given: Int, expected: Int)
    /// A constant was assigned in a circuit without a constants column.
    case noConstantsColumn
    /// k is outside what the field's roots of unity and the blinding rows allow.
    case badK(Int)
    /// The prover found the witness does not satisfy the circuit (`DebugChecker` says where).
    case witnessUnsatisfied(String)
    /// A circuit's first-phase advice, fixed cells, selectors or copy constraints changed once
    /// the challenges were known: they must not depend on `Layouter.challengeValue`.
    case challengeDependent(String)
    /// A key's declared public-input counts do not fit the circuit, or a proof's public
    /// inputs do not match the counts the key declares.
    case publicInputCount(String)
    /// The SRS cannot anchor a key: one power, or a τ everyone knows (0, 1, −1).
    case degenerateSRS(String)
    /// The SRS has fewer powers than a table of 2^k rows needs.
    case srsTooSmall(needed: Int, available: Int)
    /// A key, proof or SRS does not belong with the others (another circuit, k or SRS).
    case keyMismatch(String)
    /// The proof is not valid for this key and these public inputs.
    case proofRejected(String)
    /// A key or proof file could not be read.
    case file(PlonkFileError)

    public var description: String {
        switch self {
        case .degreeTooHigh(let name, let degree, let bound): "'\(name)' has degree \(degree), above the bound \(bound)"
        case .equalityNotEnabled(let c): "copy constraint on \(c), which has no equality enabled"
        case .wrongColumnKind(let c, let kind): "\(c) is not a \(kind.rawValue) column"
        case .notEnoughRows(let region, let row, let usable): "'\(region)' needs row \(row), but only \(usable) rows are usable"
        case .negativeOffset(let region, let offset): "'\(region)' uses offset \(offset)"
        case .outsideTrack(let region, let what): "'\(region)' uses \(what), which belongs to another track"
        case .gateSpansTracks(let name): "'\(name)' reads the columns of two tracks"
        case .instanceColumnCount(let given, let expected): "\(given) instance columns given, the circuit has \(expected)"
        case .challengeCount(let given, let expected): "\(given) challenge values given, the circuit has \(expected)"
        case .noConstantsColumn: "constants need ConstraintSystem.enableConstants(_:)"
        case .badK(let k): "k = \(k) is out of range"
        case .challengeDependent(let what):
            "\(what) depends on a challenge value: first-phase advice, fixed cells, selectors and copy constraints must be the same whether or not the challenges are known"
        case .srsTooSmall(let needed, let available): "the circuit needs an SRS of 2^\(needed) powers, this one has 2^\(available)"
        case .keyMismatch(let what): what
        case .publicInputCount(let what): what
        case .degenerateSRS(let why): "the SRS is degenerate: \(why)"
        case .file(let error): error.description
        case .proofRejected(let why): "proof rejected: \(why)"
        case .witnessUnsatisfied(let what): "the witness does not satisfy the circuit: \(what) (run DebugChecker to find the first failure)"
        }
    }
}
