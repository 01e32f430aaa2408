import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTTraining

/// `pot bench train`, LoRA figures, params `model`, `batch`, `rank`, `k`: `lora_step_prove` (ms,
/// one `lora-step` proof of one step), `lora_step_verify` (ms) and `lora_step_rows`. The base is
/// the synthetic run's weights after one SGD step, the adapters `LoRAAdapters.initial` after one
/// LoRA step (so that B ≠ 0 and the measured step trains A and B); SRS a development one.
public enum LoRAProofWorkloads {
    public static func all(widths: [Int] = [64, 32, 10], batchSize: Int = 16, rank: Int = 4,
                           progress: @escaping (String) -> Void = { _ in }) throws -> [Workload] {
        var run = try TrainProofWorkloads.syntheticRun(widths: widths, batchSize: batchSize)
        _ = try run.advance()
        var lora = LoRARun(run: run, adapters: try LoRAAdapters.initial(base: run.weights, rank: rank, seed: 2), adapterSecret: Fr(6))
        _ = try lora.advance()
        let record = try lora.advance()
        let witnesses = try LoRAStepWitnesses(run: lora, stepsPerProof: 1)
        let statement = witnesses.statement, witness = witnesses.witness([record][...])
        let k = statement.minimumK
        let srs = SRS.insecure(k: k, tau: Fr(0x5eed_cafe))
        progress("keygen lora-step (k = \(k))")
        let key = try statement.keygen(k: k, srs: srs)
        let state = State(proof: try statement.prove(witness: witness, key: key, srs: srs))

        let params = ["batch": batchSize, "rank": rank, "k": k]
        let labels = ["model": "mlp-" + widths.map(String.init).joined(separator: "-")]
        return [
            Workload(name: "lora_step_prove", params: params, labels: labels, unit: .ms, batch: 1) {
                do { state.proof = try statement.prove(witness: witness, key: key, srs: srs) } catch { fatalError("proving failed: \(error)") }
            },
            Workload(name: "lora_step_verify", params: params, labels: labels, unit: .ms, batch: 1) {
                do { try statement.verify(state.proof, key: key.vk) } catch { fatalError("verification failed: \(error)") }
            },
            Workload(name: "lora_step_rows", params: params, labels: labels, unit: .rows, batch: 1, gauge: { Double(statement.rows) }) {},
        ]
    }

    /// The proof the workloads share; they run one at a time.
    private final class State: @unchecked Sendable {
        var proof: Proof
        init(proof: Proof) { self.proof = proof }
    }
}
