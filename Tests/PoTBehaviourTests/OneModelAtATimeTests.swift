import Foundation
import PoTBehaviour
import PoTModels
import XCTest

/// The one-model-at-a-time audit against the run with both models loaded, on the fixture
/// models: the same transcript, line for line, but for the wall time in the decision.
final class OneModelAtATimeTests: XCTestCase {
    static let bank = TranscriptTests.bank
    private var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "pot-one-model-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: scratch) }

    /// A copy of the byte model with the sign of every float in its last 16 KiB flipped (F32
    /// weights, so every value stays finite): a model that answers differently.
    static let negatedBytes: String = {
        var bytes = FileManager.default.contents(atPath: Fixture.tinyBytes)!
        precondition(bytes.count % 4 == 0)
        for i in stride(from: bytes.count - 16384 + 3, to: bytes.count, by: 4) { bytes[i] ^= 0x80 }
        let path = NSTemporaryDirectory() + "pot-negated-\(UUID().uuidString).gguf"
        precondition(FileManager.default.createFile(atPath: path, contents: bytes), "cannot write \(path)")
        return path
    }()

    /// Runs both paths on one commitment and returns their transcripts.
    private func bothPaths(reference: String, candidate: String, load: (String) throws -> LanguageModel = { try Fixture.load($0) },
                           sequential: SequentialParameters = RecordedRun.cheap, k: Int = 4,
                           file: StaticString = #filePath, line: UInt = #line) throws -> (loaded: [String], sequential: [String]) {
        let both = try RecordedRun.make(reference: reference, candidate: candidate,
                                        scorer: ChallengeScorer(reference: load(reference), candidate: load(candidate), continuationTokens: k),
                                        bank: Self.bank, sequential: sequential)
        var lines: [String] = []
        let outcome = try OneModelAtATime(secret: both.secret, commitment: both.commitment, contribution: both.contribution,
                                          bank: Self.bank, modelRoots: both.roots)
            .audit(tool: "test", loadReference: { try load(reference) }, loadCandidate: { try load(candidate) },
                   scratch: scratch, emit: { lines.append($0) }, referenceProgress: { count in
                       // Nameless from the start: an interrupted audit leaves nothing behind.
                       if count == 1 {
                           XCTAssertEqual(try? FileManager.default.contentsOfDirectory(atPath: scratch), [], file: file, line: line)
                       }
                   })
        XCTAssertGreaterThan(outcome.referenceOutputsBytes, 0, file: file, line: line)
        XCTAssertEqual(outcome.decision.n, lines.count - 2, file: file, line: line)
        return (both.lines, lines)
    }

    /// Lines as JSON objects, without the decision's wall time.
    private func comparable(_ lines: [String]) throws -> [NSDictionary] {
        try lines.map { line in
            var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            object["seconds"] = nil
            return NSDictionary(dictionary: object)
        }
    }

    private func assertSameTranscripts(_ paths: (loaded: [String], sequential: [String]), decision: String,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(paths.loaded.count, paths.sequential.count, file: file, line: line)
        XCTAssertEqual(paths.loaded.dropLast(), paths.sequential.dropLast(), "header and challenges byte for byte", file: file, line: line)
        XCTAssertEqual(try comparable(paths.loaded), try comparable(paths.sequential), file: file, line: line)
        let last = try JSONSerialization.jsonObject(with: Data(paths.sequential.last!.utf8)) as! [String: Any]
        XCTAssertEqual(last["decision"] as? String, decision, file: file, line: line)
    }

    func testAModelAgainstItselfGivesTheSameTranscriptBothWays() throws {
        try assertSameTranscripts(bothPaths(reference: Fixture.tinyBytes, candidate: Fixture.tinyBytes), decision: "SAME")
    }

    func testAChangedModelGivesTheSameTranscriptBothWays() throws {
        let paths = try bothPaths(reference: Fixture.tinyBytes, candidate: Self.negatedBytes)
        try assertSameTranscripts(paths, decision: "DIFFERENT")
        let scores = try comparable(paths.sequential).dropFirst().dropLast().map { $0["score"] as! Double }
        XCTAssertTrue(scores.allSatisfy { $0 > 0 }, "\(scores)")
    }

    func testTheTextScoreGivesTheSameTranscriptBothWays() throws {
        // Different vocabularies: SmolLM2's outputs carry text and tokens only, no distributions.
        let load = { (path: String) throws -> LanguageModel in path == RealModel.path ? try RealModel.load() : try Fixture.load(path) }
        let paths = try bothPaths(reference: RealModel.path, candidate: Fixture.tinyBytes, load: load,
                                  sequential: SequentialParameters(alpha: 0.2, gamma: 0.3, delta: 0.4, maxQueries: 6))
        XCTAssertTrue(paths.sequential[0].contains(ScoringMethod.textEditDistance.rawValue))
        try assertSameTranscripts(paths, decision: "DIFFERENT")
    }
}
