import XCTest
import PoTAlgebra
import PoTCommitments
@testable import PoTPlonk
import PoTCircuits

/// The statements `pot` knows by name: key names, parameters, filling a table, and proving
/// and verifying through the protocol with exact public-input counts.
final class StatementRegistryTests: XCTestCase {
    static let srs = SRS.insecure(k: 8, tau: Fr(0xabc_def))

    func testKeyNamesRoundTrip() throws {
        for (name, size) in [("squaring-chain", 5), ("poseidon-chain", 2)] {
            let statement = try Statements.make(name, size: size)
            XCTAssertEqual(statement.size, size)
            let again = try Statements.named(keyName: statement.description)
            XCTAssertEqual(again.description, statement.description)
        }
        XCTAssertEqual(try Statements.make("squaring-chain", size: 5).description, "squaring-chain squarings=5")
        XCTAssertEqual(try Statements.make("poseidon-chain", parameters: ["length": "3"]).description, "poseidon-chain length=3")
    }

    func testMalformedNamesAndParametersAreRefused() {
        for keyName in ["", "cubing-chain n=3", "squaring-chain", "squaring-chain squarings=05", "squaring-chain squarings=0",
                        "squaring-chain squarings=3 squarings=3", "squaring-chain squarings=3 extra=1", "squaring-chain  squarings=3",
                        "poseidon-chain squarings=3", "squaring-chain squarings=-1", "squaring-chain squarings"] {
            XCTAssertThrowsError(try Statements.named(keyName: keyName), "'\(keyName)' was accepted")
        }
        XCTAssertThrowsError(try Statements.make("squaring-chain", size: 0))
        XCTAssertEqual((try? Statements.make("poseidon-chain", size: 1 << 30)).map(\.description), nil)
    }

    /// The largest instance fills the usable rows exactly or leaves less than one step.
    func testFillingUsesTheTable() throws {
        // Only statements with one size parameter have a largest instance; train-step's shape
        // is fixed by its layers and batch, so it has none.
        for name in Statements.all.filter({ $0.sizeParameter != nil }).map({ $0.name }) {
            for k in [8, 10, 12] {
                let statement = try Statements.filling(name, k: k)
                let usable = statement.usableRows(k: k)
                XCTAssertLessThanOrEqual(statement.rows, usable)
                let bigger = try Statements.make(name, size: statement.size! + (name == "squaring-chain" ? 2 : 1))
                XCTAssertGreaterThan(bigger.rows, usable, "\(statement) at k = \(k) is not the largest")
                XCTAssertEqual(statement.minimumK, k)
            }
        }
        XCTAssertThrowsError(try Statements.filling("poseidon-chain", k: 4))
        XCTAssertThrowsError(try Statements.filling("train-step", k: 16)) { XCTAssertEqual($0 as? StatementError, .cannotFill("train-step")) }
    }

    func testWitnessValues() throws {
        let statement = try Statements.make("squaring-chain", size: 3)
        let key = try statement.keygen(k: 5, srs: Self.srs)
        let proof = try statement.prove(values: ["x": "0x3"], key: key, srs: Self.srs)
        XCTAssertEqual(proof.instances, [[3, 6561]])
        XCTAssertEqual(statement.named(proof.instances).map(\.name), ["x", "y"])
        try statement.verify(proof, key: key.vk)
        for values in [[:], ["x": "3", "z": "1"], ["x": "three"]] {
            XCTAssertThrowsError(try statement.prove(values: values, key: key, srs: Self.srs), "\(values) was accepted")
        }
    }

    /// Proofs with a public input appended or dropped are refused, though the circuit reads
    /// only rows 0 and 1 of the instance column (they are forced through the prover's inner
    /// entry point; its public one refuses them).
    func testExactPublicInputCounts() throws {
        let statement = PoseidonChainStatement(length: 1)
        let key = try statement.keygen(k: 7, srs: Self.srs)
        let honest = statement.publicInputs(Fr(5))
        try statement.verify(try statement.prove(witness: 5, key: key, srs: Self.srs), key: key.vk)
        func force<C: Circuit>(_ circuit: C, _ instances: [[Fr]], _ key: ProvingKey) throws -> Proof {
            XCTAssertThrowsError(try Prover.prove(circuit, instances: instances, key: key, srs: Self.srs)) { error in
                guard case PlonkError.publicInputCount = error else { return XCTFail("\(error)") }
            }
            return try Prover.prove(circuit, instances: instances, key: key, srs: Self.srs, threads: 1, progress: { _ in },
                                    requireSatisfied: true)
        }
        // The circuit is satisfied with any values beyond the rows it copies.
        for instances in [[honest[0] + [Fr.zero]], [honest[0] + honest[0]]] {
            let proof = try force(statement.circuit(5), instances, key)
            XCTAssertThrowsError(try statement.verify(proof, key: key.vk), "\(instances.map(\.count)) public inputs were accepted")
        }
        // Missing values read as 0: with x = 0 (so y = 0) a proof may give one value or none.
        let squaring = SquaringChainStatement(squarings: 3)
        let squaringKey = try squaring.keygen(k: 5, srs: Self.srs)
        for instances: [[Fr]] in [[[]], [[0]]] {
            let proof = try force(squaring.circuit(0), instances, squaringKey)
            XCTAssertThrowsError(try squaring.verify(proof, key: squaringKey.vk), "\(instances.map(\.count)) public inputs were accepted")
        }
    }

    func testExpectedValues() throws {
        let statement = SquaringChainStatement(squarings: 3)
        let key = try statement.keygen(k: 5, srs: Self.srs)
        let proof = try statement.prove(witness: 3, key: key, srs: Self.srs)
        try statement.verify(proof, key: key.vk, expected: ["x": 3, "y": 6561])
        try statement.verify(proof, key: key.vk, expected: ["x": 3])
        for expected: [String: Fr] in [["x": 4], ["y": 6562], ["x": 3, "y": 0], ["z": 1]] {
            XCTAssertThrowsError(try statement.verify(proof, key: key.vk, expected: expected), "\(expected) was accepted")
        }
    }

    func testAKeyForAnotherStatementIsRefused() throws {
        let three = SquaringChainStatement(squarings: 3), four = SquaringChainStatement(squarings: 4)
        let key = try three.keygen(k: 5, srs: Self.srs)
        let proof = try three.prove(witness: 2, key: key, srs: Self.srs)
        XCTAssertThrowsError(try four.verify(proof, key: key.vk)) { error in
            guard case PlonkError.keyMismatch = error else { return XCTFail("\(error)") }
        }
    }
}
