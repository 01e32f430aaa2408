import Foundation
import PoTBehaviour
import PoTModels
import XCTest

/// A short real run (the test model against itself, K = 4, thresholds that let SAME fire
/// after about five challenges) and what the verifier makes of it and of tampered copies.
final class TranscriptTests: XCTestCase {
    nonisolated(unsafe) static var cached: (lines: [String], key: ChallengeKey, scorer: ChallengeScorer)?
    static let bank = try! PromptBank.load(path: PromptBankTests.bankPath)

    /// α = 0.2 and γ = 0.5 are far from any real setting; they only make a decision cheap.
    static func parameters() -> BehaviourParameters {
        BehaviourParameters(
            mode: "custom", sequential: SequentialParameters(alpha: 0.2, gamma: 0.5, delta: 0.6, maxQueries: 12),
            continuationTokens: 4, promptBankSHA256: bank.sha256)
    }

    func run() throws -> (lines: [String], key: ChallengeKey, scorer: ChallengeScorer) {
        if let cached = Self.cached { return cached }
        let scorer = try ChallengeScorer(reference: RealModel.load(), candidate: RealModel.load(), continuationTokens: 4)
        let key = ChallengeKey.random()
        let commitment = ChallengeCommitment(key: key, runID: "transcript-test", parameters: Self.parameters())
        let run = try BehaviourRun(key: key, commitment: commitment, bank: Self.bank, scorer: scorer)
        var lines: [String] = []
        let identity = ModelIdentity(path: RealModel.path, sha256: "not hashed in this test")
        _ = try run.run(tool: "test", reference: identity, candidate: identity, emit: { lines.append($0) })
        Self.cached = (lines, key, scorer)
        return (lines, key, scorer)
    }

    private func verify(_ lines: [String], key: ChallengeKey? = nil, scorer: ChallengeScorer? = nil) throws -> TranscriptVerification {
        try TranscriptVerifier.verify(lines: lines, bank: Self.bank, key: key, scorer: scorer)
    }

    private func assertRejected(_ lines: [String], key: ChallengeKey? = nil, scorer: ChallengeScorer? = nil,
                                _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try verify(lines, key: key, scorer: scorer), file: file, line: line) { error in
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

    func testAnIdenticalModelIsSameAndTheTranscriptVerifies() throws {
        let (lines, key, scorer) = try run()
        let result = try verify(lines, key: key, scorer: scorer)
        XCTAssertEqual(result.decision.decision, "SAME")
        XCTAssertEqual(result.decision.n, lines.count - 2)
        XCTAssertGreaterThanOrEqual(result.decision.n, 3, "enough challenges to drop and reorder")
        XCTAssertEqual(result.decision.mean, 0, "one file against itself gives identical distributions")
        XCTAssertTrue(result.keyChecked)
        XCTAssertEqual(result.rescored, Array(0..<result.decision.n))
    }

    /// The header names the products the scores came from; re-scoring with the other products,
    /// or a header that names them, is refused before any score is compared.
    func testReScoringNeedsTheRecordedProducts() throws {
        let (lines, key, scorer) = try run()
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        XCTAssertEqual(header["products"] as? String, scorer.products.rawValue)
        let other: MatrixProducts = scorer.products == .vnni ? .ggml : .vnni
        try XCTSkipUnless(MatrixProducts.vnniAvailable, "only one kind of products runs on this CPU")
        let otherScorer = try ChallengeScorer(
            reference: LanguageModel(path: RealModel.path, contextLength: 256, threads: 1, products: other),
            candidate: LanguageModel(path: RealModel.path, contextLength: 256, threads: 1, products: other),
            continuationTokens: 4)
        assertRejected(lines, key: key, scorer: otherScorer, "scored with \(scorer.products.rawValue) products")
        assertRejected(edit(lines, 0) { $0["products"] = other.rawValue }, key: key, scorer: scorer, "scored with \(other.rawValue) products")
        // A transcript from before the field existed was scored with ggml's products.
        let legacy = edit(lines, 0) { $0.removeValue(forKey: "products") }
        let ggmlScorer = scorer.products == .ggml ? scorer : otherScorer
        let vnniScorer = scorer.products == .vnni ? scorer : otherScorer
        assertRejected(legacy, key: key, scorer: vnniScorer, "scored with ggml products")
        // With ggml's products the check gets past the products; the continuations or scores,
        // computed with the other products, may then differ or not.
        do { _ = try TranscriptVerifier.verify(lines: legacy, bank: Self.bank, key: key, scorer: ggmlScorer, rescore: { _ in [0] }) } catch {
            XCTAssertFalse("\(error)".contains("products"), "the products match: \(error)")
        }
        XCTAssertThrowsError(try ChallengeScorer(
            reference: RealModel.load(), candidate: LanguageModel(path: RealModel.path, contextLength: 256, threads: 1, products: other),
            continuationTokens: 4))
    }

    func testTheKeyAppearsNowhereInTheTranscript() throws {
        let (lines, key, _) = try run()
        for line in lines { XCTAssertFalse(line.contains(key.hex)) }
    }

    func testAChangedScoreIsRejected() throws {
        let (lines, _, _) = try run()
        assertRejected(edit(lines, 1) { $0["score"] = 0.5 }, "do not follow from the scores")
    }

    func testADroppedChallengeIsRejected() throws {
        var lines = try run().lines
        lines.remove(at: 2)
        assertRejected(lines, "dropped or reordered")
        // Dropping the last challenge leaves a decision the remaining scores do not reach.
        var tail = try run().lines
        tail.remove(at: tail.count - 2)
        assertRejected(tail, "reach no decision yet")
    }

    func testReorderedChallengesAreRejected() throws {
        var lines = try run().lines
        lines.swapAt(1, 2)
        assertRejected(lines, "dropped or reordered")
        // Renumbering to hide the swap breaks the seeds once the key is known.
        let renumbered = edit(edit(lines, 1) { $0["index"] = 0 }, 2) { $0["index"] = 1 }
        assertRejected(renumbered, key: try run().key, "is not HMAC")
    }

    func testAWrongKeyIsRejected() throws {
        let lines = try run().lines
        assertRejected(lines, key: ChallengeKey.random(), "does not open the commitment")
    }

    func testChangedParametersOrPromptsAreRejected() throws {
        let (lines, key, _) = try run()
        let looser = edit(lines, 0) { header in
            var c = header["commitment"] as! [String: Any]
            c["gamma"] = 0.55
            header["commitment"] = c
        }
        assertRejected(looser, key: key, "does not open the commitment")
        assertRejected(edit(lines, 1) { $0["prompt_sha256"] = String(repeating: "0", count: 64) }, "prompt hash")
        assertRejected(edit(lines, lines.count - 1) { $0["decision"] = "DIFFERENT" }, "the scores give SAME")
    }

    func testIncompleteOrExtendedTranscriptsAreRejected() throws {
        let lines = try run().lines
        assertRejected(Array(lines.dropLast()), "no decision line")
        assertRejected(lines + [lines[1]], "after the decision")
        assertRejected(Array(lines.dropFirst()), "not a transcript header")
    }

    /// A forger who rewrites one score and every running figure after it passes the
    /// arithmetic checks; re-running the models catches it.
    func testAConsistentlyRewrittenScoreIsCaughtByTheModels() throws {
        let (lines, key, scorer) = try run()
        let parameters = Self.parameters().sequential
        var ledger = ScoreLedger(parameters: parameters)
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
        XCTAssertNoThrow(try verify(forged, key: key), "the arithmetic alone cannot tell")
        assertRejected(forged, key: key, scorer: scorer, "challenge 0: recorded score 0.01")
    }

    func testAScoringFailureStopsTheRunWithoutADecision() throws {
        // A context of 8 tokens cannot hold any prompt of the bank plus its continuation.
        let small = try RealModel.load(contextLength: 8)
        let scorer = try ChallengeScorer(reference: small, candidate: small, continuationTokens: 4)
        let key = ChallengeKey.random()
        let commitment = ChallengeCommitment(key: key, runID: "failure", parameters: Self.parameters())
        var lines: [String] = []
        let identity = ModelIdentity(path: RealModel.path, sha256: "-")
        XCTAssertThrowsError(
            try BehaviourRun(key: key, commitment: commitment, bank: Self.bank, scorer: scorer)
                .run(tool: "test", reference: identity, candidate: identity, emit: { lines.append($0) })
        ) { error in
            guard case BehaviourError.scoring(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("context"), message)
        }
        XCTAssertEqual(lines.count, 1, "only the header was written; no score, no decision")
    }

    func testARunRefusesAKeyThatDoesNotOpenItsCommitment() throws {
        let scorer = try run().scorer
        let commitment = ChallengeCommitment(key: ChallengeKey.random(), runID: "x", parameters: Self.parameters())
        XCTAssertThrowsError(try BehaviourRun(key: ChallengeKey.random(), commitment: commitment, bank: Self.bank, scorer: scorer))
    }
}
