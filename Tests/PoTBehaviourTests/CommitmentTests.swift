import PoTBehaviour
import PoTSystem
import XCTest

/// The commitment's byte layout against Python's hashlib, and that it binds every input.
final class CommitmentTests: XCTestCase {
    let key = try! ChallengeKey(bytes: Array(0..<32))
    /// Spelled out rather than `.audit`, so that the expected digest does not move with the defaults.
    let parameters = BehaviourParameters(
        mode: "audit", sequential: SequentialParameters(alpha: 0.01, gamma: 0.13, delta: 0.13, maxQueries: 300),
        continuationTokens: 32, promptBankSHA256: String(repeating: "ab", count: 32))
    let salt = [UInt8](repeating: 0x5a, count: 32)

    func testDigestMatchesPythonHashlib() {
        // sha256(b"PoT/behaviour/commitment/v1\0" + lp(salt) + lp(key) + lp(b"run-42") + lp(params)), lp = 8-byte
        // big-endian length then bytes; params = the canonical lines of these parameters
        // ("mode=audit\nalpha=0.01\ngamma=0.13\ndelta=0.13\nmax_queries=300\ntruncation=0.95\ncontinuation_tokens=32\nprompt_bank_sha256=abab…").
        let c = ChallengeCommitment(key: key, runID: "run-42", parameters: parameters, salt: salt)
        XCTAssertEqual(Hex.encode(c.value), "f8fc76478eaa74b4a3ec34feb7fcdfa3a49dffe1b9f1b35ea80482da8161ed90")
    }

    func testOnlyTheRightKeyOpensIt() throws {
        let c = ChallengeCommitment(key: key, runID: "run-42", parameters: parameters)
        XCTAssertTrue(c.isOpened(by: key))
        XCTAssertFalse(c.isOpened(by: ChallengeKey.random()))
        var flipped = key.bytes
        flipped[31] ^= 1
        XCTAssertFalse(c.isOpened(by: try ChallengeKey(bytes: flipped)))
    }

    func testEveryInputChangesTheDigest() {
        let base = ChallengeCommitment(key: key, runID: "run-42", parameters: parameters, salt: salt).value
        let quick = BehaviourParameters(mode: .quick, promptBankSHA256: parameters.promptBankSHA256)
        let otherBank = BehaviourParameters(
            mode: "audit", sequential: parameters.sequential, continuationTokens: 32, promptBankSHA256: String(repeating: "cd", count: 32))
        XCTAssertNotEqual(ChallengeCommitment(key: key, runID: "run-43", parameters: parameters, salt: salt).value, base)
        XCTAssertNotEqual(ChallengeCommitment(key: key, runID: "run-42", parameters: quick, salt: salt).value, base)
        XCTAssertNotEqual(ChallengeCommitment(key: key, runID: "run-42", parameters: otherBank, salt: salt).value, base)
        XCTAssertNotEqual(ChallengeCommitment(key: key, runID: "run-42", parameters: parameters, salt: [UInt8](repeating: 0x5b, count: 32)).value, base)
        // Fresh salts make two commitments to the same inputs unlinkable.
        XCTAssertNotEqual(ChallengeCommitment(key: key, runID: "run-42", parameters: parameters).value,
                          ChallengeCommitment(key: key, runID: "run-42", parameters: parameters).value)
    }

    func testThePublishedRecordHoldsNoKeyAndRoundTrips() throws {
        let c = ChallengeCommitment(key: key, runID: "run-42", parameters: parameters)
        let line = TranscriptJSON.line(CommitmentRecord(c))
        XCTAssertFalse(line.contains(key.hex))
        let parsed = try XCTUnwrap(TranscriptJSON.decode(CommitmentRecord.self, from: line)).parsed()
        XCTAssertEqual(parsed, c)
        XCTAssertTrue(parsed.isOpened(by: key))
    }
}
