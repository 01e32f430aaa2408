import PoTAlgebra
import PoTCircuits
import PoTPlonk

/// Verification of a chain of `lora-step` proofs (docs/training.md, "The statement lora-step"):
/// the proofs are of the statement the key names, they cover the LoRA steps in order without
/// gaps or overlaps, and each verifies with the public inputs the chain states — the one runId,
/// the one frozen base `C(W)`, its first step, the adapters' commitments before and after it,
/// D and S — never with those the proof carries.
public enum LoRAChain {
    /// One proof of the chain and the steps it covers.
    public struct Link: Sendable {
        public let firstStep: Int
        public let steps: Int
        public let proof: Proof

        public init(firstStep: Int, steps: Int, proof: Proof) {
            (self.firstStep, self.steps, self.proof) = (firstStep, steps, proof)
        }
    }

    /// The chain's public values: runId, `C(W)`, D, S, and the adapters' commitments
    /// `C(adapters_t)` for t = `firstStep` … `firstStep + commitments.count − 1`.
    public struct Claim: Sendable {
        public let runId: Fr
        public let baseCommitment: Fr
        public let datasetRoot: Fr
        public let seedCommitment: Fr
        public let firstStep: Int
        public let commitments: [Fr]

        public init(runId: Fr, baseCommitment: Fr, datasetRoot: Fr, seedCommitment: Fr, firstStep: Int, commitments: [Fr]) {
            precondition(commitments.count >= 2 && firstStep >= 0, "a chain of at least one step")
            (self.runId, self.baseCommitment, self.datasetRoot, self.seedCommitment) = (runId, baseCommitment, datasetRoot, seedCommitment)
            (self.firstStep, self.commitments) = (firstStep, commitments)
        }

        /// The steps the chain claims.
        public var steps: Int { commitments.count - 1 }
    }

    /// Every check of the chain, in order; the chain is valid when all pass. `key` must already
    /// be anchored (its digest compared with an SRS re-derivation or a published digest).
    public static func verify(_ links: [Link], claim: Claim, statement: LoRAStepStatement, key: VerifyingKey) -> [ChainCheck] {
        let named = statement.description == key.circuit
        var checks = [ChainCheck(name: "statement", passed: named,
                                 detail: named ? statement.description : "the chain is of '\(statement.description)', the key of '\(key.circuit)'")]
        let k = statement.steps
        let expectedStarts = Array(stride(from: claim.firstStep, to: claim.firstStep + claim.steps, by: k))
        let tiled = claim.steps % k == 0 && links.map(\.firstStep) == expectedStarts && links.allSatisfy { $0.steps == k }
        checks.append(ChainCheck(name: "coverage", passed: tiled,
                                 detail: tiled ? "\(links.count) proofs of \(k) step\(k == 1 ? "" : "s") cover steps \(claim.firstStep) … \(claim.firstStep + claim.steps - 1)"
                                     : "proofs start at steps \(links.map(\.firstStep)) with \(links.map(\.steps)) steps; the chain claims \(claim.steps) steps of \(k) from step \(claim.firstStep)"))
        var failures: [String] = []
        for link in links {
            let i = link.firstStep - claim.firstStep
            guard i >= 0, link.steps >= 1, i + link.steps < claim.commitments.count else {
                failures.append("the proof of step \(link.firstStep) covers steps outside the chain")
                continue
            }
            do {
                try statement.verify(link.proof, key: key, expected: [
                    "run_id": claim.runId, "step": Fr(UInt64(link.firstStep)), "base_weights": claim.baseCommitment,
                    "adapters_before": claim.commitments[i], "adapters_after": claim.commitments[i + link.steps],
                    "dataset_root": claim.datasetRoot, "seed_commitment": claim.seedCommitment,
                ])
            } catch {
                failures.append("the proof of step \(link.firstStep): \(error)")
            }
        }
        checks.append(ChainCheck(name: "step proofs", passed: failures.isEmpty && !links.isEmpty,
                                 detail: failures.isEmpty ? "\(links.count) proofs verify with the chain's public inputs" : failures.joined(separator: "; ")))
        return checks
    }
}
