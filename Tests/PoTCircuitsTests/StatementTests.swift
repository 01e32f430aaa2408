import XCTest
import PoTAlgebra
import PoTPlonk
import PoTCircuits

/// The benchmark statements of the proof engine, on the debug checker.
final class StatementTests: XCTestCase {
    func testSquaringChain() throws {
        for n in [1, 2, 7, 20] {
            let circuit = SquaringChain(x: 3, squarings: n)
            let checker = try DebugChecker(circuit, k: 5, instances: circuit.instances)
            XCTAssertTrue(checker.isSatisfied, "\(n): \(checker.allFailures)")
            XCTAssertEqual(checker.assignment.regions[0].rows.count, (n + 1) / 2 + 1)
        }
        XCTAssertEqual(SquaringChain(x: 3, squarings: 3).instances, [[3, Fr(6561)]])
    }

    /// `rowsUsed` counts regions without building the table, and agrees with the statements' own count.
    func testRowsUsedMatchesTheLayout() throws {
        for n in [1, 2, 7, 20] {
            XCTAssertEqual(try SquaringChain(x: 3, squarings: n).rowsUsed(), SquaringChainStatement(squarings: n).rows)
        }
        for n in [1, 3] {
            XCTAssertEqual(try PoseidonChain(x: 3, length: n).rowsUsed(), PoseidonChainStatement(length: n).rows)
        }
    }

    func testSquaringChainRejectsAWrongResult() throws {
        let circuit = SquaringChain(x: 3, squarings: 4)
        let checker = try DebugChecker(circuit, k: 5, instances: [[3, circuit.instances[0][1] + 1]])
        guard case .instance(let instance, _, _, _) = checker.firstFailure else {
            return XCTFail("expected an instance mismatch, got \(String(describing: checker.firstFailure))")
        }
        XCTAssertEqual(instance.row, 1)
    }

    /// 2^16 rows hold the 65,534 squarings of the Groth16 comparison (issue 5).
    func testSquaringChainOf65534FitsK16() throws {
        let circuit = SquaringChain(x: 7, squarings: 65_534)
        XCTAssertTrue(try DebugChecker(circuit, k: 16, instances: circuit.instances).isSatisfied)
    }

    func testPoseidonChain() throws {
        let circuit = PoseidonChain(x: 5, length: 3)
        let checker = try DebugChecker(circuit, k: 8, instances: circuit.instances)
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures.prefix(3))")
        let h1 = Poseidon.hash(5, 5)
        XCTAssertEqual(circuit.instances, [[5, Poseidon.hash(Poseidon.hash(h1, h1), Poseidon.hash(h1, h1))]])

        let wrong = try DebugChecker(circuit, k: 8, instances: [[6, circuit.instances[0][1]]])
        guard case .instance(let instance, _, _, _) = wrong.firstFailure else {
            return XCTFail("expected an instance mismatch, got \(String(describing: wrong.firstFailure))")
        }
        XCTAssertEqual(instance.row, 0)
    }
}
