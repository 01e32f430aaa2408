import ArgumentParser
import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
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

    @Flag(help: "Prove every step (train-step proofs, docs/training.md) and add the proofs and the verifying key to the run directory.")
    var prove = false

    @Flag(help: "Train, then write what a job array needs to prove the run (private/plan.json, the verifying key, slurm-prove.sh for pot prove-steps) instead of proving; docs/distributed.md.")
    var planOnly = false

    @Option(help: "With --plan-only: the shards (array tasks) of the job script (default: one per proof, at most 1000).")
    var shards: Int?

    @Option(help: "With --prove: the SRS (at least 2^k powers). Default: a development SRS made once in $POT_CACHE/srs (INSECURE).")
    var srs: String?

    @Option(help: "With --prove: steps per proof (default: as many as --max-memory allows, else 1); must divide the steps.")
    var stepsPerProof: Int?

    @Option(help: "With --prove: refuse to prove with more memory than this (e.g. 400M, 2G); chooses the steps per proof.")
    var maxMemory: String?

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        if let stepsPerProof, stepsPerProof < 1 { throw ValidationError("--steps-per-proof must be at least 1") }
        if !prove, !planOnly, srs != nil || stepsPerProof != nil || maxMemory != nil {
            throw ValidationError("--srs, --steps-per-proof and --max-memory go with --prove or --plan-only")
        }
        if prove, planOnly { throw ValidationError("--prove proves here, --plan-only leaves proving to pot prove-steps: give one") }
        if let shards, !planOnly || shards < 1 { throw ValidationError("--shards takes a positive number and goes with --plan-only") }
        if let maxMemory, MemorySize(maxMemory) == nil { throw ValidationError("--max-memory: '\(maxMemory)' is not a size like 400M or 2G") }
    }

    static var defaultData: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["POT_DIGITS"] { return path }
        return (environment["POT_CACHE"] ?? NSHomeDirectory() + "/.cache/pot") + "/data/digits.csv"
    }

    func run() throws {
        let configuration = try TrainingConfig.load(path: config)
        let dataPath = data ?? Self.defaultData
        if data == nil, !FileManager.default.fileExists(atPath: dataPath) {
            throw TrainingError.badData("\(dataPath): the digits set is not there; `make setup` (scripts/setup.sh) fetches it")
        }
        let bytes: [UInt8]
        do { bytes = try InputFile.read(dataPath, limit: DigitsCSV.maxBytes) } catch { throw TrainingError.badData("\(error)") }
        let examples = try DigitsCSV.parse(bytes, name: dataPath)
        try RunDirectory.checkWritable(output, force: force)

        let clock = ContinuousClock(), start = clock.now
        var run = try TrainingRun(config: configuration, data: examples, dataName: dataPath, secrets: .random())
        let total = steps ?? run.stepsPerEpoch
        let before = try evaluate(run.weights, run.holdout)
        let progress = StepProgress(total: total)
        var records: [StepSummary] = []
        var proving: [StepRecord] = []
        records.reserveCapacity(total)
        let training = clock.now
        for _ in 0..<total {
            let record = try run.advance()
            records.append(record.summary)
            if prove { proving.append(record) }
            progress.update(step: record.step + 1, loss: record.loss)
        }
        let trainingSeconds = (clock.now - training).seconds
        progress.finish()
        let after = try evaluate(run.weights, run.holdout)
        let proved = prove ? try proveSteps(run, proving) : nil
        let planned = planOnly ? try plan(run, steps: total, data: dataPath, dataSHA256: Hex.encode(SHA256.hash(bytes))) : nil
        try RunDirectory.write(to: output, run: run, steps: records, before: before, after: after,
                               dataSHA256: Hex.encode(SHA256.hash(bytes)), force: force, proved: proved?.run)
        try planned?.write(to: output)
        let seconds = (clock.now - start).seconds

        if json {
            printJSON([
                "run_dir": output, "run_id": RunDirectory.hex(run.runId), "dataset_root": RunDirectory.hex(run.datasetRoot),
                "seed_commitment": RunDirectory.hex(run.seedCommitment), "dataset_size": run.training.count,
                "holdout_size": run.holdout.count, "steps": total, "initial_commitment": RunDirectory.hex(run.initialCommitment),
                "final_commitment": RunDirectory.hex(run.commitment), "holdout_accuracy": after.accuracy,
                "holdout_loss": after.meanLoss, "holdout_accuracy_initial": before.accuracy,
                "final_loss": records.last!.loss, "seconds": seconds, "step_ms": trainingSeconds / Double(total) * 1e3,
            ].merging(proved.map { p in [
                "proofs": p.run.index.files.count, "steps_per_proof": p.stepsPerProof, "statement": p.run.index.statement,
                "k": p.run.index.k, "vk_digest": p.run.index.vkDigest, "prove_seconds": p.seconds,
            ] } ?? [:]) { a, _ in a }.merging(planned?.summary ?? [:]) { a, _ in a })
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
        if let planned { planned.print() }
        if let proved {
            let index = proved.run.index
            print("proved         \(index.files.count) proofs of \(proved.stepsPerProof) step\(proved.stepsPerProof == 1 ? "" : "s") (k = \(index.k)) in "
                  + String(format: "%.1f s", proved.seconds))
            print("statement      \(index.statement)")
            print("verifying key  \(index.vk)")
        }
    }

    /// Keys (cached by statement, k and SRS, since keygen is deterministic) and the proofs.
    private func proveSteps(_ run: TrainingRun, _ records: [StepRecord]) throws -> (run: ProvedRun, stepsPerProof: Int, seconds: Double) {
        let start = ContinuousClock.now
        let budget = maxMemory.flatMap(MemorySize.init)?.bytes
        let perProof = try stepsPerProof ?? Self.stepsPerProof(run, steps: records.count, budget: budget)
        guard records.count % perProof == 0 else {
            throw ValidationError("--steps-per-proof \(perProof) does not divide the \(records.count) steps")
        }
        let witnesses = try StepWitnesses(run: run, stepsPerProof: perProof)
        let statement = witnesses.statement
        let status = StatusLine()
        status.show("laying out \(statement)")
        let k = statement.minimumK
        try ProvingMaterial.checkBudget(statement, k: k, budget: maxMemory)
        let params = try ProvingMaterial.srs(srs, k: k, status: status)
        let key = try ProvingMaterial.key(statement, k: k, srs: params, status: status)
        let prover = RunProver(witnesses: witnesses, key: key, srs: params)
        let proofs = try prover.proveAll(records) { first in
            let done = first + perProof
            let elapsed = (ContinuousClock.now - start).seconds
            status.show(String(format: "proving step %d/%d  %.1f s", done, records.count, elapsed))
        }
        status.finish()
        return (proofs, perProof, (ContinuousClock.now - start).seconds)
    }

    /// The most steps per proof (a power of two dividing the steps, at most 8) whose proof fits
    /// `budget`; 1 without a budget.
    static func stepsPerProof(_ run: TrainingRun, steps: Int, budget: Int?) throws -> Int {
        guard let budget else { return 1 }
        var best = 1
        for candidate in [2, 4, 8] where steps % candidate == 0 {
            let statement = try StepWitnesses(run: run, stepsPerProof: candidate).statement
            guard MemoryPlan(statement: statement, k: statement.minimumK).peakBytes <= budget else { break }
            best = candidate
        }
        return best
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
