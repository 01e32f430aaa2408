import Foundation
import PoTAlgebra
import PoTCommitments
import PoTTraining

/// A run directory written by the trainer: a 4-3-2 network, three steps of batch 2 over six
/// synthetic examples (two held out), in a temporary folder.
enum SmallTrainingRun {
    static let directory = write(proved: false)
    /// The same run proved, one train-step proof per step, on a seeded development SRS.
    static let provedDirectory = write(proved: true)
    static let srs = SRS.insecure(k: 13, tau: Fr(0x7a1))

    private static func write(proved: Bool) -> String {
        let path = NSTemporaryDirectory() + "pot-evidence-run-\(proved ? "proved-" : "")\(getpid())"
        // Inputs are fixed-point values (scale 2^16) between −1 and 1; labels alternate.
        let values: [Int64] = (0..<32).map { Int64(($0 * 37) % 17 - 8) * 8192 }
        let data = LabelledExamples(inputs: IntegerMatrix(rows: 8, columns: 4, values: values), labels: (0..<8).map { $0 % 2 })
        let config = try! TrainingConfig(widths: [4, 3, 2], batchSize: 2, learningRate: 0.25, initSeed: 7, trainExamples: 6)
        var run = try! TrainingRun(config: config, data: data, dataName: "synthetic",
                                   secrets: RunSecrets(scheduleSeed: Fr(1), runSecret: Fr(2), datasetSalt: Fr(3)))
        let before = try! run.weights.evaluate(run.holdout)
        let initial = run
        let records = (0..<3).map { _ in try! run.advance() }
        var provedRun: ProvedRun?
        if proved {
            let witnesses = try! StepWitnesses(run: initial, stepsPerProof: 1)
            let key = try! witnesses.statement.keygen(k: witnesses.statement.minimumK, srs: srs)
            provedRun = try! RunProver(witnesses: witnesses, key: key, srs: srs).proveAll(records)
        }
        try! RunDirectory.write(to: path, run: run, steps: records.map(\.summary), before: before, after: try! run.weights.evaluate(run.holdout),
                                dataSHA256: "00", force: true, proved: provedRun)
        return path
    }

    static func file(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: directory + "/" + name)!)
    }
}
