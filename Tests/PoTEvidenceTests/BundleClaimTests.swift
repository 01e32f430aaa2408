import PoTAlgebra
import PoTCommitments
import PoTEvidence
import PoTSystem
import XCTest

/// A manifest that claims what its parts do not support is invalid, and the failing check
/// says which claim and why.
final class BundleClaimTests: XCTestCase {
    /// The bundle with its manifest rewritten by `change` (part digests stay right).
    private func withManifest(_ change: (inout Manifest) -> Void) throws -> EvidenceBundle {
        var manifest = SmallBundle.bundle.manifest
        change(&manifest)
        return try EvidenceBundle(bytes: EvidenceBundle(manifest: manifest, parts: SmallBundle.bundle.parts).encoded, path: "b")
    }

    private func failures(_ bundle: EvidenceBundle, _ inputs: BundleVerifierInputs = SmallBundle.trusting) -> [String: String] {
        Dictionary(uniqueKeysWithValues: BundleVerifier.verify(bundle, inputs: inputs).failures.map { ($0.id, $0.reason) })
    }

    func testWrongModelRoot() throws {
        let bundle = try withManifest { m in
            let c = m.models[0]
            m.models[0] = ModelClaim(role: c.role, part: c.part, modelRoot: SHA256.hash([1]))
        }
        XCTAssertEqual(Array(failures(bundle).keys), ["model[0].commitment"])
    }

    func testWrongPublicInput() throws {
        let bundle = try withManifest { m in
            let c = m.proofs[0]
            var inputs = c.publicInputs
            inputs[1] = NamedInput(name: "y", value: inputs[1].value + Fr(1))
            m.proofs[0] = ProofClaim(proofPart: c.proofPart, keyPart: c.keyPart, statement: c.statement, keyDigest: c.keyDigest, publicInputs: inputs)
        }
        let failed = failures(bundle)
        XCTAssertEqual(Array(failed.keys), ["proof[0].inputs"])
        XCTAssertTrue(failed["proof[0].inputs"]!.hasPrefix("y is "), failed["proof[0].inputs"]!)
    }

    func testMissingOrRenamedPublicInputs() throws {
        for inputs: [NamedInput] in [[], [NamedInput(name: "x", value: SmallBundle.x)]] {
            let bundle = try withManifest { m in
                let c = m.proofs[0]
                m.proofs[0] = ProofClaim(proofPart: c.proofPart, keyPart: c.keyPart, statement: c.statement, keyDigest: c.keyDigest, publicInputs: inputs)
            }
            XCTAssertEqual(Array(failures(bundle).keys), ["proof[0].inputs"])
        }
    }

    func testWrongStatementOrKeyDigest() throws {
        let statement = try withManifest { m in
            let c = m.proofs[0]
            m.proofs[0] = ProofClaim(proofPart: c.proofPart, keyPart: c.keyPart, statement: "squaring-chain squarings=9", keyDigest: c.keyDigest, publicInputs: c.publicInputs)
        }
        XCTAssertEqual(Array(failures(statement).keys), ["proof[0].key"])
        let digest = try withManifest { m in
            let c = m.proofs[0]
            m.proofs[0] = ProofClaim(proofPart: c.proofPart, keyPart: c.keyPart, statement: c.statement, keyDigest: SHA256.hash([2]), publicInputs: c.publicInputs)
        }
        XCTAssertEqual(Array(failures(digest).keys), ["proof[0].key"])
    }

    func testDevelopmentFlagIsCheckedAgainstKeysAndTheSRSFile() throws {
        let bundle = try withManifest { m in m.srs = SRSIdentity(digest: m.srs!.digest, development: false) }
        // Each key records its SRS's flags; the SRS file confirms them.
        XCTAssertEqual(Set(failures(bundle).keys), ["srs", "proof[0].key"])
        XCTAssertEqual(Array(failures(bundle, BundleVerifierInputs(trustedKeyDigests: [SmallBundle.files.keyDigest])).keys), ["proof[0].key"])
    }

    func testAnotherSRSIsRefused() {
        let other = SRS.insecure(k: 6, tau: Fr(0xfeed))
        let failed = failures(SmallBundle.bundle, BundleVerifierInputs(srs: other))
        XCTAssertEqual(Set(failed.keys), ["srs", "proof[0].anchor"])
        XCTAssertTrue(failed["srs"]!.hasPrefix("the SRS file has digest"), failed["srs"]!)
    }

    func testSRSIdentityWithoutTheFileIsSkippedAndSaysWhatTheKeysClaim() {
        let check = BundleVerifier.verify(SmallBundle.bundle, inputs: BundleVerifierInputs(trustKeys: true)).checks.first { $0.id == "srs" }!
        XCTAssertEqual(check.verdict, Verdict.skip)
        XCTAssertTrue(check.reason.contains("an insecure development SRS"), check.reason)
    }

    func testKeysAreAnchoredByReDerivationFromTheSRS() {
        let result = BundleVerifier.verify(SmallBundle.bundle, inputs: BundleVerifierInputs(srs: SmallBundle.srs))
        XCTAssertTrue(result.isValid, "\(result.failures)")
        XCTAssertTrue(result.checks.first { $0.id == "proof[0].anchor" }!.reason.hasPrefix("re-derived from the SRS file"))
    }

    func testUnanchoredKeysFailUnlessTrusted() {
        XCTAssertEqual(Array(failures(SmallBundle.bundle, BundleVerifierInputs()).keys), ["proof[0].anchor"])
        let trusted = BundleVerifier.verify(SmallBundle.bundle, inputs: BundleVerifierInputs(trustKeys: true))
        XCTAssertTrue(trusted.isValid)
        XCTAssertEqual(trusted.checks.first { $0.id == "proof[0].anchor" }!.verdict, Verdict.skip)
    }

    func testModelFiles() {
        let root = SmallBundle.bundle.manifest.models[0].modelRoot
        var inputs = SmallBundle.trusting
        inputs.models = [("model.bin", root)]
        XCTAssertTrue(BundleVerifier.verify(SmallBundle.bundle, inputs: inputs).isValid)
        inputs.models = [("other.bin", SHA256.hash([3]))]
        XCTAssertEqual(Array(failures(SmallBundle.bundle, inputs).keys), ["model-file[0]"])
    }

    func testPartSwappedForAnotherValidOne() throws {
        // A proof of another x, for the same key, put in place of the bundle's proof (and the
        // manifest's digest updated): the public inputs no longer match the claim.
        let key = try SmallBundle.statement.keygen(k: SmallBundle.statement.minimumK, srs: SmallBundle.srs)
        let proof = try SmallBundle.statement.prove(witness: Fr(6), key: key, srs: SmallBundle.srs).encoded(vkDigest: key.vk.digest)
        var manifest = SmallBundle.bundle.manifest
        manifest.parts[2] = PartEntry(kind: .proof, sha256: SHA256.hash(proof))
        var parts = SmallBundle.bundle.parts
        parts[2] = proof
        XCTAssertEqual(Array(failures(EvidenceBundle(manifest: manifest, parts: parts)).keys), ["proof[0].inputs"])
    }
}
