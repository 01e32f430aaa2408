import PoTAlgebra
import PoTCommitments
import PoTPlonk
import PoTSystem

/// The SRS identity and every proof: its key reads, is the claimed one and is anchored; its
/// public inputs are exactly the claimed ones, by name; it verifies.
enum ProofChecks {
    static func run(_ bundle: EvidenceBundle, inputs: BundleVerifierInputs) -> [Check] {
        guard let identity = bundle.manifest.srs else { return [] }
        var checks = [srsIdentity(identity, inputs: inputs)]
        var anchors: [Int: Check] = [:]
        // The proofs' pairing equations, checked together once every proof is replayed, with
        // the index of the check each one's verdict goes to.
        var pending: [(check: Int, claim: KZGPairingClaim)] = []
        for (i, claim) in bundle.manifest.proofs.enumerated() {
            let keyCheck = key(claim, i, bundle: bundle, identity: identity)
            checks.append(keyCheck.check)
            guard let (key, statement) = keyCheck.key else { continue }
            let anchor = anchors[claim.keyPart] ?? anchored(key, statement, inputs: inputs)
            anchors[claim.keyPart] = anchor
            checks.append(Check("proof[\(i)].anchor", anchor.title, anchor.verdict, anchor.reason))
            let (proofChecks, equation) = proof(claim, i, bundle: bundle, key: key, statement: statement)
            checks += proofChecks
            if let equation { pending.append((checks.count - 1, equation)) }
        }
        for failed in Verifier.failures(among: pending.map(\.claim)) {
            let check = checks[pending[failed].check]
            checks[pending[failed].check] = .fail(check.id, check.title, "\(PlonkError.proofRejected("the opening does not verify"))")
        }
        return checks
    }

    static func srsIdentity(_ identity: SRSIdentity, inputs: BundleVerifierInputs) -> Check {
        let id = "srs", title = "the SRS is the one the keys name"
        let kind = identity.development ? "an insecure development SRS" : "an SRS from a ceremony (not development)"
        guard let srs = inputs.srs else {
            return .skip(id, title, "no SRS file given: the keys name SRS \(Hex.encode(identity.digest)) and say it is \(kind)")
        }
        guard srs.powersAreConsistent() else {
            return .fail(id, title, "the SRS file is not a valid SRS: its G1 points are not successive powers of the τ in [τ]G2")
        }
        let digest = srs.verifierKey.digest
        guard digest == identity.digest else {
            return .fail(id, title, "the SRS file has digest \(Hex.encode(digest)), the bundle names \(Hex.encode(identity.digest))")
        }
        guard srs.isInsecure == identity.development else {
            return .fail(id, title, "the bundle claims \(kind); the SRS file is \(srs.isInsecure ? "a development one" : "not a development one")")
        }
        return .pass(id, title, "SRS \(Hex.encode(digest)), \(kind)")
    }

    /// The key part reads, has the claimed digest, statement and SRS.
    static func key(_ claim: ProofClaim, _ i: Int, bundle: EvidenceBundle, identity: SRSIdentity)
        -> (check: Check, key: (VerifyingKey, StatementBinding)?) {
        let id = "proof[\(i)].key", title = "proof \(i)'s verifying key is the claimed key of \(claim.statement)"
        let key: VerifyingKey
        do { key = try VerifyingKey(bytes: bundle.parts[claim.keyPart], path: "part \(claim.keyPart)") } catch {
            return (.fail(id, title, "the key does not read: \(error)"), nil)
        }
        guard key.digest == claim.keyDigest else {
            return (.fail(id, title, "the key's digest is \(Hex.encode(key.digest)), the manifest claims \(Hex.encode(claim.keyDigest))"), nil)
        }
        guard key.circuit == claim.statement else {
            return (.fail(id, title, "the key is for '\(key.circuit)', the manifest claims '\(claim.statement)'"), nil)
        }
        guard key.srsDigest == identity.digest, key.isDevelopmentSRS == identity.development else {
            return (.fail(id, title, "the key names SRS \(Hex.encode(key.srsDigest))\(key.isDevelopmentSRS ? " (development)" : ""), "
                    + "the bundle's SRS is \(Hex.encode(identity.digest))\(identity.development ? " (development)" : "")"), nil)
        }
        let statement: StatementBinding
        do { statement = try StatementBinding(keyName: key.circuit) } catch {
            return (.fail(id, title, "\(error)"), nil)
        }
        return (.pass(id, title, "key \(Hex.encode(key.digest)), k = \(key.k)"), (key, statement))
    }

    /// Whether the key is one the verifier can trust: re-derived from the SRS file, or a digest
    /// the verifier gave, or accepted by `--trust-vk`.
    static func anchored(_ key: VerifyingKey, _ statement: StatementBinding, inputs: BundleVerifierInputs) -> Check {
        let id = "anchor", title = "the verifying key is anchored"
        if inputs.trustedKeyDigests.contains(key.digest) {
            return .pass(id, title, "its digest is one the verifier trusts")
        }
        if let srs = inputs.srs {
            guard srs.k >= key.k else {
                return .fail(id, title, "the SRS file has 2^\(srs.k) powers, the key needs 2^\(key.k)")
            }
            do {
                let derived = try statement.derivedKeyDigest(k: key.k, srs: srs)
                guard derived == key.digest else {
                    return .fail(id, title, "keygen of '\(key.circuit)' at k = \(key.k) from the SRS gives key \(Hex.encode(derived)), not this key")
                }
                return .pass(id, title, "re-derived from the SRS file: keygen of '\(key.circuit)' at k = \(key.k) gives this key")
            } catch {
                return .fail(id, title, "cannot re-derive the key from the SRS: \(error)")
            }
        }
        if inputs.trustKeys {
            return .skip(id, title, "not anchored: trusted as given (--trust-vk)")
        }
        return .fail(id, title, "cannot be anchored: give the SRS file (--srs) or the key's digest (--vk-digest), or accept it with --trust-vk")
    }

    /// The proof reads, was made for the claimed key, carries exactly the claimed public inputs
    /// by name, and verifies: the last check passes only provisionally when the pairing
    /// equation is returned, which the caller checks with the other proofs'.
    static func proof(_ claim: ProofClaim, _ i: Int, bundle: EvidenceBundle, key: VerifyingKey, statement: StatementBinding)
        -> (checks: [Check], equation: KZGPairingClaim?) {
        let inputsId = "proof[\(i)].inputs", inputsTitle = "proof \(i)'s public inputs are the claimed ones"
        let decoded: (proof: Proof, vkDigest: [UInt8])
        do { decoded = try Proof.decode(bundle.parts[claim.proofPart], path: "part \(claim.proofPart)") } catch {
            return ([.fail(inputsId, inputsTitle, "the proof does not read: \(error)")], nil)
        }
        guard decoded.vkDigest == key.digest else {
            return ([.fail(inputsId, inputsTitle, "the proof was made for key \(Hex.encode(decoded.vkDigest)), not the claimed one")], nil)
        }
        let names = statement.publicInputNames
        let claimedNames = claim.publicInputs.map(\.name)
        var checks: [Check] = []
        if claimedNames != names.flatMap({ $0 }) {
            checks.append(.fail(inputsId, inputsTitle, "the manifest names [\(claimedNames.joined(separator: ", "))], '\(key.circuit)' has [\(names.flatMap { $0 }.joined(separator: ", "))]"))
        } else if decoded.proof.instances.map(\.count) != names.map(\.count) {
            checks.append(.fail(inputsId, inputsTitle, "the proof has \(decoded.proof.instances.map(\.count)) public inputs per column, the statement \(names.map(\.count))"))
        } else if let j = zip(decoded.proof.instances.flatMap({ $0 }), claim.publicInputs).map({ $0 == $1.value }).firstIndex(of: false) {
            checks.append(.fail(inputsId, inputsTitle, "\(claimedNames[j]) is \(decoded.proof.instances.flatMap { $0 }[j]) in the proof, the manifest claims \(claim.publicInputs[j].value)"))
        } else {
            checks.append(.pass(inputsId, inputsTitle, claim.publicInputs.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")))
        }
        let id = "proof[\(i)].verifies", title = "proof \(i) of \(claim.statement) verifies"
        do {
            let equation = try statement.prepare(decoded.proof, key: key)
            checks.append(.pass(id, title, "accepted by the verifier"))
            return (checks, equation)
        } catch {
            checks.append(.fail(id, title, "\(error)"))
            return (checks, nil)
        }
    }
}
