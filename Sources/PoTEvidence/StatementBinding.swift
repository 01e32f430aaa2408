import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk

/// The statement a verifying key names, with what the bundle needs of it: the names of its
/// public inputs, verification, and key re-derivation from an SRS.
struct StatementBinding {
    let statement: any ProvableStatement

    /// - Throws: the statement error when `keyName` names no statement this build proves.
    init(keyName: String) throws(StatementError) {
        statement = try Statements.named(keyName: keyName)
    }

    /// The public inputs' names, one array per instance column, in row order.
    var publicInputNames: [[String]] { statement.publicInputNames }

    /// Every check of verification but the final pairing, whose equation it returns; throws
    /// the reason otherwise. The statement requires exactly its named inputs per column.
    func prepare(_ proof: Proof, key: VerifyingKey) throws(PlonkError) -> KZGPairingClaim {
        try statement.prepare(proof, key: key)
    }

    /// The digest of the key `pot keygen` derives for this statement at `k` from `srs`.
    func derivedKeyDigest(k: Int, srs: SRS) throws(PlonkError) -> [UInt8] {
        try statement.keygen(k: k, srs: srs.k > k ? srs.truncated(toK: k) : srs).vk.digest
    }
}
