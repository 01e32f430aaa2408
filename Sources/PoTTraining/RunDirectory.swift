import PoTCircuits
import Foundation
import PoTAlgebra
import PoTSystem

/// A run directory (docs/training.md, "Run directory"): public files a verifier reads
/// (`config.json`, `run.json`, `weights-final.safetensors`) and `private/`, what only the
/// prover needs (secrets, salts, batches, initial weights).
public enum RunDirectory {
    public static let format = "pot-training-run"
    public static let version = 1
    /// The `format` in the metadata of a run's weights files.
    public static let weightsFormat = "pot-fixed-point-mlp"

    /// Refuses an existing `path` unless `force`; called before training so no work is lost.
    public static func checkWritable(_ path: String, force: Bool) throws(TrainingError) {
        if FileManager.default.fileExists(atPath: path), !force {
            throw .runDirectory("\(path): already exists (use --force to replace it)")
        }
    }

    /// Writes the run after its steps: everything goes into a sibling directory first, which
    /// is renamed to `path` at the end, so `path` is either the whole run or not there.
    public static func write(
        to path: String, run: TrainingRun, steps records: [StepSummary], before: Evaluation, after: Evaluation,
        dataSHA256: String, force: Bool, proved: ProvedRun? = nil
    ) throws(TrainingError) {
        precondition(records.count == run.step && records.enumerated().allSatisfy { $0 == $1.step }, "records are steps 0 … T−1")
        try checkWritable(path, force: force)
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: staging.appendingPathComponent("private"), withIntermediateDirectories: true)
            func write(_ name: String, _ bytes: [UInt8]) throws {
                try Foundation.Data(bytes).write(to: staging.appendingPathComponent(name))
            }
            try write("config.json", run.config.json)
            var record = runRecord(run, records, before, after, dataSHA256)
            if let proved {
                record["proofs"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(proved.index))
                for directory in ["proofs", "keys"] {
                    try manager.createDirectory(at: staging.appendingPathComponent(directory), withIntermediateDirectories: true)
                }
                for file in proved.files { try write(file.name, file.bytes) }
            }
            try write("run.json", json(record))
            try write("weights-final.safetensors", weightsFile(run.weights, step: run.step, salt: run.secrets.salt(step: run.step), commitment: run.commitment))
            try write("private/weights-initial.safetensors",
                      weightsFile(run.initialWeights, step: 0, salt: run.secrets.salt(step: 0), commitment: run.initialCommitment))
            try write("private/secrets.json", json([
                "schedule_seed": hex(run.secrets.scheduleSeed), "run_secret": hex(run.secrets.runSecret),
                "dataset_salt": hex(run.secrets.datasetSalt),
            ]))
            try write("private/steps.json", json([
                "steps": records.map { ["step": $0.step, "batch": $0.batch, "salt": hex($0.salt)] as [String: Any] },
                "final_salt": hex(run.secrets.salt(step: run.step)),
            ]))
            if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
            try manager.moveItem(at: staging, to: target)
        } catch {
            try? manager.removeItem(at: staging)
            throw .runDirectory("\(path): cannot write the run directory (\(error.localizedDescription))")
        }
    }

    static func runRecord(_ run: TrainingRun, _ records: [StepSummary], _ before: Evaluation, _ after: Evaluation,
                          _ dataSHA256: String) -> [String: Any] {
        [
            "format": format, "version": version,
            "run_id": hex(run.runId), "dataset_root": hex(run.datasetRoot), "seed_commitment": hex(run.seedCommitment),
            "dataset_size": run.training.count, "holdout_size": run.holdout.count, "data_sha256": dataSHA256,
            "layers": run.config.widths, "batch": run.config.batchSize, "eta": run.config.eta, "steps": run.step,
            "commitments": [hex(run.initialCommitment)] + records.map { hex($0.nextCommitment) },
            "loss": records.map(\.loss),
            "holdout_accuracy": after.accuracy, "holdout_loss": after.meanLoss,
            "holdout_accuracy_initial": before.accuracy, "holdout_loss_initial": before.meanLoss,
        ]
    }

    /// Each tensor twice: `W_1` as F32 of value / 2^16 (for any tool) and `W_1.fixed` as the
    /// exact I32 values; the metadata carry the salt, step and commitment, so that `C(W)` can
    /// be recomputed from the file alone.
    static func weightsFile(_ parameters: MLPParameters, step: Int, salt: Fr, commitment: Fr) -> [UInt8] {
        var file = SafetensorsFile()
        for (tensor, (name, shape)) in zip(parameters.tensors, parameters.tensorNames) {
            file.add(name, shape: shape, .f32(tensor.map { Float(FixedPoint.real($0)) }))
        }
        for (tensor, (name, shape)) in zip(parameters.tensors, parameters.tensorNames) {
            file.add(name + ".fixed", shape: shape, .i32(tensor.map { Int32($0) }))  // values fit 31 bits
        }
        file.metadata = [
            "format": weightsFormat, "fraction_bits": "\(FixedPoint.fractionBits)", "layers": parameters.widths.map(String.init).joined(separator: ","),
            "step": "\(step)", "salt": hex(salt), "commitment": hex(commitment),
        ]
        return file.bytes
    }

    /// A field element as "0x" and 64 hex digits.
    public static func hex(_ x: Fr) -> String { "0x" + Hex.encode(x.bytes()) }

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) + [10]
    }
}
