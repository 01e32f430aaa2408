import PoTCircuits
import PoTCommitments
import PoTHashing
import PoTModels
import PoTPlonk

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
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
