import Foundation
import PoTBehaviour
import PoTModels
import XCTest

/// SmolLM2 against a model with another vocabulary (the tiny byte model of the fixtures): the
/// text-level score, bound in the commitment, and a transcript that verifies with re-scoring.
final class TextScoreTests: XCTestCase {
    private func scorer() throws -> ChallengeScorer {
        try ChallengeScorer(reference: RealModel.load(), candidate: Fixture.load(Fixture.tinyBytes, products: MatrixProducts.automatic),
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

    func testTheCommitmentSaysSoAndTheTranscriptVerifies() throws {
        let bank = try PromptBank.load(path: PromptBankTests.bankPath)
        let run = try RecordedRun.make(reference: RealModel.path, candidate: Fixture.tinyBytes, scorer: scorer(), bank: bank,
                                       sequential: SequentialParameters(alpha: 0.2, gamma: 0.3, delta: 0.4, maxQueries: 6))
        let header = try TranscriptVerifier.header(of: run.lines[0])
        XCTAssertEqual(header.commitment.scoreMethod, ScoringMethod.textEditDistance.rawValue)
        XCTAssertTrue(header.scoreDefinition.contains("vocabularies differ"))
        let result = try TranscriptVerifier.verify(lines: run.lines, bank: bank, inputs: run.everything)
        XCTAssertEqual(result.decision.decision, "DIFFERENT")
        XCTAssertEqual(result.rescored.count, result.decision.n)
        // A transcript whose candidate text was edited fails re-scoring.
        var lines = run.lines
        var record = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
        record["candidate_text"] = "edited"
        lines[1] = String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self)
        XCTAssertThrowsError(try TranscriptVerifier.verify(lines: lines, bank: bank, inputs: run.everything)) {
            XCTAssertTrue("\($0)".contains("candidate_text"), "\($0)")
        }
    }
}
