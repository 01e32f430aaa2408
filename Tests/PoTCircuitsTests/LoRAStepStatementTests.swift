import XCTest
import PoTAlgebra
import PoTCircuits

/// `lora-step` in the registry: its key name, the errors of its parameters (named as its own,
/// also for those it shares with `train-step`), and witnesses of the wrong shape.
final class LoRAStepStatementTests: XCTestCase {
    static let keyName = "lora-step layers=6-4-3 rank=2 batch=2 eta=32768 examples=10 steps=1"

    func testKeyNameRoundTrips() throws {
        let statement = try Statements.named(keyName: Self.keyName)
        XCTAssertEqual(statement.description, Self.keyName)
        let lora = try XCTUnwrap(statement as? LoRAStepStatement)
        XCTAssertEqual([lora.rank, lora.batch, lora.examples, lora.steps], [2, 2, 10, 1])
        XCTAssertEqual(lora.adapterSizes, [12, 8, 8, 6])
        XCTAssertEqual(lora.publicInputNames[0].count, 7)
        XCTAssertThrowsError(try Statements.filling("lora-step", k: 16)) { XCTAssertEqual($0 as? StatementError, .cannotFill("lora-step")) }
    }

    func testBadParametersAreNamedAsLoRAStep() {
        let good = ["layers": "6-4-3", "rank": "2", "batch": "2", "eta": "32768", "examples": "10", "steps": "1"]
        func refused(_ change: [String: String?], _ error: StatementError) {
            var parameters = good
            for (name, value) in change { parameters[name] = value }
            XCTAssertThrowsError(try Statements.make("lora-step", parameters: parameters.compactMapValues { $0 })) {
                XCTAssertEqual($0 as? StatementError, error)
            }
        }
        refused(["rank": nil], .missingParameter(circuit: "lora-step", name: "rank"))
        refused(["batch": nil], .missingParameter(circuit: "lora-step", name: "batch"))
        refused(["depth": "3"], .unknownParameter(circuit: "lora-step", name: "depth"))
        refused(["rank": "0"], .badParameter(circuit: "lora-step", name: "rank", value: "0", reason: "is not a positive integer"))
        refused(["rank": "02"], .badParameter(circuit: "lora-step", name: "rank", value: "02", reason: "is not a positive integer"))
        refused(["rank": "5000"], .badParameter(circuit: "lora-step", name: "rank", value: "5000", reason: "is not between 1 and 4096"))
        refused(["eta": "65537"], .badParameter(circuit: "lora-step", name: "eta", value: "65537", reason: "is not a learning rate in (0, 2^16]"))
        XCTAssertThrowsError(try Statements.named(keyName: "lora-step layers=6-4-3 batch=2 rank=2 eta=32768 examples=10 steps=1"),
                             "a second spelling of the key name")
    }

    func testWitnessesOfTheWrongShapeAreRefused() throws {
        let statement = try LoRAStepStatement(layers: [6, 4, 3], rank: 2, batch: 2, eta: 32768, examples: 10, steps: 1)
        XCTAssertNil(statement.problem(with: statement.keygenWitness))
        var adapters = statement.keygenWitness
        adapters.adapters[1].removeLast()
        XCTAssertEqual(statement.problem(with: adapters), "the adapters have [12, 7, 8, 6] values per tensor, not [12, 8, 8, 6]")
        var base = statement.keygenWitness
        base.base[0].append(0)
        XCTAssertNotNil(statement.problem(with: base))
        var batches = statement.keygenWitness
        batches.batches[0].removeLast()
        XCTAssertEqual(statement.problem(with: batches), "batch 0 has 1 examples, not 2")
        XCTAssertThrowsError(try statement.circuit(adapters).rowsUsed())
    }
}
