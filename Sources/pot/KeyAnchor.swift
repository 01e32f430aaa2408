import ArgumentParser
import Foundation
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// How a verifier anchors a verifying key (`pot verify`, `pot verify-training`): the key is
/// trusted only through its digest, re-derived from an SRS (keygen is deterministic) or
/// compared with a published one; without either it is refused unless `--trust-vk`.
struct KeyAnchor: ParsableArguments {
    @Option(help: "The SRS (e.g. imported from a public ceremony): the key is re-derived from it and the statement, and must be the same.")
    var srs: String?

    @Option(help: "The expected SHA-256 digest of the verifying key, in hex.")
    var vkDigest: String?

    @Flag(help: "Accept a key without an anchor (it could have been made to accept false proofs).")
    var trustVk = false

    func validate() throws {
        if let vkDigest, Hex.decode(vkDigest)?.count != 32 {
            throw ValidationError("--vk-digest: '\(vkDigest)' is not 64 hex digits")
        }
    }

    /// Checks `key` (read from `path`) against each anchor given; returns what anchored it. A
    /// mismatch is a failed check (`failure`); an SRS that cannot be read, or no anchor without
    /// --trust-vk, is an unusable input.
    func check(_ key: VerifyingKey, at path: String, statement: any ProvableStatement, failure: inout String?) throws -> [String] {
        var anchors: [String] = []
        if let vkDigest {
            if Hex.decode(vkDigest) == key.digest { anchors.append("--vk-digest") } else {
                failure = "\(path) has digest \(Hex.encode(key.digest)), not the expected \(vkDigest.lowercased())"
            }
        }
        if let srs, failure == nil {
            let params: SRS
            do { params = try SRS.load(path: srs, k: key.k) } catch { throw ProofCLI.unusable("\(error)") }
            guard params.powersAreConsistent() else {
                throw ProofCLI.unusable("\(srs): not a valid SRS: the G1 points are not successive powers of the τ in [τ]G2")
            }
            if params.verifierKey.digest != key.srsDigest {
                failure = "\(path) was not made with \(srs) (SRS \(Hex.encode(key.srsDigest)), the file is \(Hex.encode(params.verifierKey.digest)))"
            } else if params.flags != key.srsFlags {
                failure = "\(path) records SRS flags \(key.srsFlags.rawValue), \(srs) has \(params.flags.rawValue)"
            } else {
                do {
                    let derived = try statement.keygen(k: key.k, srs: params).vk
                    if derived.digest == key.digest { anchors.append("--srs (re-derived)") } else {
                        failure = "\(path) is not the key \(statement) has with \(srs): re-derived digest \(Hex.encode(derived.digest))"
                    }
                } catch {
                    throw ProofCLI.unusable("re-deriving the key from \(srs): \(error)")
                }
            }
        }
        if anchors.isEmpty, failure == nil {
            guard trustVk else {
                throw ProofCLI.unusable("\(path) is not anchored: give --srs FILE (re-derives the key) or --vk-digest HEX, or --trust-vk to accept it as it is")
            }
            anchors.append("--trust-vk (not anchored)")
        }
        return anchors
    }
}
