import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTTraining

/// `pot bench train`, proof figures (names and units fixed by issue 13), params `model`,
/// `batch`, `k`:
/// - `train_step_prove` (ms), `train_step_verify` (ms), `train_step_peak_rss` (MiB, the peak
///   during one proof, key and SRS included), `train_step_rows` (rows the circuit uses),
///   `train_step_proof_size` (B);
/// - `train_chain_verify` (ms): `TrainingChain.verify` of a whole proved epoch, read from a run
///   directory, as `pot verify-training` runs it once the key is anchored.
///
/// The data are synthetic digits-shaped examples (pixels 0…16, 1500 committed), the SRS a
/// development one of a fixed τ; the epoch's proofs are made once, before the figures. The
/// key's Lagrange basis is prepared after keygen (not timed), as `RunProver` prepares it before
/// proving a run of eight or more proofs.
public enum TrainProofWorkloads {
    public static func all(widths: [Int] = [64, 32, 10], batchSize: Int = 16, epoch: Bool = true,
                           progress: @escaping (String) -> Void = { _ in }) throws -> [Workload] {
        var run = try syntheticRun(widths: widths, batchSize: batchSize)
        let steps = epoch ? run.stepsPerEpoch : 1
        let records = try (0..<steps).map { _ in try run.advance() }
        let witnesses = try StepWitnesses(run: run, stepsPerProof: 1)
        let statement = witnesses.statement
        let k = statement.minimumK
        let srs = SRS.insecure(k: k, tau: Fr(0x5eed_cafe))
        progress("keygen (k = \(k))")
        let prover = RunProver(witnesses: witnesses, key: try statement.keygen(k: k, srs: srs), srs: srs)
        progress("Lagrange basis (k = \(k))")
        try prover.key.prepareLagrangeBasis(srs: srs)
        let state = try State(prover: prover, first: records[0...0])

        let model = "mlp-" + widths.map(String.init).joined(separator: "-")
        let params = ["batch": batchSize, "k": k]
        let labels = ["model": model]
        var workloads = [
            Workload(name: "train_step_prove", params: params, labels: labels, unit: .ms, batch: 1) { state.prove() },
            Workload(name: "train_step_verify", params: params, labels: labels, unit: .ms, batch: 1) { state.verify() },
            Workload(name: "train_step_peak_rss", params: params, labels: labels, unit: .mib, batch: 1,
                     prepare: PeakResident.reset, gauge: PeakResident.mib) { state.prove() },
            Workload(name: "train_step_rows", params: params, labels: labels, unit: .rows, batch: 1,
                     gauge: { Double(statement.rows) }) {},
            Workload(name: "train_step_proof_size", params: params, labels: labels, unit: .bytes, batch: 1,
                     gauge: { Double(state.proof.encoded(vkDigest: prover.key.vk.digest).count) }) {},
        ]
        if epoch {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pot-bench-train-\(getpid())").path
            let proved = try prover.proveAll(records) { first in progress("proving the epoch: step \(first + 1)/\(steps)") }
            try RunDirectory.write(to: directory, run: run, steps: records.map(\.summary), before: try run.initialWeights.evaluate(run.holdout),
                                   after: try run.weights.evaluate(run.holdout), dataSHA256: "", force: true, proved: proved)
            let chain = try TrainingChain.load(directory: directory)
            let key = try TrainingChain.key(chain, directory: directory)
            workloads.append(Workload(name: "train_chain_verify", params: params.merging(["steps": steps]) { a, _ in a }, labels: labels,
                                      unit: .ms, batch: 1) {
                let checks = TrainingChain.verify(chain, directory: directory, key: key, weights: nil)
                precondition(checks.allSatisfy(\.passed), "the benchmark's chain verifies: \(checks.filter { !$0.passed })")
            })
        }
        return workloads
    }

    /// A run on synthetic digits-shaped examples (pixels 0…16; 1500 committed, 100 held out)
    /// with learning rate 0.1 and fixed secrets.
    static func syntheticRun(widths: [Int], batchSize: Int) throws -> TrainingRun {
        var random = SeededRandom(seed: 17)
        let (committed, held) = (1500, 100)
        let count = committed + held
        let data = LabelledExamples(
            inputs: IntegerMatrix(rows: count, columns: widths[0],
                                  values: (0..<count * widths[0]).map { _ in Int64(random.next() % 17) << 12 }),
            labels: (0..<count).map { _ in Int(random.next() % UInt64(widths.last!)) })
        let config = try TrainingConfig(widths: widths, batchSize: batchSize, learningRate: 0.1, initSeed: 1, trainExamples: committed)
        return try TrainingRun(config: config, data: data, dataName: "synthetic",
                               secrets: RunSecrets(scheduleSeed: Fr(3), runSecret: Fr(4), datasetSalt: Fr(5)))
    }

    /// The proof the workloads share; they run one at a time.
    private final class State: @unchecked Sendable {
        let prover: RunProver
        let first: ArraySlice<StepRecord>
        var proof: Proof

        init(prover: RunProver, first: ArraySlice<StepRecord>) throws {
            self.prover = prover
            self.first = first
            proof = try prover.prove(first)
        }

        func prove() {
            do { proof = try prover.prove(first) } catch { fatalError("proving failed: \(error)") }
        }

        func verify() {
            do { try prover.statement.verify(proof, key: prover.key.vk) } catch { fatalError("verification failed: \(error)") }
        }
    }
}
