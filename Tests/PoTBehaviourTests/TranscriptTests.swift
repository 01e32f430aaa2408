import Foundation
import PoTBehaviour
import PoTModels
import PoTSystem
import XCTest

/// A short run of the tiny byte model against itself (K = 4, thresholds that let SAME fire
/// after a few challenges) and what the verifier makes of it and of tampered copies.
final class TranscriptTests: XCTestCase {
    nonisolated(unsafe) static var cached: RecordedRun?
    static let bank = try! PromptBank.load(path: PromptBankTests.bankPath)

    func recorded() throws -> RecordedRun {
        if let cached = Self.cached { return cached }
        let scorer = try ChallengeScorer(reference: Fixture.load(Fixture.tinyBytes), candidate: Fixture.load(Fixture.tinyBytes),
                                         continuationTokens: 4)
        let run = try RecordedRun.make(reference: Fixture.tinyBytes, candidate: Fixture.tinyBytes, scorer: scorer, bank: Self.bank)
        Self.cached = run
        return run
    }

    private func verify(_ lines: [String], _ inputs: VerificationInputs = VerificationInputs()) throws -> TranscriptVerification {
        try TranscriptVerifier.verify(lines: lines, bank: Self.bank, inputs: inputs)
    }

    private func assertRejected(_ lines: [String], _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        assertRejected(lines, VerificationInputs(), reason, file: file, line: line)
    }

    private func assertRejected(_ lines: [String], _ inputs: VerificationInputs, _ reason: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try verify(lines, inputs), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(reason), "\(error)", file: file, line: line)
        }
    }

    /// Edits one member of the JSON object on line `index`.
    private func edit(_ lines: [String], _ index: Int, _ change: (inout [String: Any]) -> Void) -> [String] {
        var object = try! JSONSerialization.jsonObject(with: Data(lines[index].utf8)) as! [String: Any]
        change(&object)
        var out = lines
        out[index] = String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        return out
    }

    /// Edits one member of the header's commitment.
    private func editCommitment(_ lines: [String], _ change: @escaping (inout [String: Any]) -> Void) -> [String] {
        edit(lines, 0) { header in
            var c = header["commitment"] as! [String: Any]
            change(&c)
            header["commitment"] = c
        }
    }

    func testAnIdenticalModelIsSameAndTheTranscriptVerifies() throws {
        let run = try recorded()
        let result = try verify(run.lines, run.everything)
        XCTAssertEqual(result.decision.decision, "SAME")
        XCTAssertEqual(result.decision.n, run.lines.count - 2)
        XCTAssertGreaterThanOrEqual(result.decision.n, 3, "enough challenges to drop and reorder")
        XCTAssertEqual(result.decision.mean, 0, "one file against itself gives identical distributions")
        XCTAssertTrue(result.publishedChecked && result.contributionChecked && result.keyChecked && result.modelsChecked)
        XCTAssertEqual(result.described, result.decision.n)
        XCTAssertEqual(result.rescored, Array(0..<result.decision.n))
        XCTAssertEqual(result.largestScoreDifference, 0, "the same products reproduce every score")
        XCTAssertEqual(result.recomputedDecision?.decision, "SAME")
        XCTAssertEqual(result.recomputedDecision?.n, result.decision.n)
        XCTAssertEqual(result.commitment, run.commitment)
        // The transcript alone verifies too, with nothing but the arithmetic checked.
        let alone = try verify(run.lines)
        XCTAssertFalse(alone.publishedChecked || alone.keyChecked || alone.modelsChecked)
    }

    func testTheSecretAndKeyAppearNowhereInTheTranscript() throws {
        let run = try recorded()
        let key = ChallengeKey(secret: run.secret, commitment: run.commitment, contribution: run.contribution)
        for line in run.lines {
            XCTAssertFalse(line.contains(run.secret.hex))
            XCTAssertFalse(line.contains(Hex.encode(key.bytes)))
        }
    }

    // MARK: the attacks of issue 14

    /// Re-committing after the fact: the α = 0.5, γ = δ = 0.5 under "audit" is refused
    /// from the transcript alone; under "custom" it is not the published commitment, and the
    /// secret does not open it.
    func testReCommittedParametersAreRejected() throws {
        let run = try recorded()
        let audit = editCommitment(run.lines) { $0["mode"] = "audit"; $0["alpha"] = 0.5; $0["gamma"] = 0.5; $0["delta"] = 0.5 }
        assertRejected(audit, "mode audit means α = 0.01")
        let custom = editCommitment(run.lines) { $0["gamma"] = 0.55 }
        assertRejected(custom, VerificationInputs(published: run.commitment), "differ in gamma")
        assertRejected(custom, VerificationInputs(secret: run.secret), "does not open the commitment")
        // A commitment made afresh around the loosened values, with the auditor's own secret:
        // it opens, but it is not the one published before the run.
        let p = run.commitment.parameters
        let loose = try BehaviourParameters(
            mode: "custom", sequential: SequentialParameters(alpha: 0.2, gamma: 0.55, delta: 0.6, maxQueries: 12),
            continuationTokens: p.continuationTokens, promptBankSHA256: p.promptBankSHA256, scoringMethod: p.scoringMethod,
            products: p.products, referenceRoot: p.referenceRoot, candidateRoot: p.candidateRoot, contributionSource: p.contributionSource)
        let recommitted = ChallengeCommitment(secret: run.secret, runID: run.commitment.runID, parameters: loose, salt: run.commitment.salt)
        let forged = edit(run.lines, 0) { $0["commitment"] = try! JSONSerialization.jsonObject(with: Data(TranscriptJSON.line(CommitmentRecord(recommitted)).utf8)) }
        assertRejected(forged, VerificationInputs(published: run.commitment), "differ in gamma, commitment")
    }

    /// Relabelling a model: a file that is not the committed one is refused, and so is a
    /// header whose committed root was edited to name another file.
    func testRelabelledModelsAreRejected() throws {
        let run = try recorded()
        let other = try ModelRoot.of(path: Fixture.perturbedBytes, threads: 1)
        XCTAssertNotEqual(other, run.roots.candidate)
        assertRejected(run.lines, VerificationInputs(modelRoots: (run.roots.reference, other)), "the candidate given has model root \(other)")
        assertRejected(run.lines, VerificationInputs(modelRoots: (other, run.roots.candidate)), "the reference given has model root")
        let relabelled = editCommitment(run.lines) { $0["candidate_root"] = other }
        assertRejected(relabelled, VerificationInputs(published: run.commitment), "differ in candidate_root")
        assertRejected(relabelled, VerificationInputs(secret: run.secret), "does not open the commitment")
        assertRejected(relabelled, VerificationInputs(modelRoots: run.roots), "the candidate given has model root")
        // And a run refuses to start on a file the commitment does not name.
        XCTAssertThrowsError(try BehaviourRun(secret: run.secret, commitment: run.commitment, contribution: run.contribution,
                                              bank: Self.bank, scorer: run.scorer, modelRoots: (run.roots.reference, other))) {
            XCTAssertTrue("\($0)".contains("the commitment names"), "\($0)")
        }
    }

    /// Grinding: the seeds follow from the secret and the contribution, so a transcript whose
    /// contribution was swapped (to one giving prompts the auditor likes) fails the seeds, and
    /// fails outright against the contribution its contributor gave.
    func testAGroundKeyIsRejected() throws {
        let run = try recorded()
        let swapped = edit(run.lines, 0) { $0["contribution"] = Contribution.nonce().hex }
        assertRejected(swapped, VerificationInputs(secret: run.secret), "is not HMAC(K, run id, 0)")
        assertRejected(swapped, VerificationInputs(contribution: run.contribution), "is not the one given")
        // A secret that is not the committed one opens nothing.
        assertRejected(run.lines, VerificationInputs(secret: AuditorSecret.random()), "does not open the commitment")
    }

    /// Reveal verifies before it reveals: a header and a decision line alone do not verify.
    func testAHeaderAndDecisionAloneDoNotVerify() throws {
        let run = try recorded()
        let bare = [run.lines[0], run.lines[run.lines.count - 1]]
        assertRejected(bare, VerificationInputs(published: run.commitment, secret: run.secret), "reach no decision yet")
    }

    func testDuplicatedKeysAreRejected() throws {
        let run = try recorded()
        var lines = run.lines
        lines[1] = lines[1].replacingOccurrences(of: "\"score\":0,", with: "\"score\":0,\"score\":0.5,")
        XCTAssertNotEqual(lines, run.lines)
        assertRejected(lines, "duplicate key 'score'")
        var header = run.lines
        header[0] = header[0].replacingOccurrences(of: "\"gamma\":0.5,", with: "\"gamma\":0.5,\"gamma\":0.9,")
        XCTAssertNotEqual(header, run.lines)
        assertRejected(header, "duplicate key 'gamma'")
    }

    func testUnknownFieldsAreRejected() throws {
        let run = try recorded()
        assertRejected(edit(run.lines, 1) { $0["note"] = "ignored?" }, "line 2: unknown field \"note\"")
        assertRejected(edit(run.lines, 0) { $0["reference"] = ["path": "a.gguf"] }, "line 1: unknown field \"reference\"")
        assertRejected(editCommitment(run.lines) { $0["extra"] = 1 }, "line 1, commitment: unknown field \"extra\"")
        assertRejected(edit(run.lines, run.lines.count - 1) { $0["verified"] = true }, "unknown field \"verified\"")
        assertRejected(edit(run.lines, 1) { $0.removeValue(forKey: "prompt_tokens") }, "missing field \"prompt_tokens\"")
    }

    /// `prompt_tokens` and `continuation_text` are not scores, but they are re-derived with the
    /// models and must match.
    func testPromptTokensAndContinuationTextAreChecked() throws {
        let run = try recorded()
        let tokens = edit(run.lines, 2) { $0["prompt_tokens"] = ($0["prompt_tokens"] as! Int) + 1 }
        XCTAssertNoThrow(try verify(tokens), "nothing but the models can tell")
        assertRejected(tokens, run.everything, "challenge 1: prompt_tokens is")
        let text = edit(run.lines, 2) { $0["continuation_text"] = "a continuation nobody generated" }
        assertRejected(text, run.everything, "challenge 1: continuation_text is not the reference's decoding")
    }

    /// A continuation token the reference would not choose is refused when re-scored: with the
    /// run's products the continuation is generated again and must be the same; with the other
    /// products the recorded tokens are teacher-forced and each must be within the tie
    /// tolerance of the reference's own choice.
    func testANonGreedyContinuationIsRejected() throws {
        let run = try recorded()
        let first = try TranscriptJSON.decode(ChallengeRecord.self, from: run.lines[1], at: "line 2")
        let prompt = Self.bank.prompt(seed: Hex.decode(first.seed)!)
        let model = try Fixture.load(Fixture.tinyBytes)
        let promptTokens = try model.tokenizer().encode(prompt)
        let row = try model.nextTokenLogProbs(promptTokens, from: promptTokens.count - 1)[0]
        let unlikely = Int32(row.indices.min { row[$0] < row[$1] }!)
        XCTAssertGreaterThan(Double(row.max()!) - Double(row[Int(unlikely)]), 2 * TranscriptVerifier.tieTolerance)
        var continuation = first.continuation
        continuation[0] = unlikely
        let text = try model.tokenizer().decode(continuation)
        let forged = edit(run.lines, 1) { $0["continuation"] = continuation.map(Int.init); $0["continuation_text"] = text }
        assertRejected(forged, run.everything, "challenge 0: the reference's continuation differs from the transcript's")
        try XCTSkipUnless(MatrixProducts.vnniAvailable, "only one kind of products runs on this CPU")
        let other: MatrixProducts = run.scorer.products == .vnni ? .ggml : .vnni
        var inputs = run.everything
        inputs.scorer = try ChallengeScorer(reference: Fixture.load(Fixture.tinyBytes, products: other),
                                            candidate: Fixture.load(Fixture.tinyBytes, products: other), continuationTokens: 4)
        assertRejected(forged, inputs, "challenge 0, continuation position 0: the recorded token \(unlikely) is not the reference's greedy choice")
        // The honest transcript verifies with the other products, the recorded tokens teacher-forced.
        let result = try verify(run.lines, inputs)
        XCTAssertEqual(result.rescoredWith, other)
        XCTAssertTrue(result.ties.allSatisfy { $0.tie.gap <= TranscriptVerifier.tieTolerance })
        XCTAssertEqual(result.recomputedDecision?.decision, "SAME")
    }

    func testAVersionOneTranscriptIsRefusedByName() throws {
        let run = try recorded()
        assertRejected(edit(run.lines, 0) { $0["format"] = "pot-behaviour-transcript/v1" }, "a version-1 behaviour file")
    }

    func testAChangedScoreIsRejected() throws {
        let run = try recorded()
        assertRejected(edit(run.lines, 1) { $0["score"] = 0.5 }, "do not follow from the scores")
    }

    func testADroppedChallengeIsRejected() throws {
        var lines = try recorded().lines
        lines.remove(at: 2)
        assertRejected(lines, "dropped or reordered")
        // Dropping the last challenge leaves a decision the remaining scores do not reach.
        var tail = try recorded().lines
        tail.remove(at: tail.count - 2)
        assertRejected(tail, "reach no decision yet")
    }

    func testReorderedChallengesAreRejected() throws {
        let run = try recorded()
        var lines = run.lines
        lines.swapAt(1, 2)
        assertRejected(lines, "dropped or reordered")
        // Renumbering to hide the swap breaks the seeds once the secret is known.
        let renumbered = edit(edit(lines, 1) { $0["index"] = 0 }, 2) { $0["index"] = 1 }
        assertRejected(renumbered, VerificationInputs(secret: run.secret), "is not HMAC")
    }

    func testChangedPromptsOrDecisionsAreRejected() throws {
        let lines = try recorded().lines
        assertRejected(edit(lines, 1) { $0["prompt_sha256"] = String(repeating: "0", count: 64) }, "prompt hash")
        assertRejected(edit(lines, lines.count - 1) { $0["decision"] = "DIFFERENT" }, "the scores give SAME")
        assertRejected(edit(lines, 1) { $0["continuation"] = [1, 2, 3] }, "3 continuation tokens, the commitment fixes K = 4")
        assertRejected(edit(lines, 1) { $0["candidate_text"] = "x" }, "candidate_text belongs to the text-edit-distance score")
    }

    func testIncompleteOrExtendedTranscriptsAreRejected() throws {
        let lines = try recorded().lines
        assertRejected(Array(lines.dropLast()), "no decision line")
        assertRejected(lines + [lines[1]], "after the decision")
        assertRejected(Array(lines.dropFirst()), "not a transcript header")
    }

    /// A forger who rewrites one score and every running figure after it passes the
    /// arithmetic checks; re-running the models catches it.
    func testAConsistentlyRewrittenScoreIsCaughtByTheModels() throws {
        let run = try recorded()
        let lines = run.lines
        var ledger = ScoreLedger(parameters: run.commitment.parameters.sequential)
        var forged = lines
        for i in 1..<(lines.count - 1) {
            let score = i == 1 ? 0.01 : 0.0
            try ledger.observe(score)
            forged = edit(forged, i) {
                $0["score"] = score
                $0["mean"] = ledger.mean
                $0["n"] = ledger.count
                $0["lower"] = ledger.lower
                $0["upper"] = ledger.upper
            }
        }
        forged = edit(forged, lines.count - 1) {
            $0["mean"] = ledger.mean
            $0["decision"] = ledger.decision!.rawValue
            $0["lower"] = ledger.lower
            $0["upper"] = ledger.upper
        }
        XCTAssertNoThrow(try verify(forged, VerificationInputs(published: run.commitment, secret: run.secret)), "the arithmetic alone cannot tell")
        assertRejected(forged, run.everything, "challenge 0: recorded score 0.01")
    }

    func testAScoringFailureStopsTheRunWithoutADecision() throws {
        // A context of 8 tokens cannot hold any prompt of the bank plus its continuation.
        let small = try LanguageModel(path: Fixture.tinyBytes, contextLength: 8, threads: 1)
        let run = try recorded()
        let scorer = try ChallengeScorer(reference: small, candidate: small, continuationTokens: 4)
        var lines: [String] = []
        XCTAssertThrowsError(
            try BehaviourRun(secret: run.secret, commitment: run.commitment, contribution: run.contribution, bank: Self.bank,
                             scorer: scorer, modelRoots: run.roots)
                .run(tool: "test", emit: { lines.append($0) })
        ) { error in
            guard case BehaviourError.scoring(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("context"), message)
        }
        // The header, then the error: where and why the run stopped; no score, no decision.
        XCTAssertEqual(lines.count, 2)
        let last = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
        XCTAssertEqual(last["type"] as? String, "error")
        XCTAssertEqual(last["index"] as? Int, 0)
        XCTAssertNil(last["score"])
        XCTAssertTrue((last["error"] as? String)?.hasPrefix("challenge 0: ") == true, "\(last)")
        assertRejected(lines, VerificationInputs(), "the run stopped without a decision after 0 scored challenges: challenge 0:")
    }

    func testARunRefusesWhatTheCommitmentDoesNotName() throws {
        let run = try recorded()
        let another = AuditorSecret.random()
        XCTAssertThrowsError(try BehaviourRun(secret: another, commitment: run.commitment, contribution: run.contribution,
                                              bank: Self.bank, scorer: run.scorer, modelRoots: run.roots))
        let k8 = try ChallengeScorer(reference: Fixture.load(Fixture.tinyBytes), candidate: Fixture.load(Fixture.tinyBytes), continuationTokens: 8)
        XCTAssertThrowsError(try BehaviourRun(secret: run.secret, commitment: run.commitment, contribution: run.contribution,
                                              bank: Self.bank, scorer: k8, modelRoots: run.roots)) {
            XCTAssertTrue("\($0)".contains("K = 4"), "\($0)")
        }
    }
}
