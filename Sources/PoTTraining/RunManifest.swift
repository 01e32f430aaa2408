import PoTSystem
import Foundation
import PoTAlgebra
import PoTCommitments

/// The public part of a run directory (`config.json` and `run.json`, docs/training.md), read and
/// checked for consistency: where a verifier of the run starts. Keys that `run.json` gains later
/// (proofs, keys) are left to their readers.
public struct RunManifest: Sendable {
    public let config: TrainingConfig
    /// runId, checked to be the one of `config.json`'s bytes.
    public let runId: Fr
    /// D and S.
    public let datasetRoot: Fr
    public let seedCommitment: Fr
    /// N (= the configuration's `train_examples`) and the hold-out size.
    public let datasetSize: Int
    public let holdoutSize: Int
    /// T.
    public let steps: Int
    /// `C(W_0) … C(W_T)`.
    public let commitments: [Fr]
    /// Per step, the batch's mean loss.
    public let loss: [Double]
    /// Hold-out accuracy of `W_T`.
    public let holdoutAccuracy: Double

    private struct File: Decodable {
        let format: String
        let version: Int
        let run_id, dataset_root, seed_commitment: String
        let dataset_size, holdout_size, steps, batch: Int
        let eta: Int64
        let layers: [Int]
        let commitments: [String]
        let loss: [Double]
        let holdout_accuracy: Double
    }

    /// Reads `directory/config.json` and `directory/run.json`.
    /// - Throws: ``TrainingError/runDirectory(_:)`` naming the file and the fault: unreadable,
    ///   not the format, a field that is not a field element, a runId that is not the
    ///   configuration's, parameters that contradict it, or lists of the wrong length.
    /// The largest run.json read: a few hundred bytes a step, so a million steps fit.
    public static let maxRunRecordBytes: UInt64 = 512 << 20

    public static func read(directory: String) throws(TrainingError) -> RunManifest {
        let root = URL(fileURLWithPath: directory)
        let configPath = root.appendingPathComponent("config.json").path, runPath = root.appendingPathComponent("run.json").path
        let config = try TrainingConfig.load(path: configPath)
        let bytes: [UInt8]
        do { bytes = try InputFile.read(runPath, limit: maxRunRecordBytes) } catch { throw .runDirectory("\(error)") }
        return try RunManifest(config: config, runJSON: bytes, name: runPath)
    }

    public init(config: TrainingConfig, runJSON: [UInt8], name: String) throws(TrainingError) {
        func bad(_ reason: String) -> TrainingError { .runDirectory("\(name): \(reason)") }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(runJSON)) } catch {
            throw bad("not a run record (\(Self.reason(error)))")
        }
        guard file.format == RunDirectory.format, file.version == RunDirectory.version else {
            throw bad("format \(file.format) version \(file.version), expected \(RunDirectory.format) version \(RunDirectory.version)")
        }
        func element(_ text: String, _ what: String) throws(TrainingError) -> Fr {
            guard text.hasPrefix("0x"), text.count == 66, let x = Fr(text) else { throw bad("\(what) is not 0x and 64 hex digits of a field element") }
            return x
        }
        runId = try element(file.run_id, "run_id")
        guard runId == RunIdentity.runId(configuration: config.json) else {
            throw bad("run_id is not the runId of the configuration file (changed since the run?)")
        }
        guard file.layers == config.widths, file.batch == config.batchSize, file.eta == config.eta,
              file.dataset_size == config.trainExamples else {
            throw bad("layers, batch, eta or dataset_size contradict the configuration")
        }
        guard file.steps >= 1, file.commitments.count == file.steps + 1, file.loss.count == file.steps else {
            throw bad("\(file.steps) steps need \(file.steps + 1) commitments and \(file.steps) losses, found \(file.commitments.count) and \(file.loss.count)")
        }
        guard file.holdout_size >= 1, (0...1).contains(file.holdout_accuracy) else { throw bad("holdout_size or holdout_accuracy out of range") }
        self.config = config
        datasetRoot = try element(file.dataset_root, "dataset_root")
        seedCommitment = try element(file.seed_commitment, "seed_commitment")
        var commitments: [Fr] = []
        for (t, text) in file.commitments.enumerated() { commitments.append(try element(text, "commitments[\(t)]")) }
        self.commitments = commitments
        datasetSize = file.dataset_size
        holdoutSize = file.holdout_size
        steps = file.steps
        loss = file.loss
        holdoutAccuracy = file.holdout_accuracy
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: "not valid JSON"
        }
    }
}
