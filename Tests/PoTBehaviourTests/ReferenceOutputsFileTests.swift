import Foundation
import PoTBehaviour
import PoTModels
import PoTSystem
import XCTest

/// The file of reference outputs between the two passes of ``OneModelAtATime``: a damaged,
/// cut or foreign file stops the candidate pass before a score is written.
final class ReferenceOutputsFileTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pot-reference-outputs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// A recorded run of the byte model against itself, both models loaded.
    nonisolated(unsafe) static let recorded = try! RecordedRun.make(
        reference: Fixture.tinyBytes, candidate: Fixture.tinyBytes,
        scorer: ChallengeScorer(reference: Fixture.load(Fixture.tinyBytes), candidate: Fixture.load(Fixture.tinyBytes), continuationTokens: 4),
        bank: TranscriptTests.bank)
    private var run: RecordedRun { Self.recorded }

    private func audit(contribution: Contribution? = nil) throws -> OneModelAtATime {
        try OneModelAtATime(secret: run.secret, commitment: run.commitment, contribution: contribution ?? run.contribution,
                            bank: TranscriptTests.bank, modelRoots: run.roots)
    }

    /// The reference pass of the recorded run, written to a file in the folder.
    private func referencePass() throws -> String {
        let path = folder + "/outputs.bin"
        let reference = try ReferenceScorer(model: Fixture.load(Fixture.tinyBytes), continuationTokens: 4)
        var counts: [Int] = []
        try audit().scoreReference(reference, candidateVocabulary: reference.vocabulary, to: path, progress: { counts.append($0) })
        XCTAssertEqual(counts, Array(1...RecordedRun.cheap.maxQueries), "n_max challenges, whatever n the test will need")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "the challenges to come stay private")
        return path
    }

    private func candidatePass(_ path: String, audit: OneModelAtATime? = nil) throws -> (DecisionRecord, [String]) {
        var lines: [String] = []
        let candidate = try CandidateScorer(model: Fixture.load(Fixture.tinyBytes), continuationTokens: 4)
        let decision = try (audit ?? self.audit()).run(tool: "test", candidate: candidate, referenceOutputs: path, emit: { lines.append($0) })
        return (decision, lines)
    }

    private func assertRefused(_ path: String, audit: OneModelAtATime? = nil, _ reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var lines: [String] = []
        let candidate = try CandidateScorer(model: Fixture.load(Fixture.tinyBytes), continuationTokens: 4)
        XCTAssertThrowsError(try (audit ?? self.audit()).run(tool: "test", candidate: candidate, referenceOutputs: path,
                                                              emit: { lines.append($0) }), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(reason), "\(error)", file: file, line: line)
        }
        XCTAssertTrue(lines.allSatisfy { !$0.contains("\"type\":\"decision\"") }, "no decision from a refused file", file: file, line: line)
    }

    private func edit(_ path: String, _ change: (inout Data) -> Void) throws -> String {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        change(&bytes)
        let edited = folder + "/edited-\(UUID().uuidString).bin"
        try bytes.write(to: URL(fileURLWithPath: edited))
        return edited
    }

    func testTheCandidatePassReproducesTheRecordedRun() throws {
        let (decision, lines) = try candidatePass(try referencePass())
        XCTAssertEqual(Array(lines.dropLast()), Array(run.lines.dropLast()))
        XCTAssertEqual(decision.decision, "SAME")
    }

    func testAnAlteredLogProbabilityIsRefused() throws {
        // Records are checked as the run reads them; one past the decision is never read.
        let path = try referencePass()
        let first = try edit(path) {
            let header = $0.firstIndex(of: UInt8(ascii: "\n"))!
            // Past the first record's few hundred bytes of tokens and text, inside its 4 rows of
            // 259 log-probabilities (4,144 bytes).
            $0[header + 2000] ^= 1
        }
        try assertRefused(first, "record 0: digest mismatch")
    }

    func testACutFileIsRefused() throws {
        let path = try referencePass()
        let cut = try edit(path) { bytes in
            let header = bytes.firstIndex(of: UInt8(ascii: "\n"))!
            bytes.removeSubrange((header + 300)...)
        }
        try assertRefused(cut, "cut short")
    }

    func testAnotherRunsFileIsRefused() throws {
        let path = try referencePass()
        try assertRefused(path, audit: audit(contribution: Contribution.nonce()), "written for another run")
        let header = try edit(path) { bytes in
            let end = bytes.firstIndex(of: UInt8(ascii: "\n"))!
            let line = String(decoding: bytes[..<end], as: UTF8.self).replacingOccurrences(of: "\"challenges\":12", with: "\"challenges\":13")
            bytes.replaceSubrange(..<end, with: Data(line.utf8))
        }
        try assertRefused(header, "written for another run")
        try assertRefused(folder + "/missing.bin", "missing.bin")
    }

    func testTheReferencePassRefusesAScoreTheCommitmentDoesNotFix() throws {
        let reference = try ReferenceScorer(model: Fixture.load(Fixture.tinyBytes), continuationTokens: 4)
        let path = folder + "/outputs.bin"
        XCTAssertThrowsError(try audit().scoreReference(reference, candidateVocabulary: VocabularyIdentity(size: 259, sha256: "other"), to: path)) {
            XCTAssertTrue("\($0)".contains("fixes the mean-total-variation score, these models call for text-edit-distance"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing is written before the checks pass")
    }

    /// The point of the two passes: the reference's weights leave memory before the candidate's
    /// arrive. SmolLM2 (about 94 MiB of weights) must give most of them back when dropped.
    func testDroppingAModelGivesItsMemoryBack() throws {
        func loadAndRun() throws -> Int {
            let reference = try ReferenceScorer(model: RealModel.load(), continuationTokens: 4)
            _ = try reference.output(prompt: "The tide comes in twice a day because", method: .meanTotalVariation)
            return ResidentMemory.current
        }
        let before = ResidentMemory.current
        let loaded = try loadAndRun()
        let after = ResidentMemory.current
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: RealModel.path)[.size] as? Int)
        XCTAssertGreaterThan(loaded - before, size / 2, "a forward pass made the weights resident")
        XCTAssertLessThan(after - before, size / 4, "dropped: \(before >> 20) MiB before, \(loaded >> 20) loaded, \(after >> 20) after")
    }
}
