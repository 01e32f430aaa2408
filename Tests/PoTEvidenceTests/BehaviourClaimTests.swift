import PoTBehaviour
import PoTSystem
import XCTest

@testable import PoTEvidence

/// The behavioural claim of a bundle, on a real run between two tiny models.
final class BehaviourClaimTests: XCTestCase {
    static let bundle = try! SmallBehaviourRun.shared.bundle()

    private func failures(_ bundle: EvidenceBundle) -> [String: String] {
        Dictionary(uniqueKeysWithValues: BundleVerifier.verify(bundle).failures.map { ($0.id, $0.reason) })
    }

    /// The bundle with its behavioural claim rewritten by `change`.
    private func claiming(_ change: (BehaviourClaim) -> BehaviourClaim) -> EvidenceBundle {
        var manifest = Self.bundle.manifest
        manifest.behaviour = change(manifest.behaviour!)
        return EvidenceBundle(manifest: manifest, parts: Self.bundle.parts)
    }

    private func with(_ c: BehaviourClaim, decision: ClaimedDecision? = nil, queries: Int? = nil, alpha: Double? = nil,
                      mode: String? = nil, commitment: [UInt8]? = nil, scoringMethod: String? = nil) -> BehaviourClaim {
        BehaviourClaim(bankPart: c.bankPart, commitmentPart: c.commitmentPart, contributionPart: c.contributionPart, transcriptPart: c.transcriptPart,
                       revealPart: c.revealPart, decision: decision ?? c.decision, queries: queries ?? c.queries, mode: mode ?? c.mode,
                       alpha: alpha ?? c.alpha, gamma: c.gamma, delta: c.delta, maxQueries: c.maxQueries, commitment: commitment ?? c.commitment,
                       scoringMethod: scoringMethod ?? c.scoringMethod, endpoint: c.endpoint)
    }

    func testHonestRunVerifies() throws {
        let result = BundleVerifier.verify(Self.bundle)
        XCTAssertTrue(result.isValid, "\(result.failures)")
        XCTAssertEqual(Set(result.checks.map(\.id)), ["parts", "model[0].commitment", "model[1].commitment", "behaviour.commitment", "behaviour.transcript"])
        let claim = try XCTUnwrap(Self.bundle.manifest.behaviour)
        XCTAssertEqual(claim.mode, BehaviourParameters.custom)
        XCTAssertEqual([claim.alpha, claim.gamma, claim.delta], [0.2, 0.5, 0.6])
        XCTAssertEqual(claim.commitment, SmallBehaviourRun.shared.published.value)
    }

    func testAVersionOneBundleStillReadsAndVerifies() throws {
        // Version 1's manifest is version 2's without the score method and the endpoint flag.
        var bytes = Self.bundle.encoded
        let method = Array("mean-total-variation".utf8)
        let removed = withUnsafeBytes(of: UInt32(method.count).littleEndian, Array.init) + method + [0]
        let at = try XCTUnwrap((24..<bytes.count).first { Array(bytes[$0..<min($0 + removed.count, bytes.count)]) == removed })
        bytes.removeSubrange(at..<at + removed.count)
        bytes[8] = 1
        // The manifest's length, a u64 little-endian after magic, version and the tag "MANI".
        let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[16 + $1]) << (8 * $1) } - UInt64(removed.count)
        for i in 0..<8 { bytes[16 + i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        let old = try EvidenceBundle(bytes: bytes, path: "v1.bundle")
        XCTAssertNil(old.manifest.behaviour?.scoringMethod)
        XCTAssertEqual(old.manifest.behaviour?.decision, Self.bundle.manifest.behaviour?.decision)
        let result = BundleVerifier.verify(old)
        XCTAssertTrue(result.isValid, "\(result.failures)")
    }

    func testClaimsTheRunDoesNotSupport() {
        let c = Self.bundle.manifest.behaviour!
        let other: ClaimedDecision = c.decision == .same ? .different : .same
        XCTAssertEqual(Array(failures(claiming { with($0, decision: other) }).keys), ["behaviour.transcript"])
        XCTAssertEqual(Array(failures(claiming { with($0, queries: c.queries + 1) }).keys), ["behaviour.transcript"])
        XCTAssertEqual(Array(failures(claiming { with($0, alpha: 0.01) }).keys), ["behaviour.commitment"])
        XCTAssertEqual(Array(failures(claiming { with($0, mode: "audit") }).keys), ["behaviour.commitment"])
        XCTAssertEqual(Array(failures(claiming { with($0, commitment: SHA256.hash([1])) }).keys), ["behaviour.commitment"])
        XCTAssertEqual(Array(failures(claiming { with($0, scoringMethod: "top-k-total-variation") }).keys), ["behaviour.commitment"])
    }

    func testRelabelledModelsFail() {
        // The candidate's document claimed as the reference and the other way round.
        var manifest = Self.bundle.manifest
        manifest.models = manifest.models.map { ModelClaim(role: $0.role == .reference ? .candidate : .reference, part: $0.part, modelRoot: $0.modelRoot) }
        let failed = failures(EvidenceBundle(manifest: manifest, parts: Self.bundle.parts))
        XCTAssertEqual(Array(failed.keys), ["behaviour.commitment"])
        XCTAssertTrue(failed["behaviour.commitment"]!.contains("reference root, candidate root"), failed["behaviour.commitment"]!)
    }

    func testAnotherRunsTranscriptFails() throws {
        // A transcript of another run (another commitment) in place of this one, digests updated.
        let other = try SmallBehaviourRun(runID: "another-run")
        var manifest = Self.bundle.manifest, parts = Self.bundle.parts
        let t = manifest.behaviour!.transcriptPart
        parts[t] = other.transcript
        manifest.parts[t] = PartEntry(kind: .transcript, sha256: SHA256.hash(other.transcript))
        let failed = failures(EvidenceBundle(manifest: manifest, parts: parts))
        XCTAssertEqual(Array(failed.keys), ["behaviour.transcript"])
        XCTAssertTrue(failed["behaviour.transcript"]!.contains("not the published one"), failed["behaviour.transcript"]!)
    }

    func testUnfinishedRunIsRefusedByTheBuilder() {
        // Without its decision line the transcript does not verify, so its secret never enters a bundle.
        let run = SmallBehaviourRun.shared
        let lines = String(decoding: run.transcript, as: UTF8.self).split(separator: "\n").dropLast()
        XCTAssertThrowsError(try run.bundle(transcript: Array(lines.map { $0 + "\n" }.joined().utf8))) { error in
            XCTAssertTrue("\(error)".contains("no decision line"), "\(error)")
        }
    }

    func testEverySingleByteChangeIsRejected() {
        let bytes = Self.bundle.encoded
        XCTAssertEqual(singleBitChangesAccepted(bytes), [], "of \(bytes.count) bytes")
    }
}
