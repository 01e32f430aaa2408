import Foundation
import PoTBehaviour
import PoTModels
import XCTest

/// SmolLM2 against a model with another vocabulary (Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf,
/// byte tokens only, from scripts/reference/tiny_byte_model.py): the text-level score, stated
/// in the transcript, and a transcript that verifies with re-scoring.
final class TextScoreTests: XCTestCase {
    static let tinyPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../PoTModelsTests/Fixtures/tiny-bytes.gguf").standardized.path

    private func scorer() throws -> ChallengeScorer {
        try ChallengeScorer(
            reference: RealModel.load(), candidate: LanguageModel(path: Self.tinyPath, contextLength: 512, threads: 1),
            continuationTokens: 4)
    }

    func testDifferentVocabulariesUseTheTextScore() throws {
        let scorer = try scorer()
        XCTAssertEqual(scorer.method, .textEditDistance)
        let result = try scorer.score(prompt: "Explain tides to a curious eight-year-old in a playful way. Add a short title first.")
        // Exactly K, even where SmolLM2 would end the text at once.
        XCTAssertEqual(result.continuation.count, 4)
        let other = try XCTUnwrap(result.candidateText)
        XCTAssertEqual(result.score, Distances.truncatedEditDistance(result.continuationText, other))
        XCTAssertGreaterThan(result.score, 0.5, "random byte noise shares little with SmolLM2's text")
        XCTAssertLessThanOrEqual(result.score, 1)
    }

    func testTheTranscriptSaysSoAndVerifies() throws {
        let scorer = try scorer()
        let bank = try PromptBank.load(path: PromptBankTests.bankPath)
        let parameters = BehaviourParameters(
            mode: "custom", sequential: SequentialParameters(alpha: 0.2, gamma: 0.3, delta: 0.4, maxQueries: 6),
            continuationTokens: 4, promptBankSHA256: bank.sha256)
        let key = ChallengeKey.random()
        let commitment = ChallengeCommitment(key: key, runID: "text-score", parameters: parameters)
        var lines: [String] = []
        let identity = ModelIdentity(path: "-", sha256: "-")
        let decision = try BehaviourRun(key: key, commitment: commitment, bank: bank, scorer: scorer)
            .run(tool: "test", reference: identity, candidate: identity, emit: { lines.append($0) })
        XCTAssertEqual(decision.decision, "DIFFERENT")
        let header = try XCTUnwrap(TranscriptJSON.decode(TranscriptHeader.self, from: lines[0]))
        XCTAssertEqual(header.scoreMethod, .textEditDistance)
        XCTAssertTrue(header.scoreDefinition.contains("vocabularies differ"))
        let result = try TranscriptVerifier.verify(lines: lines, bank: bank, key: key, scorer: scorer)
        XCTAssertEqual(result.rescored.count, decision.n)
    }
}
