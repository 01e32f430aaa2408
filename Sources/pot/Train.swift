import ArgumentParser
import Foundation
import PoTSystem
import PoTTraining

/// `pot train`: trains an MLP classifier natively in the fixed-point arithmetic of
/// docs/fixed-point.md and writes a run directory (docs/training.md).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train an MLP classifier in fixed point and write a run directory with per-step commitments.",
        discussion: """
            The configuration is JSON, e.g. {"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1}. \
            The data default to scikit-learn's digits set that `make setup` caches. See docs/training.md.
            """)

    @Option(help: "The training configuration (JSON).")
    var config: String

    @Option(help: "The data: a digits CSV (64 pixels 0…16 and a label per line). Default: $POT_DIGITS, else the cached digits set.")
    var data: String?

    @Option(help: "Steps to run (default: one epoch, ⌈N / B⌉).")
    var steps: Int?

    @Option(name: .shortAndLong, help: "The run directory to create.")
    var output: String

    @Flag(help: "Replace an existing run directory.")
    var force = false

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
    }

    static var defaultData: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["POT_DIGITS"] { return path }
        return (environment["POT_CACHE"] ?? NSHomeDirectory() + "/.cache/pot") + "/data/digits.csv"
    }

    func run() throws {
        let configuration = try TrainingConfig.load(path: config)
        let dataPath = data ?? Self.defaultData
        guard let bytes = FileManager.default.contents(atPath: dataPath) else {
            throw TrainingError.badData(data == nil
                ? "\(dataPath): the digits set is not there; `make setup` (scripts/setup.sh) fetches it"
                : "\(dataPath): cannot read the data file")
        }
        let examples = try DigitsCSV.parse(Array(bytes), name: dataPath)
        try RunDirectory.checkWritable(output, force: force)

        let clock = ContinuousClock(), start = clock.now
        var run = try TrainingRun(config: configuration, data: examples, dataName: dataPath, secrets: .random())
        let total = steps ?? run.stepsPerEpoch
        let before = try evaluate(run.weights, run.holdout)
        let progress = StepProgress(total: total)
        var records: [StepSummary] = []
        records.reserveCapacity(total)
        let training = clock.now
        for _ in 0..<total {
            let record = try run.advance()
            records.append(record.summary)
            progress.update(step: record.step + 1, loss: record.loss)
        }
        let trainingSeconds = (clock.now - training).seconds
        progress.finish()
        let after = try evaluate(run.weights, run.holdout)
        try RunDirectory.write(to: output, run: run, steps: records, before: before, after: after,
                               dataSHA256: Hex.encode(SHA256.hash(Array(bytes))), force: force)
        let seconds = (clock.now - start).seconds

        if json {
            printJSON([
                "run_dir": output, "run_id": RunDirectory.hex(run.runId), "dataset_root": RunDirectory.hex(run.datasetRoot),
                "seed_commitment": RunDirectory.hex(run.seedCommitment), "dataset_size": run.training.count,
                "holdout_size": run.holdout.count, "steps": total, "initial_commitment": RunDirectory.hex(run.initialCommitment),
                "final_commitment": RunDirectory.hex(run.commitment), "holdout_accuracy": after.accuracy,
                "holdout_loss": after.meanLoss, "holdout_accuracy_initial": before.accuracy,
                "final_loss": records.last!.loss, "seconds": seconds, "step_ms": trainingSeconds / Double(total) * 1e3,
            ])
            return
        }
        print("run            \(output)")
        print("run id         \(RunDirectory.hex(run.runId))")
        print("dataset root   \(RunDirectory.hex(run.datasetRoot)) (\(run.training.count) examples; hold-out \(run.holdout.count))")
        print("seed commit    \(RunDirectory.hex(run.seedCommitment))")
        print("steps          \(total) (layers \(configuration.widths.map(String.init).joined(separator: "→")), batch \(configuration.batchSize), η = \(configuration.eta)/2^16)")
        print("C(W_0)         \(RunDirectory.hex(run.initialCommitment))")
        print("C(W_\(total))".padding(toLength: 15, withPad: " ", startingAt: 0) + RunDirectory.hex(run.commitment))
        print(String(format: "loss           %.4f at step 0, %.4f at step %d", records.first!.loss, records.last!.loss, total - 1))
        print(String(format: "hold-out       accuracy %.2f%% (%.2f%% before), mean loss %.4f", after.accuracy * 100, before.accuracy * 100, after.meanLoss))
        print(String(format: "trained in     %.2f s (%.2f ms a step, commitments included)", seconds, trainingSeconds / Double(total) * 1e3))
    }

    private func evaluate(_ weights: MLPParameters, _ holdout: LabelledExamples) throws -> Evaluation {
        do { return try weights.evaluate(holdout) } catch { throw TrainingError.arithmetic(error) }
    }
}

/// One line on stderr while training, drawn only when stderr is a terminal.
final class StepProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let total: Int
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?

    init(total: Int) { self.total = total }

    func update(step: Int, loss: Double) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(100), step < total { return }
        lastDraw = now
        let line = String(format: "step %d/%d  loss %.4f  %.1f s", step, total, loss, (now - start).seconds)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func finish() {
        if enabled, lastDraw != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
