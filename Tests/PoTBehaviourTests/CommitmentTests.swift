import PoTBehaviour
import PoTModels
import PoTSystem
import XCTest

/// The commitment's and the key's byte layouts against Python's hashlib and hmac, and that the
/// commitment binds every input.
final class CommitmentTests: XCTestCase {
    let secret = try! AuditorSecret(bytes: Array(0..<32))
    /// Spelled out rather than `.audit`, so that the expected digest does not move with the defaults.
    let parameters = try! BehaviourParameters(
        mode: "audit", sequential: SequentialParameters(alpha: 0.01, gamma: 0.11, delta: 0.11, maxQueries: 300),
        continuationTokens: 32, promptBankSHA256: String(repeating: "ab", count: 32), scoringMethod: .meanTotalVariation,
        products: .ggml, referenceRoot: String(repeating: "01", count: 32), candidateRoot: String(repeating: "02", count: 32),
        contributionSource: "nonce of the candidate's owner")
    let salt = [UInt8](repeating: 0x5a, count: 32)

    /// lp(b) = len(b).to_bytes(8, "big") + b;
    /// params = b"".join(lp(name) + lp(value)) over mode=audit, alpha=0.01, gamma=0.11, delta=0.11, max_queries=300,
    /// truncation=0.95, continuation_tokens=32, prompt_bank_sha256="ab"*32, score_method=mean-total-variation,
    /// products=ggml, reference_root="01"*32, candidate_root="02"*32, contribution_source=nonce of the candidate's owner;
    /// c = sha256(b"PoT/behaviour/commitment/v2\0" + lp(salt) + lp(secret) + lp(b"run-42") + lp(params));
    /// k = hmac(secret, b"PoT/behaviour/key/v2\0" + c + lp(b"\xc0" * 32), sha256);
    /// seed 0 = hmac(k, b"PoT/behaviour/seed/v1\0" + lp(b"run-42") + (0).to_bytes(8, "big"), sha256).
    func testCommitmentKeyAndSeedMatchPython() throws {
        let c = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters, salt: salt)
        XCTAssertEqual(Hex.encode(c.value), "8578279dfa9f272a553a7a5e5fcd359680685333a4e741f0dbcbe5ed72709136")
        let key = ChallengeKey(secret: secret, commitment: c, contribution: try Contribution(bytes: Array(repeating: 0xc0, count: 32)))
        XCTAssertEqual(Hex.encode(key.bytes), "9bc44f8ea64b549fe1ef5f919931e44bdca6468afd88bf6a7479415625a8f638")
        XCTAssertEqual(Hex.encode(ChallengeSeeds.seed(key: key, runID: "run-42", index: 0)),
                       "6d372eb1ea3757a77d5a9fdd9095f85c9e3996f1a6591e2a38848659c4773283")
    }

    func testOnlyTheRightSecretOpensIt() throws {
        let c = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters)
        XCTAssertTrue(c.isOpened(by: secret))
        XCTAssertFalse(c.isOpened(by: AuditorSecret.random()))
        var flipped = secret.bytes
        flipped[31] ^= 1
        XCTAssertFalse(c.isOpened(by: try AuditorSecret(bytes: flipped)))
    }

    private func variant(mode: String = "custom", _ sequential: SequentialParameters = .audit, k: Int = 32,
                         bank: String = String(repeating: "ab", count: 32), method: ScoringMethod = .meanTotalVariation,
                         products: MatrixProducts = .ggml, reference: String = String(repeating: "01", count: 32),
                         candidate: String = String(repeating: "02", count: 32),
                         source: String = "nonce of the candidate's owner") throws -> BehaviourParameters {
        try BehaviourParameters(mode: mode, sequential: sequential, continuationTokens: k, promptBankSHA256: bank, scoringMethod: method,
                                products: products, referenceRoot: reference, candidateRoot: candidate, contributionSource: source)
    }

    /// Each bound field, changed alone, gives another commitment: none can be re-chosen later.
    func testEveryBoundFieldChangesTheDigest() throws {
        let base = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters, salt: salt).value
        XCTAssertEqual(ChallengeCommitment(secret: secret, runID: "run-42", parameters: try variant(mode: "audit"), salt: salt).value, base)
        let variants: [BehaviourParameters] = [
            try variant(),
            try variant(SequentialParameters(alpha: 0.02, gamma: 0.11, delta: 0.11, maxQueries: 300)),
            try variant(SequentialParameters(alpha: 0.01, gamma: 0.10, delta: 0.11, maxQueries: 300)),
            try variant(SequentialParameters(alpha: 0.01, gamma: 0.11, delta: 0.12, maxQueries: 300)),
            try variant(SequentialParameters(alpha: 0.01, gamma: 0.11, delta: 0.11, maxQueries: 301)),
            try variant(SequentialParameters(alpha: 0.01, gamma: 0.11, delta: 0.11, maxQueries: 300, truncation: 0.9)),
            try variant(k: 33),
            try variant(bank: String(repeating: "cd", count: 32)),
            try variant(method: .textEditDistance),
            try variant(products: .vnni),
            try variant(reference: String(repeating: "02", count: 32)),
            try variant(candidate: String(repeating: "01", count: 32)),
            try variant(source: "drand quicknet round 1"),
        ]
        let digests = Set(variants.map { ChallengeCommitment(secret: secret, runID: "run-42", parameters: $0, salt: salt).value })
        XCTAssertEqual(digests.count, variants.count)
        XCTAssertFalse(digests.contains(base))
        XCTAssertNotEqual(ChallengeCommitment(secret: secret, runID: "run-43", parameters: parameters, salt: salt).value, base)
        XCTAssertNotEqual(ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters, salt: [UInt8](repeating: 0x5b, count: 32)).value, base)
        // Fresh salts make two commitments to the same inputs unlinkable.
        XCTAssertNotEqual(ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters).value,
                          ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters).value)
    }

    /// A mode name is a claim about its values: the issue's re-commitment with α = 0.5,
    /// γ = δ = 0.5 under "audit" is refused, as is any unknown mode name.
    func testAModeNameMustMatchItsParameters() throws {
        let loose = SequentialParameters(alpha: 0.5, gamma: 0.5, delta: 0.5, maxQueries: 300)
        for (mode, sequential, k) in [("audit", loose, 32), ("audit", SequentialParameters.audit, 16), ("quick", SequentialParameters.audit, 32),
                                      ("Audit", SequentialParameters.audit, 32)] {
            XCTAssertThrowsError(try variant(mode: mode, sequential, k: k)) { error in
                XCTAssertTrue("\(error)".contains("mode"), "\(error)")
            }
        }
        // The published record is checked the same way when it is read back.
        let c = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters)
        let line = TranscriptJSON.line(CommitmentRecord(c)).replacingOccurrences(of: "\"alpha\":0.01", with: "\"alpha\":0.5")
            .replacingOccurrences(of: "\"gamma\":0.11", with: "\"gamma\":0.5").replacingOccurrences(of: "\"delta\":0.11", with: "\"delta\":0.5")
        XCTAssertThrowsError(try CommitmentRecord.read(line, at: "c.json")) { XCTAssertTrue("\($0)".contains("mode audit means α = 0.01"), "\($0)") }
    }

    func testThePublishedRecordHoldsNoSecretAndRoundTrips() throws {
        let c = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters)
        let line = TranscriptJSON.line(CommitmentRecord(c))
        XCTAssertFalse(line.contains(secret.hex))
        let parsed = try CommitmentRecord.read(line, at: "c.json")
        XCTAssertEqual(parsed, c)
        XCTAssertTrue(parsed.isOpened(by: secret))
    }

    /// Version 1 bound neither the models nor a contribution; its files are refused by name.
    func testAVersionOneCommitmentIsRefused() {
        let v1 = #"{"alpha":0.01,"commitment":"\#(String(repeating: "00", count: 32))","continuation_tokens":32,"delta":0.11,"gamma":0.11,"max_queries":300,"mode":"audit","prompt_bank_sha256":"\#(String(repeating: "ab", count: 32))","run_id":"r","salt":"\#(String(repeating: "5a", count: 32))","truncation":0.95,"type":"commitment"}"#
        XCTAssertThrowsError(try CommitmentRecord.read(v1, at: "old.json")) {
            XCTAssertTrue("\($0)".contains("old.json: a version-1 behaviour file"), "\($0)")
        }
    }

    /// A contribution answers one commitment; one made for another is refused.
    func testAContributionAnswersOneCommitment() throws {
        let c = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters)
        let other = ChallengeCommitment(secret: secret, runID: "run-43", parameters: parameters)
        let nonce = Contribution.nonce()
        let line = TranscriptJSON.line(ContributionRecord(commitment: c, contribution: nonce))
        XCTAssertEqual(try ContributionRecord.read(line, at: "n.json", for: c), nonce)
        XCTAssertThrowsError(try ContributionRecord.read(line, at: "n.json", for: other)) { XCTAssertTrue("\($0)".contains("answers commitment"), "\($0)") }
        XCTAssertThrowsError(try Contribution(bytes: Array(repeating: 1, count: 15)))
        XCTAssertNotEqual(Contribution.nonce(), Contribution.nonce())
    }

    /// The key is a function of the committed secret and of the contribution, which comes after
    /// the commitment: every contribution gives other seeds, and without the contribution the
    /// auditor cannot compute any of them.
    func testTheKeyDependsOnTheContribution() throws {
        let c = ChallengeCommitment(secret: secret, runID: "run-42", parameters: parameters)
        let keys = try (0..<32).map { i in
            ChallengeKey(secret: secret, commitment: c, contribution: try Contribution(bytes: [UInt8](repeating: UInt8(i), count: 32))).bytes
        }
        XCTAssertEqual(Set(keys).count, keys.count)
        let one = try Contribution(bytes: [UInt8](repeating: 9, count: 32))
        let other = ChallengeCommitment(secret: secret, runID: "run-43", parameters: parameters)
        XCTAssertNotEqual(ChallengeKey(secret: secret, commitment: c, contribution: one),
                          ChallengeKey(secret: secret, commitment: other, contribution: one),
                          "one contribution gives different keys under different commitments")
    }
}
