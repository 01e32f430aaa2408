import PoTAlgebra
import PoTCircuits
import PoTTraining

/// The training chain (docs/training.md, "The chain"): the run record agrees with its
/// configuration and with the claim; the step proofs cover steps 0 … T−1 in order, each naming
/// the run's runId, D and S, and each starting from the commitment the previous one ended at;
/// final weights files the verifier gives commit to `C(W_T)`.
enum TrainingChecks {
    /// The positions of the train-step statement's public inputs in its instance column.
    enum Row: Int, CaseIterable {
        case runId = 0, step, before, after, datasetRoot, seedCommitment
    }

    static func run(_ bundle: EvidenceBundle, inputs: BundleVerifierInputs) -> [Check] {
        guard let claim = bundle.manifest.training else { return [] }
        var checks = [record(claim, bundle: bundle)]
        let config = try? TrainingConfig(json: bundle.parts[claim.configPart], name: "part \(claim.configPart)")
        checks.append(chain(claim, proofs: bundle.manifest.proofs, config: config))
        for (n, file) in inputs.weights.enumerated() {
            let id = "training.weights[\(n)]", title = "\(file.name) holds the weights the run ended with"
            checks.append(file.commitment == claim.finalCommitment
                ? .pass(id, title, "C(W) of its values and salt is C(W_T) = \(hex(claim.finalCommitment))")
                : .fail(id, title, "C(W) of its values and salt is \(hex(file.commitment)), the run ended at \(hex(claim.finalCommitment))"))
        }
        return checks
    }

    /// `config.json` and `run.json` read and agree (RunManifest), and say what the claim says.
    static func record(_ claim: TrainingClaim, bundle: EvidenceBundle) -> Check {
        let id = "training.run", title = "the run record and configuration are the claimed run"
        let manifest: RunManifest
        do {
            let config = try TrainingConfig(json: bundle.parts[claim.configPart], name: "part \(claim.configPart)")
            manifest = try RunManifest(config: config, runJSON: bundle.parts[claim.runPart], name: "part \(claim.runPart)")
        } catch {
            return .fail(id, title, "\(error)")
        }
        let differences = [
            ("runId", manifest.runId == claim.runId), ("T", manifest.steps == claim.steps),
            ("D", manifest.datasetRoot == claim.datasetRoot), ("S", manifest.seedCommitment == claim.seedCommitment),
            ("C(W_0)", manifest.commitments.first == claim.initialCommitment), ("C(W_T)", manifest.commitments.last == claim.finalCommitment),
        ].filter { !$0.1 }.map(\.0)
        guard differences.isEmpty else {
            return .fail(id, title, "the run record's \(differences.joined(separator: ", ")) differ from the manifest's")
        }
        return .pass(id, title, "runId \(hex(claim.runId)), \(claim.steps) steps of \(manifest.config.widths.map(String.init).joined(separator: "-")), "
                     + "batch \(manifest.config.batchSize), learning rate \(manifest.config.learningRate), hold-out accuracy \(manifest.holdoutAccuracy)")
    }

    /// The step proofs chain from `C(W_0)` to `C(W_T)` over steps 0 … T−1, each of the train-step
    /// statement the configuration fixes. Their own verification is the proofs' checks; this
    /// check reads their statements and public inputs.
    static func chain(_ claim: TrainingClaim, proofs: [ProofClaim], config: TrainingConfig?) -> Check {
        let id = "training.chain", title = "the step proofs chain C(W_0) to C(W_T) over every step"
        guard !claim.stepProofs.isEmpty else {
            return .skip(id, title, "the bundle has no step proofs: the \(claim.steps) steps are the run record's statement, not proved")
        }
        var (t, current) = (0, claim.initialCommitment)
        for (n, index) in claim.stepProofs.enumerated() {
            let values = proofs[index].publicInputs.map(\.value)
            guard values.count == Row.allCases.count else {
                return .fail(id, title, "step proof \(n) (proof \(index)) has \(values.count) public inputs, a train-step proof has \(Row.allCases.count)")
            }
            func at(_ row: Row) -> Fr { values[row.rawValue] }
            guard at(.runId) == claim.runId, at(.datasetRoot) == claim.datasetRoot, at(.seedCommitment) == claim.seedCommitment else {
                return .fail(id, title, "step proof \(n) (proof \(index)) names another runId, D or S than the run")
            }
            guard at(.step) == Fr(UInt64(t)) else {
                return .fail(id, title, "step proof \(n) (proof \(index)) starts at step \(at(.step)), the chain is at step \(t) (a gap, an overlap or a reordering)")
            }
            guard at(.before) == current else {
                return .fail(id, title, "step proof \(n) (proof \(index)) starts from \(hex(at(.before))), the chain is at \(hex(current))")
            }
            guard let k = stepsPerProof(proofs[index].statement) else {
                return .fail(id, title, "step proof \(n) (proof \(index)) is of '\(proofs[index].statement)', whose key name gives no steps=K")
            }
            // The circuit's parameters (widths, batch, η, N) are not public inputs: the key name
            // carries them, and it must be the statement the run's configuration fixes.
            guard let config else { return .fail(id, title, "the configuration does not read, so the step proofs' statement cannot be checked") }
            let expected: String
            do {
                expected = try TrainStepStatement(layers: config.widths, batch: config.batchSize, eta: config.eta,
                                                  examples: config.trainExamples, steps: k).description
            } catch {
                return .fail(id, title, "the configuration fixes no train-step statement: \(error)")
            }
            guard proofs[index].statement == expected else {
                return .fail(id, title, "step proof \(n) (proof \(index)) is of '\(proofs[index].statement)'; the configuration fixes '\(expected)'")
            }
            (t, current) = (t + k, at(.after))
        }
        guard t == claim.steps, current == claim.finalCommitment else {
            return .fail(id, title, "the step proofs end at step \(t) with \(hex(current)); the run ends at step \(claim.steps) with \(hex(claim.finalCommitment))")
        }
        return .pass(id, title, "\(claim.stepProofs.count) step proofs cover steps 0 … \(claim.steps - 1), each starting where the previous ended")
    }

    /// The steps one proof covers, from the key name's `steps=K` (docs/training.md: the steps
    /// per proof are a parameter the verifying key names).
    static func stepsPerProof(_ statement: String) -> Int? {
        let values = statement.split(separator: " ").dropFirst().compactMap { word -> Int? in
            guard word.hasPrefix("steps=") else { return nil }
            return Int(word.dropFirst("steps=".count))
        }
        guard values.count == 1, let k = values.first, k >= 1 else { return nil }
        return k
    }

    static func hex(_ x: Fr) -> String { RunDirectory.hex(x) }
}
