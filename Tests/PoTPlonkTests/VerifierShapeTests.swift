import XCTest
@testable import PoTPlonk

/// The verifier keeps one shape per circuit and k for the process: what it retains is bounded by
/// the statements a process checks, which is why LeakSanitizer's report of the shapes' gate
/// expressions at exit is suppressed rather than fixed (Fuzz/lsan-suppressions.txt).
final class VerifierShapeTests: XCTestCase {
    func testOneShapePerCircuitAndK() throws {
        let first = try VerifierShape.of(TwoMuls.self, k: 5)
        XCTAssertTrue(try VerifierShape.of(TwoMuls.self, k: 5) === first, "a second proof of the same statement configures the circuit again")
        let other = try VerifierShape.of(TwoMuls.self, k: 6)
        XCTAssertFalse(other === first)
        XCTAssertEqual(other.digest, first.digest, "the constraint system does not depend on k")
        XCTAssertNotEqual(other.rotations, first.rotations, "ω depends on k")
    }

    func testTooSmallKIsRefused() {
        // Two rows cannot hold TwoMuls' blinding rows.
        XCTAssertThrowsError(try VerifierShape.of(TwoMuls.self, k: 1)) { error in
            guard case PlonkError.badK(1) = error else { return XCTFail("\(error)") }
        }
    }
}
