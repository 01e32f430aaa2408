import PoTAlgebra
import XCTest

@testable import PoTCommitments

final class TranscriptTests: XCTestCase {
    /// The messages of scripts/vectors/transcript_vector.py, in its order.
    private func scripted() -> Transcript {
        var t = Transcript(protocolLabel: "pot-test-protocol")
        t.absorb("message", bytes: Array("hello".utf8))
        t.absorb("scalar", scalar: Fr(5))
        t.absorb("g1", point: G1.generator)
        t.absorb("g2", point: G2.generator)
        return t
    }

    /// Values printed by scripts/vectors/transcript_vector.py (Python hashlib only).
    func testKnownAnswer() {
        var t = scripted()
        XCTAssertEqual(t.challenge("alpha"), Fr("18011940471702342167844978742824659081423014125536208858308825521985317782673"))
        XCTAssertEqual(t.challenge("beta"), Fr("3460943283711838869719992208725363642477188660424313992593323285734585752796"))
        var empty = Transcript(protocolLabel: "")
        XCTAssertEqual(empty.challenge(""), Fr("13774368711502309116547161209146339168002609276970655414905671409866397362898"))
    }

    func testDeterministic() {
        var a = scripted(), b = scripted()
        XCTAssertEqual(a.challenge("c"), b.challenge("c"))
        XCTAssertEqual(a.challenge("c"), b.challenge("c"))
    }

    func testSuccessiveChallengesDiffer() {
        var t = scripted()
        XCTAssertNotEqual(t.challenge("c"), t.challenge("c"))
    }

    func testProtocolLabelSeparates() {
        var a = Transcript(protocolLabel: "plonk-v1"), b = Transcript(protocolLabel: "plonk-v2")
        XCTAssertNotEqual(a.challenge("c"), b.challenge("c"))
    }

    func testMessageLabelSeparates() {
        var a = Transcript(protocolLabel: "p"), b = Transcript(protocolLabel: "p")
        a.absorb("left", scalar: Fr(1))
        b.absorb("right", scalar: Fr(1))
        XCTAssertNotEqual(a.challenge("c"), b.challenge("c"))
    }

    func testChallengeLabelSeparates() {
        var a = scripted(), b = scripted()
        XCTAssertNotEqual(a.challenge("alpha"), b.challenge("beta"))
    }

    func testOrderMatters() {
        var a = Transcript(protocolLabel: "p"), b = Transcript(protocolLabel: "p")
        a.absorb("x", scalar: Fr(1))
        a.absorb("x", scalar: Fr(2))
        b.absorb("x", scalar: Fr(2))
        b.absorb("x", scalar: Fr(1))
        XCTAssertNotEqual(a.challenge("c"), b.challenge("c"))
    }

    /// Moving bytes between the label and the data, or between two messages, changes the
    /// framed input: lengths are encoded.
    func testFramingIsUnambiguous() {
        var a = Transcript(protocolLabel: "p"), b = Transcript(protocolLabel: "p")
        a.absorb("ab", bytes: Array("c".utf8))
        b.absorb("a", bytes: Array("bc".utf8))
        XCTAssertNotEqual(a.challenge("c"), b.challenge("c"))

        var c = Transcript(protocolLabel: "p"), d = Transcript(protocolLabel: "p")
        c.absorb("m", bytes: [1, 2])
        c.absorb("m", bytes: [3])
        d.absorb("m", bytes: [1])
        d.absorb("m", bytes: [2, 3])
        XCTAssertNotEqual(c.challenge("c"), d.challenge("c"))
    }

    /// A scalar and the same 32 bytes absorbed as raw bytes are different messages.
    func testKindSeparates() {
        var a = Transcript(protocolLabel: "p"), b = Transcript(protocolLabel: "p")
        a.absorb("m", scalar: Fr(7))
        b.absorb("m", bytes: Fr(7).bytes())
        XCTAssertNotEqual(a.challenge("c"), b.challenge("c"))
    }

    func testFrameLayout() {
        let frame = Transcript.frame(.bytes, label: "ab", data: [9])
        XCTAssertEqual(frame, [0x01, 0, 0, 0, 2, 0x61, 0x62, 0, 0, 0, 0, 0, 0, 0, 1, 9])
    }
}
