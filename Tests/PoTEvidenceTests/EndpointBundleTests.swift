import PoTBehaviour
import PoTSystem
import XCTest

@testable import PoTEvidence

/// Bundles of an endpoint audit (``SmallEndpointRun``: the candidate served by `pot serve`'s
/// server over loopback HTTP): the bundle verifies, says plainly what the candidate was, and
/// every claim about the endpoint that the run does not support is rejected by a named check.
final class EndpointBundleTests: XCTestCase {
    private func failures(_ bundle: EvidenceBundle) -> [String: String] {
        Dictionary(uniqueKeysWithValues: BundleVerifier.verify(bundle).failures.map { ($0.id, $0.reason) })
    }

    /// `bundle` with its behavioural claim's score method or endpoint rewritten.
    private func claiming(_ bundle: EvidenceBundle, scoringMethod: String? = nil,
                          endpoint change: (ServedEndpoint) -> ServedEndpoint? = { $0 }) -> EvidenceBundle {
        var manifest = bundle.manifest
        let c = manifest.behaviour!
        manifest.behaviour = BehaviourClaim(
            bankPart: c.bankPart, commitmentPart: c.commitmentPart, contributionPart: c.contributionPart, transcriptPart: c.transcriptPart,
            revealPart: c.revealPart, decision: c.decision, queries: c.queries, mode: c.mode, alpha: c.alpha, gamma: c.gamma, delta: c.delta,
            maxQueries: c.maxQueries, commitment: c.commitment, scoringMethod: scoringMethod ?? c.scoringMethod, endpoint: c.endpoint.flatMap(change))
        return EvidenceBundle(manifest: manifest, parts: bundle.parts)
    }

    private func endpoint(_ e: ServedEndpoint, url: String? = nil, model: String? = nil, topK: Int? = nil, role: ModelRole? = nil,
                          identity: [UInt8]? = nil, consistent: Bool = false) -> ServedEndpoint {
        let (u, m, k) = (url ?? e.url, model ?? e.model, topK ?? e.topK)
        let recomputed = Hex.decode(EndpointIdentity.digest(url: u, model: m, topK: k))!
        return ServedEndpoint(role: role ?? e.role, url: u, model: m, topK: k, identity: identity ?? (consistent ? recomputed : e.identity))
    }

    func testAnEndpointRunBundlesVerifiesAndIsReportedAsAnEndpoint() async throws {
        let run = try await SmallEndpointRun.shared()
        let bundle = try EvidenceBundle(bytes: try run.bundle().encoded, path: "endpoint.bundle")
        let result = BundleVerifier.verify(bundle)
        XCTAssertTrue(result.isValid, "\(result.failures)")
        XCTAssertEqual(result.checks.map(\.id), ["parts", "model[0].commitment", "behaviour.commitment", "behaviour.endpoint", "behaviour.transcript"])
        let claim = try XCTUnwrap(bundle.manifest.behaviour)
        let served = try XCTUnwrap(claim.endpoint)
        XCTAssertEqual(claim.scoringMethod, "top-k-total-variation")
        XCTAssertEqual(bundle.manifest.models.map(\.role), [.reference], "the served candidate has no model file in the bundle")
        XCTAssertEqual([served.url, served.model], [run.endpoint.url, "tiny"])
        XCTAssertTrue(served.url.hasPrefix("http://127.0.0.1:") && served.url.hasSuffix("/v1/completions"), served.url)
        XCTAssertEqual(served.role, .candidate)
        XCTAssertEqual(served.topK, 5)
        XCTAssertEqual(Hex.encode(served.identity), run.published.parameters.candidateRoot)
        let endpointCheck = try XCTUnwrap(result.checks.first { $0.id == "behaviour.endpoint" })
        XCTAssertTrue(endpointCheck.reason.contains("no model file is bound to what the server ran"), endpointCheck.reason)
        // pot serve announces the served file's root in /v1/models; the run recorded it, and it is the reference's (the same file).
        let header = try TranscriptJSON.decode(TranscriptHeader.self, from: String(decoding: run.transcript.prefix { $0 != 10 }, as: UTF8.self), at: "line 1")
        let reference = Hex.encode(bundle.manifest.models[0].modelRoot)
        XCTAssertEqual(header.endpoint?.servedModelRoot, reference)
        XCTAssertTrue(endpointCheck.reason.contains("announced model root \(reference)"), endpointCheck.reason)
        XCTAssertTrue(endpointCheck.reason.contains("the bundle's reference root"), endpointCheck.reason)

        let page = BundleReport.html(bundle, verification: result, name: "endpoint.bundle")
        XCTAssertTrue(page.contains("<tr><th>candidate</th><td>endpoint \(served.url), model tiny, top-k 5 (the server announced model root "
                                    + "<code>\(reference)</code>, the reference root: its own word, not proved)</td></tr>"))
        XCTAssertTrue(page.contains("<tr><th>reference</th><td>model root <code>\(Hex.encode(bundle.manifest.models[0].modelRoot))</code></td></tr>"))
        XCTAssertTrue(page.contains("scored by top-k-total-variation"))
        XCTAssertTrue(page.contains("VALID:"))
    }

    func testEndpointClaimsTheRunDoesNotSupportAreRejected() async throws {
        let bundle = try await SmallEndpointRun.shared().bundle()
        let e = bundle.manifest.behaviour!.endpoint!
        func assertFails(_ tampered: EvidenceBundle, _ expected: [String: String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
            let failed = failures(tampered)
            XCTAssertEqual(Set(failed.keys), Set(expected.keys), what, file: file, line: line)
            for (id, needle) in expected {
                XCTAssertTrue(failed[id]?.contains(needle) == true, "\(what): \(id): \(failed[id] ?? "passed")", file: file, line: line)
            }
        }
        let recomputed = "identity recomputed from the claimed URL, model name and k"
        assertFails(claiming(bundle) { endpoint($0, identity: SHA256.hash([1])) },
                    ["behaviour.endpoint": recomputed, "behaviour.commitment": "candidate endpoint identity differ"], "another identity")
        assertFails(claiming(bundle) { endpoint($0, url: e.url.replacingOccurrences(of: "127.0.0.1", with: "127.0.0.2")) },
                    ["behaviour.endpoint": recomputed], "another URL")
        assertFails(claiming(bundle) { endpoint($0, topK: 20) }, ["behaviour.endpoint": recomputed], "another k")
        assertFails(claiming(bundle) { endpoint($0, model: "other") }, ["behaviour.endpoint": recomputed], "another model name")
        // Rewritten consistently (the identity of the claimed URL, model or k): the transcript's header and the commitment disagree.
        assertFails(claiming(bundle) { endpoint($0, url: "https://api.example.com/v1/completions", consistent: true) },
                    ["behaviour.endpoint": "URL differ from the transcript header's", "behaviour.commitment": "candidate endpoint identity differ"],
                    "another URL with its identity")
        assertFails(claiming(bundle) { endpoint($0, topK: 20, consistent: true) },
                    ["behaviour.endpoint": "k differ from the transcript header's", "behaviour.commitment": "candidate endpoint identity differ"],
                    "another k with its identity")
        assertFails(claiming(bundle, scoringMethod: "mean-total-variation"),
                    ["behaviour.endpoint": "an endpoint run is scored by top-k-total-variation", "behaviour.commitment": "score method differ"],
                    "another score method")
        assertFails(claiming(bundle) { _ in nil },
                    ["behaviour.endpoint": "is of an endpoint run", "behaviour.commitment": "candidate root differ"], "no endpoint claimed")
        // The reader refuses a served side that also has a model file, and a claim without the endpoint or the candidate's file.
        var manifest = bundle.manifest, parts = bundle.parts
        let document = SmallBehaviourRun.shared.candidateDocument
        parts.append(document)
        manifest.parts.append(PartEntry(kind: .modelCommitment, sha256: SHA256.hash(document)))
        manifest.models.append(ModelClaim(role: .candidate, part: parts.count - 1, modelRoot: manifest.models[0].modelRoot))
        XCTAssertThrowsError(try EvidenceBundle(bytes: EvidenceBundle(manifest: manifest, parts: parts).encoded, path: "b")) { error in
            XCTAssertTrue("\(error)".contains("a candidate model, but the behavioural claim says the candidate was served"), "\(error)")
        }
        XCTAssertThrowsError(try EvidenceBundle(bytes: claiming(bundle) { _ in nil }.encoded, path: "b")) { error in
            XCTAssertTrue("\(error)".contains("a behavioural claim without a candidate model"), "\(error)")
        }
        XCTAssertThrowsError(try EvidenceBundle(bytes: claiming(bundle) { endpoint($0, role: .reference) }.encoded, path: "b")) { error in
            XCTAssertTrue("\(error)".contains("a reference model, but the behavioural claim says the reference was served"), "\(error)")
        }
    }

    func testALocalRunsTranscriptCannotPassAsAnEndpointRun() async throws {
        // The endpoint run's transcript, commitment and reveal swapped for a local run's, digests updated.
        let bundle = try await SmallEndpointRun.shared().bundle()
        let local = SmallBehaviourRun.shared
        var manifest = bundle.manifest, parts = bundle.parts
        let b = manifest.behaviour!
        for (i, bytes) in [(b.transcriptPart, local.transcript), (b.commitmentPart, local.commitment), (b.revealPart, local.reveal),
                           (b.contributionPart!, local.contribution)] {
            parts[i] = bytes
            manifest.parts[i] = PartEntry(kind: manifest.parts[i].kind, sha256: SHA256.hash(bytes))
        }
        let failed = failures(EvidenceBundle(manifest: manifest, parts: parts))
        XCTAssertTrue(failed["behaviour.endpoint"]?.contains("names no endpoint") == true, "\(failed)")
        XCTAssertNotNil(failed["behaviour.commitment"], "\(failed)")
    }

    func testEverySingleByteChangeIsRejected() async throws {
        let bytes = try await SmallEndpointRun.shared().bundle().encoded
        XCTAssertEqual(singleBitChangesAccepted(bytes), [], "of \(bytes.count) bytes")
    }
}
