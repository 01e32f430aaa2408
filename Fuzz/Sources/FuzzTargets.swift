import Foundation
import PoTBehaviour
import PoTCircuits
import PoTCommitments
import PoTEvidence
import PoTHashing
import PoTModels
import PoTPlonk
import PoTServe
import PoTTraining

/// One parser under fuzzing: its name (the corpus and dictionary are named after it) and how it
/// reads one input. Every input must end in a value or a thrown error: a crash, a hang or an
/// allocation past libFuzzer's `-rss_limit_mb` is a finding (docs/fuzzing.md).
struct FuzzTarget: Sendable {
    let name: String
    let read: @Sendable ([UInt8]) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "gguf") { _ = try? ModelLayout.open(path: FuzzFile.holding($0), format: .gguf) },
        FuzzTarget(name: "safetensors") { _ = try? ModelLayout.open(path: FuzzFile.holding($0), format: .safetensors) },
        // The model runner: ggml's GGUF reader, then hyper-parameters, token ids and tensor types.
        FuzzTarget(name: "model") { bytes in
            guard let model = try? LanguageModel(path: FuzzFile.holding(bytes), contextLength: 4) else { return }
            _ = try? model.tokenizer()
        },
        FuzzTarget(name: "commitment") { _ = try? ModelCommitment(json: $0, path: "input") },
        FuzzTarget(name: "tensor-proof") { _ = try? TensorInclusionProof(json: $0, path: "input") },
        FuzzTarget(name: "srs") { _ = try? SRS.load(path: FuzzFile.holding($0)) },
        FuzzTarget(name: "ptau") { _ = try? PtauImport.read(path: FuzzFile.holding($0)) },
        FuzzTarget(name: "halo2") { _ = try? Halo2ParamsImport.read(path: FuzzFile.holding($0)) },
        FuzzTarget(name: "verifying-key") { _ = try? VerifyingKey(bytes: $0, path: "input") },
        FuzzTarget(name: "proof") { _ = try? Proof.decode($0, path: "input") },
        // As pot prove reads a key: the verifying key at its head names the statement.
        FuzzTarget(name: "proving-key") { bytes in
            let path = FuzzFile.holding(bytes)
            guard let vk = try? ProvingKey.verifyingKey(inProvingKey: path),
                  let statement = try? Statements.named(keyName: vk.circuit) else { return }
            _ = try? statement.loadKey(path: path)
        },
        // A bundle is read, then checked as `pot verify BUNDLE` checks it (every part it holds).
        FuzzTarget(name: "bundle") { bytes in
            guard let bundle = try? EvidenceBundle(bytes: bytes, path: "input") else { return }
            var inputs = BundleVerifierInputs()
            inputs.stopAtFirstFailure = true
            _ = BundleVerifier.verify(bundle, inputs: inputs)
        },
        // A behaviour transcript, verified as `pot behave verify` does without models.
        FuzzTarget(name: "transcript") { bytes in
            let lines = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            _ = try? TranscriptVerifier.verify(lines: lines, bank: FuzzTargets.bank)
        },
        // A published commitment line, then a contribution line answering it.
        FuzzTarget(name: "challenge-records") { bytes in
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 1).map(String.init)
            guard let line = lines.first, let commitment = try? CommitmentRecord.read(line, at: "input") else { return }
            if lines.count == 2 { _ = try? ContributionRecord.read(lines[1], at: "input", for: commitment) }
        },
        FuzzTarget(name: "training-config") { _ = try? TrainingConfig(json: $0, name: "input") },
        // run.json against the configuration before the first NUL byte (a run record is read
        // only with its configuration).
        FuzzTarget(name: "run-record") { bytes in
            guard let nul = bytes.firstIndex(of: 0),
                  let config = try? TrainingConfig(json: Array(bytes[..<nul]), name: "config") else { return }
            _ = try? RunManifest(config: config, runJSON: Array(bytes[(nul + 1)...]), name: "run")
        },
        FuzzTarget(name: "weights") { _ = try? WeightsFile(bytes: $0, name: "input") },
        FuzzTarget(name: "digits") { _ = try? DigitsCSV.parse($0, name: "input") },
        // A `pot serve` request body, read as the server reads it before the model sees it.
        FuzzTarget(name: "completion-request") { _ = try? CompletionRequest(json: $0, limits: ServeLimits(maxTopK: 20, maxTokens: 4096)) },
    ]

    /// The prompt bank transcripts are checked against: the shipped one (targets run from the
    /// repository's root, as scripts/fuzz.sh runs them).
    static let bank: PromptBank = {
        guard let bank = try? PromptBank.load(path: "params/prompt-bank.json") else {
            complain("pot-fuzz: run from the repository's root, where params/prompt-bank.json is")
            exit(64)
        }
        return bank
    }()

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
