import PoTAlgebra
import PoTCommitments
import PoTTraining

/// `pot bench train`, native figures: `native_step` (ms; name and unit fixed by issue 13), one
/// fixed-point SGD step of the 64→32→10 MLP at batch 16 (forward, backward, update, every
/// value range-checked), and `native_step_committed` (ms), the same step as `pot train` runs
/// it: the batch drawn from the schedule and `C(W_{t+1})` computed.
public enum TrainWorkloads {
    public static func native(widths: [Int] = [64, 32, 10], batchSize: Int = 16) throws -> [Workload] {
        // Pixels 0…16 like the digits, from a seeded generator: the step's cost does not depend
        // on the data, and the benchmark then needs no data file.
        var random = SeededRandom(seed: 13)
        let examples = 1500
        let data = LabelledExamples(
            inputs: IntegerMatrix(rows: examples, columns: widths[0],
                                  values: (0..<examples * widths[0]).map { _ in Int64(random.next() % 17) << 12 }),
            labels: (0..<examples).map { _ in Int(random.next() % UInt64(widths.last!)) })
        let parameters = try MLPParameters.initial(widths: widths, seed: 1)
        let batch = data.batch(Array(0..<batchSize))
        let eta: Int64 = 6554  // learning rate 0.1
        let seed = Fr(7), salt = Fr(8)
        let model = "mlp-" + widths.map(String.init).joined(separator: "-")
        let params = ["batch": batchSize]
        return [
            Workload(name: "native_step", params: params, labels: ["model": model], unit: .ms, batch: 1) {
                blackHole(try! parameters.step(batch, learningRate: eta).updated.layers[0].bias[0])
            },
            Workload(name: "native_step_committed", params: params, labels: ["model": model], unit: .ms, batch: 1) {
                let drawn = data.batch(BatchSchedule.batch(seed: seed, step: 0, batchSize: batchSize, datasetSize: examples))
                let updated = try! parameters.step(drawn, learningRate: eta).updated
                blackHole(try! TensorCommitment.commit(updated.tensors, salt: salt).raw)
            },
        ]
    }
}
