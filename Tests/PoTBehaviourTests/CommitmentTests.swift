import PoTBehaviour
import XCTest

/// The commitment's byte layout against Python's hashlib, and that it binds every input.
final class CommitmentTests: XCTestCase {
    let key = try! ChallengeKey(bytes: Array(0..<32))
    let parameters = BehaviourParameters(mode: .audit, promptBankSHA256: String(repeating: "ab", count: 32))
    let salt = [UInt8](repeating: 0x5a, count: 32)

    func testDigestMatchesPythonHashlib() {
        // sha256(b"PoT/behaviour/commitment/v1\0" + lp(salt) + lp(key) + lp(b"run-42") + lp(params)), lp = 8-byte
        // big-endian length then bytes; params = the canonical lines of the audit mode.
        let c = ChallengeCommitment(key: key, runID: "run-42", parameters: parameters, salt: salt)
        XCTAssertEqual(Hex.encode(c.value), "0c44bef9c85ad27831671abec17af2b6f18ef1a6dd8a09bfb8f1feacce4ca01a")
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
        let otherBank = BehaviourParameters(mode: .audit, promptBankSHA256: String(repeating: "cd", count: 32))
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
