import Foundation
import PoTAlgebra
import PoTTraining

/// A run directory written by the trainer: a 4-3-2 network, three steps of batch 2 over six
/// synthetic examples (two held out), in a temporary folder.
enum SmallTrainingRun {
    static let directory: String = {
        let path = NSTemporaryDirectory() + "pot-evidence-run-\(getpid())"
        // Inputs are fixed-point values (scale 2^16) between −1 and 1; labels alternate.
        let values: [Int64] = (0..<32).map { Int64(($0 * 37) % 17 - 8) * 8192 }
        let data = LabelledExamples(inputs: IntegerMatrix(rows: 8, columns: 4, values: values), labels: (0..<8).map { $0 % 2 })
        let config = try! TrainingConfig(widths: [4, 3, 2], batchSize: 2, learningRate: 0.25, initSeed: 7, trainExamples: 6)
        var run = try! TrainingRun(config: config, data: data, dataName: "synthetic",
                                   secrets: RunSecrets(scheduleSeed: Fr(1), runSecret: Fr(2), datasetSalt: Fr(3)))
        let before = try! run.weights.evaluate(run.holdout)
        let steps = (0..<3).map { _ in try! run.advance().summary }
        try! RunDirectory.write(to: path, run: run, steps: steps, before: before, after: try! run.weights.evaluate(run.holdout),
                                dataSHA256: "00", force: true)
        return path
    }()

    static func file(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: directory + "/" + name)!)
    }
}
