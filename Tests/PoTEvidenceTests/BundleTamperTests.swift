import PoTEvidence
import XCTest

/// Every byte of a bundle is bound: changing any one of them makes the reader refuse the file
/// or a check fail. There is no whole-file checksum, so this holds only because each field is
/// checked for what it says.
final class BundleTamperTests: XCTestCase {
    func testStopAtFirstFailureGivesTheSameVerdict() {
        var tampered = SmallBundle.bundle.encoded
        tampered[tampered.count - 40] ^= 1
        let bundle = try! EvidenceBundle(bytes: tampered, path: "b")
        var inputs = SmallBundle.trusting
        XCTAssertFalse(BundleVerifier.verify(bundle, inputs: inputs).isValid)
        inputs.stopAtFirstFailure = true
        let quick = BundleVerifier.verify(bundle, inputs: inputs)
        XCTAssertFalse(quick.isValid)
        XCTAssertEqual(quick.checks.map(\.id), ["parts"])
    }

    func testHonestBundleVerifies() {
        let result = BundleVerifier.verify(SmallBundle.bundle, inputs: SmallBundle.trusting)
        XCTAssertTrue(result.isValid, "\(result.failures)")
        XCTAssertFalse(result.checks.contains { $0.verdict == .skip }, "\(result.checks)")
    }

    func testEverySingleByteChangeIsRejected() {
        assertEveryByteBound(SmallBundle.bundle, SmallBundle.trusting)
    }

    func testEverySingleByteChangeOfATrainingBundleIsRejected() {
        assertEveryByteBound(TrainingClaimTests.bundle, BundleVerifierInputs())
    }

    private func assertEveryByteBound(_ bundle: EvidenceBundle, _ given: BundleVerifierInputs, file: StaticString = #filePath, line: UInt = #line) {
        let bytes = bundle.encoded
        XCTAssertTrue(BundleVerifier.verify(bundle, inputs: given).isValid, file: file, line: line)
        var inputs = given
        inputs.stopAtFirstFailure = true
        var accepted: [Int] = []
        for i in bytes.indices {
            // A different bit at each position, so flips cover every bit of a byte somewhere.
            for change: UInt8 in [1 << UInt8(i % 8), 0xff] {
                var tampered = bytes
                tampered[i] ^= change
                guard let bundle = try? EvidenceBundle(bytes: tampered, path: "b") else { continue }
                if BundleVerifier.verify(bundle, inputs: inputs).isValid { accepted.append(i) }
            }
        }
        XCTAssertEqual(accepted, [], "changed bytes at these offsets were accepted (of \(bytes.count))", file: file, line: line)
    }
}
