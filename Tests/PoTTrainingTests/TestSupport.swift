import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
@testable import PoTPlonk
import XCTest

@testable import PoTTraining

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// The digits CSV that `make setup` caches (POT_DIGITS in `make test`).
enum RealDigits {
    static let path = ProcessInfo.processInfo.environment["POT_DIGITS"] ?? NSHomeDirectory() + "/.cache/pot/data/digits.csv"
}

/// A fresh directory under the system's temporary folder, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pot-training-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Asserts that `body` throws a TrainingError whose message starts with `prefix` and contains `reason`.
func assertTrainingError(_ body: @autoclosure () throws -> Any, prefix: String, reason: String,
                         file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
    } catch let error as TrainingError {
        XCTAssertTrue(error.description.hasPrefix(prefix), "message does not start with \(prefix): \(error)", file: file, line: line)
        XCTAssertTrue(error.description.contains(reason), "message does not say \(reason): \(error)", file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

/// The smallest run with a hidden layer, small enough for proofs in debug builds: 12 synthetic
/// examples of 6 inputs in 3 classes (10 committed, 2 held out), a 6→4→3 MLP at batch 2,
/// learning rate 0.5, fixed secrets.
func syntheticRun() throws -> TrainingRun {
    var generator = SeededRandom(seed: 99)
    let inputs = (0..<72).map { _ in Int64(generator.next() % 17) << 12 }
    let data = LabelledExamples(inputs: IntegerMatrix(rows: 12, columns: 6, values: inputs), labels: (0..<12).map { $0 % 3 })
    let config = try TrainingConfig(widths: [6, 4, 3], batchSize: 2, learningRate: 0.5, initSeed: 3, trainExamples: 10)
    return try TrainingRun(config: config, data: data, dataName: "synthetic",
                           secrets: RunSecrets(scheduleSeed: Fr(5), runSecret: Fr(6), datasetSalt: Fr(7)))
}

extension FixedPointChip {
    /// The rows of `m`, each loaded as private cells (range-check them with `checkValues`).
    func loadRows(_ layouter: Layouter, _ m: IntegerMatrix) throws(PlonkError) -> [[AssignedCell]] {
        var cells: [[AssignedCell]] = []
        for r in 0..<m.rows { cells.append(try load(layouter, Array(m.row(r)))) }
        return cells
    }
}

/// The integers of a matrix of cells, row by row.
func integers(_ cells: [[AssignedCell]]) -> [Int64] {
    cells.flatMap { $0 }.map { Int64(PoTCircuits.FixedPoint.integer($0.value)!) }
}

/// A proof of `witness` whether or not it satisfies the circuit (the prover's inner entry point).
func forcedProof<S: ProvableStatement>(_ statement: S, _ witness: S.Witness, key: ProvingKey, srs: SRS) throws -> Proof {
    try Prover.prove(statement.circuit(witness), instances: statement.publicInputs(witness), key: key, srs: srs, threads: 2,
                     progress: { _ in }, requireSatisfied: false)
}

/// The public inputs of `witness` by name, as `verify(_:key:expected:)` takes them.
func expectedInputs<S: ProvableStatement>(_ statement: S, _ witness: S.Witness) -> [String: Fr] {
    Dictionary(uniqueKeysWithValues: zip(statement.publicInputNames[0], statement.publicInputs(witness)[0]))
}
